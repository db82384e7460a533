export { ingestRteRegional } from './ingest-rte-regional';
export { publishEco2mixRegionalDay } from './publish-eco2mix-regional-day';
export { ingestMaintenance } from './ingest-maintenance';
export { ingestRteNational } from './ingest-rte-national';
export { backfillRteRegional } from './backfill-rte-regional';
export { ingestReferenceData } from './ingest-reference-data';
export { ingestEra5 } from './ingest-era5';
export { watchRteRegionalFreshness } from './watch-rte-regional-freshness';
