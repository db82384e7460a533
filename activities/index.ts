import type { ActivityDeps } from './deps';
import { audited } from './audit';
import {
  createEco2mixExportChunk,
  createEco2mixFetch,
  createEco2mixProbe,
  RTE_NATIONAL,
  RTE_REGIONAL,
  RTE_REGIONAL_HISTORY,
} from './sources/rte-eco2mix';
import { createEco2mixNationalSilver } from './silver/eco2mix-national';
import { createEco2mixNationalGold } from './gold/eco2mix-national';
import { createEco2mixRegionalSilver } from './silver/eco2mix-regional';
import { createEco2mixRegionalGold } from './gold/eco2mix-regional';
import { advanceWatermark } from './watermark';
import { createMaintenanceScrape } from './sources/maintenance';
import { createMaintenanceSilver } from './silver/maintenance';
import { createMaintenanceGold } from './gold/maintenance';
import { createLandingZoneReceiver } from './sources/landing-zone';
import { createReferenceSitesExtract } from './sources/reference-sites';
import { createRegistryActivities } from './registry';
import { createInstalledCapacitySilver } from './silver/installed-capacity';
import { createInstalledCapacityGold } from './gold/installed-capacity';
import { createRegionDemographicsGold } from './gold/region-demographics';
import { createReferenceSitesSilver } from './silver/reference-sites';
import { createEra5Fetch } from './sources/era5';
import { createWeatherRegional } from './silver/weather-regional';
import { createScheduleChangeActivities } from './schedule-changes';

export type { ActivityDeps } from './deps';

/** I/O-bound activities: sources into Bronze, watermarks. Registered on the ingest task queue. */
export function createIngestActivities(deps: ActivityDeps) {
  return {
    fetchRteRegionalToBronze: createEco2mixFetch(deps, RTE_REGIONAL),
    scrapeMaintenanceToBronze: createMaintenanceScrape(deps),
    fetchRteNationalToBronze: createEco2mixFetch(deps, RTE_NATIONAL),
    receiveLandingFiles: createLandingZoneReceiver(deps),
    extractReferenceSitesToBronze: createReferenceSitesExtract(deps),
    fetchEra5ToBronze: createEra5Fetch(deps),
    ...createRegistryActivities(deps),
    ...createScheduleChangeActivities(deps),
    fetchRteRegionalHistoryChunk: createEco2mixExportChunk(deps, RTE_REGIONAL_HISTORY),
    probeRteRegionalLatest: createEco2mixProbe(deps, RTE_REGIONAL),
    async advanceSourceWatermark(input: { source: string; to: string }): Promise<string> {
      const outcome = await audited(deps.db, 'advance-watermark', input.source, async () => {
        const watermark = await advanceWatermark(deps.db, input.source, input.to);
        return { details: { watermark }, watermark };
      });
      return outcome.watermark;
    },
  };
}

/** CPU/memory-heavy activities: Polars cleaning and SQL loads. Registered on the transform task queue. */
export function createTransformActivities(deps: ActivityDeps) {
  return {
    era5ToWeatherGold: createWeatherRegional(deps),
    bronzeToSilverEco2mixRegional: createEco2mixRegionalSilver(deps),
    ...createEco2mixRegionalGold(deps),
    bronzeToSilverMaintenance: createMaintenanceSilver(deps),
    loadGoldMaintenance: createMaintenanceGold(deps),
    bronzeToSilverEco2mixNational: createEco2mixNationalSilver(deps),
    ...createEco2mixNationalGold(deps),
    capacityToSilver: createInstalledCapacitySilver(deps),
    loadGoldInstalledCapacity: createInstalledCapacityGold(deps),
    loadRegionDemographics: createRegionDemographicsGold(deps),
    referenceSitesToSilver: createReferenceSitesSilver(deps),
  };
}

export type IngestActivities = ReturnType<typeof createIngestActivities>;
export type TransformActivities = ReturnType<typeof createTransformActivities>;
