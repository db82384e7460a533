import { odreConfig } from '../../bronze/odre-config';
import { createEco2mixFetch, RTE_NATIONAL } from '../../bronze/odre-fetch';
import { odreStandIn } from '../../bronze/odre-stand-in';
import { defineSource } from '../descriptor';
import { ECO2MIX_NATIONAL_DATASET } from './gates';
import { createEco2mixNationalGold } from './gold';
import { createEco2mixNationalSilver } from './silver';

export const rteNational = defineSource({
  id: 'rte-national',
  title: 'RTE eCO2mix national, real time (ODRE)',
  upstream: ['https://odre.opendatasoft.com/explore/dataset/eco2mix-national-tr/information/'],
  config: odreConfig,
  workflow: 'ingestRteNational',
  otherWorkflows: ['publishEco2mixNationalDay'],
  schedule: {
    id: 'rte-national-ingest',
    every: '15m',
    overlap: 'SKIP',
    catchupWindow: '1h',
    layer: 'gold',
    note: 'RTE eCO2mix national real-time -> bronze -> silver -> gold (taux_co2 cross-check)',
  },
  activities: {
    ingest: (deps) => ({ rteNationalToBronze: createEco2mixFetch(deps, RTE_NATIONAL) }),
    transform: (deps) => ({
      eco2mixNationalToSilver: createEco2mixNationalSilver(deps),
      ...createEco2mixNationalGold(deps),
    }),
  },
  datasets: [ECO2MIX_NATIONAL_DATASET],
  standIn: odreStandIn,
});
