import path from 'node:path';
import { defineSource } from '../descriptor';
import { era5Config } from './config';
import { createEra5Fetch } from './fetch';
import { WEATHER_REGIONAL_DATASET } from './gates';
import { createWeatherGates, createWeatherRegional } from './weather';

export const era5 = defineSource({
  id: 'era5',
  title: 'ERA5 hourly weather (Copernicus), Parquet read by byte range',
  upstream: [
    'https://cds.climate.copernicus.eu/datasets/reanalysis-era5-single-levels',
    'https://confluence.ecmwf.int/display/CKB/ERA5%3A+data+documentation',
  ],
  config: era5Config,
  workflow: 'ingestEra5',
  schedule: {
    id: 'era5-ingest',
    every: '1d',
    overlap: 'SKIP',
    catchupWindow: '1d',
    layer: 'gold',
    note: 'ERA5 weather Parquet (object storage, GPS_ERA5_URL) streamed by byte range -> bronze -> weather per region and hour; skips when no URL is set',
  },
  activities: {
    ingest: (deps) => ({ era5ToBronze: createEra5Fetch(deps) }),
    transform: (deps) => ({
      weatherRegionalToGold: createWeatherRegional(deps),
      checkWeatherRegionalGates: createWeatherGates(deps),
    }),
  },
  datasets: [WEATHER_REGIONAL_DATASET],
  standIn: {
    description: 'a SYNTHETIC ERA5 Parquet served by byte range (replay/era5-replay.ts)',
    async start(platform, config) {
      const { startEra5ReplayObjectStore } = await import('../../../replay/era5-replay');
      const store = await startEra5ReplayObjectStore({
        port: config.replayPort,
        dir: path.join(platform.dataDir, 'replay'),
      });
      return { url: config.url ?? '', close: () => store.close() };
    },
  },
});
