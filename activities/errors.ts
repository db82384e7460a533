import { ApplicationFailure } from '@temporalio/common';
import { HttpStatusError, HttpTimeoutError, PayloadError } from '../lib/http/odre-client';

/** Error types Temporal must not retry: a retry would fail the same way. */
export const NON_RETRYABLE_ERROR_TYPES = ['HttpClientError', 'SchemaViolation', 'ConfigError'];

/**
 * Maps the typed errors of lib/ onto Temporal failures: permanent ones are non-retryable, a 429
 * or 503 with Retry-After sets the next retry delay, everything else keeps the policy's backoff.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof HttpStatusError) {
    if (!err.retryable) {
      return ApplicationFailure.create({ message: err.message, type: 'HttpClientError', nonRetryable: true });
    }
    return ApplicationFailure.create({
      message: err.message,
      type: 'HttpServerError',
      nextRetryDelay: err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, 1) : undefined,
    });
  }
  if (err instanceof PayloadError) {
    return err.kind === 'schema'
      ? ApplicationFailure.create({ message: err.message, type: 'SchemaViolation', nonRetryable: true })
      : ApplicationFailure.create({ message: err.message, type: 'MalformedPayload' });
  }
  if (err instanceof HttpTimeoutError) {
    return ApplicationFailure.create({ message: err.message, type: 'HttpTimeout' });
  }
  if (err instanceof Error && err.name === 'ConfigError') {
    return ApplicationFailure.create({ message: err.message, type: 'ConfigError', nonRetryable: true });
  }
  return err;
}
