import { odreConfig } from '../../bronze/odre-config';
import { createEco2mixFetch, RTE_NATIONAL } from '../../bronze/odre-fetch';
import { odreStandIn } from '../../bronze/odre-stand-in';
import { defineSource } from '../descriptor';
import { createEco2mixNationalGold, ECO2MIX_NATIONAL_GATES } from './gold';
import { createEco2mixNationalSilver, NATIONAL_DATASET } from './silver';

export const rteNational = defineSource({
  id: 'rte-national',
  title: 'RTE eCO2mix national, real time (ODRE)',
  upstream: ['https://odre.opendatasoft.com/explore/dataset/eco2mix-national-tr/information/'],
  config: odreConfig,
  workflow: 'ingestRteNational',
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
  datasets: [
    {
      name: NATIONAL_DATASET,
      goldTables: [
        'fact_national_balance',
        'fact_national_flow',
        'fact_national_breakdown',
        'fact_national_exchange',
      ],
      gates: ECO2MIX_NATIONAL_GATES,
    },
  ],
  standIn: odreStandIn,
});
