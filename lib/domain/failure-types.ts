/**
 * The `type` of every ApplicationFailure the pipeline raises. Workflows match on these names
 * (retry policies, parents reading a child's failure) and operators search for them in the
 * audit log and the Web UI, so a name written twice must be the same name: it lives here only.
 * lib/domain is the one part of lib/ the workflow sandbox may import.
 */
export const FailureType = {
  /** A 4xx other than 408/429: the request itself is wrong. */
  HttpClientError: 'HttpClientError',
  /** A 5xx, 408 or 429: the source may answer next time (Retry-After honoured). */
  HttpServerError: 'HttpServerError',
  HttpTimeout: 'HttpTimeout',
  /** A payload missing a required field: the source changed its schema. */
  SchemaViolation: 'SchemaViolation',
  /** A body that is not what it claims to be (cut short, not JSON): often transient. */
  MalformedPayload: 'MalformedPayload',
  ConfigError: 'ConfigError',
  MalformedLandingFile: 'MalformedLandingFile',
  MaintenancePageLimit: 'MaintenancePageLimit',
  MaintenancePageStructureChanged: 'MaintenancePageStructureChanged',
  MaintenancePageEmpty: 'MaintenancePageEmpty',
  MaintenancePageLoadError: 'MaintenancePageLoadError',
  QualityGateFailed: 'QualityGateFailed',
  GoldPublicationFailed: 'GoldPublicationFailed',
  InvalidBackfillRange: 'InvalidBackfillRange',
  /** An operator's change an alert's status does not allow (acknowledge a resolved alert). */
  IllegalAlertTransition: 'IllegalAlertTransition',
  AlertNotFound: 'AlertNotFound',
} as const;

export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/**
 * Failure types every retry policy refuses to retry, whatever flag the thrower set: a retry
 * would fail the same way, and retrying a 4xx or a bad configuration only delays the alert.
 */
export const NON_RETRYABLE_ERROR_TYPES: readonly FailureType[] = [
  FailureType.HttpClientError,
  FailureType.SchemaViolation,
  FailureType.ConfigError,
];
