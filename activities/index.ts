import type { ActivityDeps } from './deps';
import { audited } from './audit';
import {
  createEco2mixExportChunk,
  createEco2mixFetch,
  createEco2mixProbe,
  RTE_NATIONAL,
  RTE_REGIONAL,
  RTE_REGIONAL_HISTORY,
} from './bronze/odre-fetch';
import { createEco2mixNationalSilver } from './sources/rte-national/silver';
import { createEco2mixNationalGold } from './sources/rte-national/gold';
import { createEco2mixRegionalSilver } from './sources/rte-regional/silver';
import { createEco2mixRegionalGold } from './sources/rte-regional/gold';
import { advanceWatermark } from './watermark';
import { createMaintenanceScrape } from './sources/maintenance/scrape';
import { createMaintenanceSilver } from './sources/maintenance/silver';
import { createMaintenanceGold } from './sources/maintenance/gold';
import { createLandingZoneReceiver } from './sources/reference-data/landing-zone';
import { createReferenceSitesExtract } from './sources/reference-data/sites-extract';
import { createRegistryActivities } from './asset-registry';
import { createInstalledCapacitySilver } from './sources/reference-data/capacity-silver';
import { createInstalledCapacityGold } from './sources/reference-data/capacity-gold';
import { createRegionDemographicsGold } from './sources/reference-data/demographics-gold';
import { createReferenceSitesSilver } from './sources/reference-data/sites-silver';
import { createEra5Fetch } from './sources/era5/fetch';
import { createWeatherRegional } from './sources/era5/weather';
import { createScheduleChangeActivities } from './schedule-changes';
import { createMaintenanceGates } from './sources/maintenance/gold';
import { createWeatherGates } from './sources/era5/weather';
import { createInstalledCapacityGates } from './sources/reference-data/capacity-gold';
import { createRegionDemographicsGates } from './sources/reference-data/demographics-gold';

export type { ActivityDeps } from './deps';

/** I/O-bound activities: sources into Bronze, watermarks. Registered on the ingest task queue. */
export function createIngestActivities(deps: ActivityDeps) {
  return {
    rteRegionalToBronze: createEco2mixFetch(deps, RTE_REGIONAL),
    maintenanceToBronze: createMaintenanceScrape(deps),
    rteNationalToBronze: createEco2mixFetch(deps, RTE_NATIONAL),
    landingZoneToBronze: createLandingZoneReceiver(deps),
    referenceSitesToBronze: createReferenceSitesExtract(deps),
    era5ToBronze: createEra5Fetch(deps),
    ...createRegistryActivities(deps),
    ...createScheduleChangeActivities(deps),
    rteRegionalHistoryToBronze: createEco2mixExportChunk(deps, RTE_REGIONAL_HISTORY),
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
    weatherRegionalToGold: createWeatherRegional(deps),
    eco2mixRegionalToSilver: createEco2mixRegionalSilver(deps),
    ...createEco2mixRegionalGold(deps),
    maintenanceToSilver: createMaintenanceSilver(deps),
    maintenanceToGold: createMaintenanceGold(deps),
    eco2mixNationalToSilver: createEco2mixNationalSilver(deps),
    ...createEco2mixNationalGold(deps),
    installedCapacityToSilver: createInstalledCapacitySilver(deps),
    installedCapacityToGold: createInstalledCapacityGold(deps),
    regionDemographicsToGold: createRegionDemographicsGold(deps),
    referenceSitesToSilver: createReferenceSitesSilver(deps),
    checkWeatherRegionalGates: createWeatherGates(deps),
    checkMaintenanceGates: createMaintenanceGates(deps),
    checkInstalledCapacityGates: createInstalledCapacityGates(deps),
    checkRegionDemographicsGates: createRegionDemographicsGates(deps),
  };
}

export type IngestActivities = ReturnType<typeof createIngestActivities>;
export type TransformActivities = ReturnType<typeof createTransformActivities>;
