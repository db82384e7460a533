import { odreConfig } from '../../bronze/odre-config';
import { odreStandIn } from '../../bronze/odre-stand-in';
import {
  createEco2mixExportChunk,
  createEco2mixFetch,
  createEco2mixProbe,
  RTE_REGIONAL,
  RTE_REGIONAL_HISTORY,
} from '../../bronze/odre-fetch';
import { defineSource } from '../descriptor';
import { ECO2MIX_REGIONAL_DATASET } from './gates';
import { createEco2mixRegionalGold } from './gold';
import { createEco2mixRegionalSilver } from './silver';

export const rteRegional = defineSource({
  id: 'rte-regional',
  title: 'RTE eCO2mix regional, real time (ODRE)',
  upstream: [
    'https://odre.opendatasoft.com/explore/dataset/eco2mix-regional-tr/information/',
    'https://odre.opendatasoft.com/explore/dataset/eco2mix-regional-cons-def/information/',
  ],
  config: odreConfig,
  workflow: 'ingestRteRegional',
  otherWorkflows: ['publishEco2mixRegionalDay', 'backfillRteRegional', 'watchRteRegionalFreshness'],
  schedule: {
    id: 'rte-regional-ingest',
    every: '15m',
    overlap: 'SKIP',
    catchupWindow: '1h',
    layer: 'gold',
    note: 'RTE eCO2mix regional real-time -> bronze -> silver -> gold',
  },
  activities: {
    ingest: (deps) => ({
      rteRegionalToBronze: createEco2mixFetch(deps, RTE_REGIONAL),
      rteRegionalHistoryToBronze: createEco2mixExportChunk(deps, RTE_REGIONAL_HISTORY),
      probeRteRegionalLatest: createEco2mixProbe(deps, RTE_REGIONAL),
    }),
    transform: (deps) => ({
      eco2mixRegionalToSilver: createEco2mixRegionalSilver(deps),
      ...createEco2mixRegionalGold(deps),
    }),
  },
  datasets: [ECO2MIX_REGIONAL_DATASET],
  standIn: odreStandIn,
});
