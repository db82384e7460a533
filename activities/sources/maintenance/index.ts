import { defineSource } from '../descriptor';
import { maintenanceConfig } from './config';
import { MAINTENANCE_DATASET } from './gates';
import { createMaintenanceGates, createMaintenanceGold } from './gold';
import { createMaintenanceScrape } from './scrape';
import { createMaintenanceSilver } from './silver';

export const maintenance = defineSource({
  id: 'maintenance',
  title: 'Grid maintenance page, scraped with Chromium',
  // The page scraped is named by the operator (GPS_MAINTENANCE_URL); what it lists is defined here.
  upstream: [
    'https://transparency.entsoe.eu/outage-domain/r2/unavailabilityOfProductionAndGenerationUnits/show',
  ],
  config: maintenanceConfig,
  workflow: 'ingestMaintenance',
  schedule: {
    id: 'maintenance-scrape',
    every: '1h',
    overlap: 'SKIP',
    catchupWindow: '1h',
    layer: 'gold',
    note: 'grid maintenance page (Chromium) -> bronze (HTML + JSON) -> silver -> gold fact_maintenance_event',
  },
  activities: {
    ingest: (deps) => ({ maintenanceToBronze: createMaintenanceScrape(deps) }),
    transform: (deps) => ({
      maintenanceToSilver: createMaintenanceSilver(deps),
      maintenanceToGold: createMaintenanceGold(deps),
      checkMaintenanceGates: createMaintenanceGates(deps),
    }),
  },
  datasets: [MAINTENANCE_DATASET],
  standIn: {
    description: 'a SYNTHETIC maintenance listing page (replay/maintenance-site.ts)',
    async start(_platform, config) {
      const { startMaintenanceSite } = await import('../../../replay/maintenance-site');
      const site = await startMaintenanceSite({ port: config.replayPort });
      return { url: site.pageUrl, close: () => site.close() };
    },
  },
});
