import type { ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERROR_TYPES } from '../lib/domain/failure-types';

/** Network calls: exponential backoff from 2 s to 2 min; a Retry-After from the source overrides it. */
export const SOURCE_FETCH: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
};

/** Lake and database steps: shorter backoff, the failures worth retrying are locks and restarts. */
export const TRANSFORM: ActivityOptions = {
  startToCloseTimeout: '15 minutes',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 6,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
};

/** The freshness probe: short, and not worth retrying for long since the next probe comes soon. */
export const PROBE: ActivityOptions = {
  startToCloseTimeout: '20s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumAttempts: 2,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
};
