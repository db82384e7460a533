import { defineSource } from '../descriptor';
import { createInstalledCapacityGates, createInstalledCapacityGold } from './capacity-gold';
import { createInstalledCapacitySilver } from './capacity-silver';
import { referenceDataConfig } from './config';
import { createRegionDemographicsGates, createRegionDemographicsGold } from './demographics-gold';
import { INSTALLED_CAPACITY_DATASET, REGION_DEMOGRAPHICS_DATASET } from './gates';
import { createLandingZoneReceiver } from './landing-zone';
import { createReferenceSitesExtract } from './sites-extract';
import { createReferenceSitesSilver } from './sites-silver';

export const referenceData = defineSource({
  id: 'reference-data',
  title:
    'Reference data: landing-zone CSV files (capacity, demographics) and the reference SQL database (sites)',
  upstream: [
    'https://odre.opendatasoft.com/explore/dataset/registre-national-installation-production-stockage-electricite-agrege/information/',
    'https://www.insee.fr/fr/statistiques/1893198',
  ],
  config: referenceDataConfig,
  workflow: 'ingestReferenceData',
  schedule: {
    id: 'reference-data-ingest',
    every: '15m',
    overlap: 'SKIP',
    catchupWindow: '1h',
    layer: 'gold',
    note: 'landing zone (capacity, demographics CSV) + reference SQL DB (sites) -> bronze -> silver/gold; asset registry sweep',
  },
  activities: {
    ingest: (deps) => ({
      landingZoneToBronze: createLandingZoneReceiver(deps),
      referenceSitesToBronze: createReferenceSitesExtract(deps),
    }),
    transform: (deps) => ({
      referenceSitesToSilver: createReferenceSitesSilver(deps),
      installedCapacityToSilver: createInstalledCapacitySilver(deps),
      installedCapacityToGold: createInstalledCapacityGold(deps),
      regionDemographicsToGold: createRegionDemographicsGold(deps),
      checkInstalledCapacityGates: createInstalledCapacityGates(deps),
      checkRegionDemographicsGates: createRegionDemographicsGates(deps),
    }),
  },
  datasets: [INSTALLED_CAPACITY_DATASET, REGION_DEMOGRAPHICS_DATASET],
});
