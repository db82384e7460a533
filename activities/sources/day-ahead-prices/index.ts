import { defineSource } from '../descriptor';
import { dayAheadConfig } from './config';
import { createDayAheadFetch } from './fetch';
import { DAY_AHEAD_PRICE_DATASET } from './gates';
import { createDayAheadGates, createDayAheadGold } from './gold';
import { createDayAheadSilver } from './silver';

export const dayAheadPrices = defineSource({
  id: 'day-ahead-prices',
  title: 'Day-ahead prices, France bidding zone (ENTSO-E A44)',
  upstream: [
    'https://transparency.entsoe.eu/content/static_content/Static%20content/web%20api/Guide.html',
    'https://transparency.entsoe.eu/content/static_content/Static%20content/knowledge%20base/data-views/transmission-domain/Data-view%20Day-ahead%20Prices.html',
  ],
  config: dayAheadConfig,
  workflow: 'ingestDayAheadPrices',
  schedule: {
    id: 'day-ahead-prices-ingest',
    every: '1h',
    overlap: 'SKIP',
    catchupWindow: '1h',
    layer: 'gold',
    note: 'ENTSO-E A44 -> bronze (XML) -> silver -> gold fact_day_ahead_price',
  },
  activities: {
    ingest: (deps) => ({ dayAheadPricesToBronze: createDayAheadFetch(deps) }),
    transform: (deps) => ({
      dayAheadPriceToSilver: createDayAheadSilver(deps),
      dayAheadPriceToGold: createDayAheadGold(deps),
      checkDayAheadPriceGates: createDayAheadGates(deps),
    }),
  },
  datasets: [DAY_AHEAD_PRICE_DATASET],
  standIn: {
    description: 'SYNTHETIC day-ahead prices in ENTSO-E A44 documents (replay/entsoe-server.ts)',
    async start(_platform, config) {
      const { startEntsoeServer } = await import('../../../replay/entsoe-server');
      const server = await startEntsoeServer({ port: config.replayPort });
      return { url: server.baseUrl, close: () => server.close() };
    },
  },
});
