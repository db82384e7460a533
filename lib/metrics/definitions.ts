/**
 * Every metric this platform exports, declared together so docs/operations.md, the alert rules
 * and the code agree on names and labels. Temporal's own metrics (`temporal_*`) come from the
 * SDK's runtime on its own port (lib/metrics/temporal-runtime.ts), not from this registry.
 */
export const METRIC_DEFINITIONS = {
  httpRequestDuration: {
    kind: 'histogram',
    name: 'http_request_duration_seconds',
    help: 'API request latency by route template (not the raw path, to bound cardinality) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  apiErrors: {
    kind: 'counter',
    name: 'api_errors_total',
    help: 'API error responses by error code (the `code` of the JSON error body)',
    labelNames: ['code'],
  },
  apiAuthFailures: {
    kind: 'counter',
    name: 'api_auth_failures_total',
    help: 'Requests refused by authentication or authorization, by reason',
    labelNames: ['reason'],
  },
  datasetRows: {
    kind: 'counter',
    name: 'gps_dataset_rows_total',
    help: 'Rows written by successful ingestion steps, by dataset and medallion layer',
    labelNames: ['dataset', 'layer'],
  },
  gateFailures: {
    kind: 'counter',
    name: 'gps_gate_failures_total',
    help: 'Quality gate checks that failed, by dataset, gate and severity (blocking or warning)',
    labelNames: ['dataset', 'gate', 'severity'],
  },
  sourceFreshness: {
    kind: 'gauge',
    name: 'gps_source_freshness_seconds',
    help: "Seconds between now and the source's watermark (the newest instant published to Gold), since this worker last advanced it",
    labelNames: ['source'],
  },
} as const satisfies Record<string, MetricDefinition>;

export interface MetricDefinition {
  kind: 'counter' | 'gauge' | 'histogram';
  name: string;
  help: string;
  labelNames: readonly string[];
  buckets?: readonly number[];
}

export type MetricKey = keyof typeof METRIC_DEFINITIONS;
