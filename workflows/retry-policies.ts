import type { ActivityOptions } from '@temporalio/workflow';
import { FailureType, NON_RETRYABLE_ERROR_TYPES } from '../lib/domain/failure-types';

/**
 * A worker that dies mid-activity (kill -9, OOM, lost host) reports nothing: the server only
 * notices when the heartbeat timeout expires, then waits the retry's initial interval. Every
 * activity under these policies heartbeats through `audited()` (activities/heartbeat.ts) at a
 * quarter of this timeout, and the SDK forwards a heartbeat at most every 80 % of it, so 20 s
 * leaves 4 s for a synchronous Polars or SQLite step to hold the event loop between two of them.
 * Kill to attempt 2: at most 20 s + the initial interval, under the 30 s recovery objective.
 */
const CRASH_DETECTION = '20 seconds';

/** Network calls: exponential backoff from 2 s to 2 min; a Retry-After from the source overrides it. */
export const SOURCE_FETCH: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: CRASH_DETECTION,
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
  heartbeatTimeout: CRASH_DETECTION,
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 6,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
};

/**
 * The freshness probe: short, and not worth retrying for long since the next probe comes soon.
 * One HTTP request, no heartbeat: its 20 s start-to-close already bounds a crashed attempt.
 */
export const PROBE: ActivityOptions = {
  startToCloseTimeout: '20s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumAttempts: 2,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
};

/**
 * Alert notifications (webhook, e-mail): a receiver may be down for a while, so back off from
 * 5 s to 10 min over 12 attempts (about an hour in all); a Retry-After from the receiver
 * overrides the interval, a 4xx other than 408/429 stops at once. One short request per attempt:
 * no heartbeat, the start-to-close bounds a crashed attempt.
 */
export const NOTIFY: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
};

/**
 * Writes the API asks the workers for (the API's database principal is read-only): one small
 * transaction, retried without a limit from 1 s to 1 min, so that once asked the write lands as
 * soon as a worker and the database are there, even if the API stopped waiting. A refusal (an
 * unknown alert, a transition its status forbids) is final.
 */
export const OPERATOR_WRITE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.AlertNotFound, FailureType.IllegalAlertTransition],
  },
};
