import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../lib/domain/failure-types';
import { HttpStatusError, HttpTimeoutError, PayloadError } from '../lib/http/odre-client';

/**
 * Maps the typed errors of lib/ onto Temporal failures: permanent ones are non-retryable, a 429
 * or 503 with Retry-After sets the next retry delay, everything else keeps the policy's backoff.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof HttpStatusError) {
    if (!err.retryable) {
      return ApplicationFailure.create({
        message: err.message,
        type: FailureType.HttpClientError,
        nonRetryable: true,
      });
    }
    return ApplicationFailure.create({
      message: err.message,
      type: FailureType.HttpServerError,
      nextRetryDelay: err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, 1) : undefined,
    });
  }
  if (err instanceof PayloadError) {
    return err.kind === 'schema'
      ? ApplicationFailure.create({
          message: err.message,
          type: FailureType.SchemaViolation,
          nonRetryable: true,
        })
      : ApplicationFailure.create({ message: err.message, type: FailureType.MalformedPayload });
  }
  if (err instanceof HttpTimeoutError) {
    return ApplicationFailure.create({ message: err.message, type: FailureType.HttpTimeout });
  }
  if (err instanceof Error && err.name === 'ConfigError') {
    return ApplicationFailure.create({
      message: err.message,
      type: FailureType.ConfigError,
      nonRetryable: true,
    });
  }
  return err;
}
