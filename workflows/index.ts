export { ingestRteRegional } from './ingest-rte-regional';
