import { ApplicationFailure } from '@temporalio/common';
import { toActivityFailure } from '../../activities/errors';
import { HttpStatusError, HttpTimeoutError, PayloadError } from '../../lib/http/odre-client';
import { ConfigError } from '../../lib/config';
import { FailureType } from '../../lib/domain/failure-types';

const failure = (err: unknown) => toActivityFailure(err) as ApplicationFailure;

test.each([
  [new HttpStatusError('u', 404, undefined, ''), FailureType.HttpClientError, true],
  [new HttpStatusError('u', 400, undefined, ''), FailureType.HttpClientError, true],
  [new HttpStatusError('u', 408, undefined, ''), FailureType.HttpServerError, false],
  [new HttpStatusError('u', 503, undefined, ''), FailureType.HttpServerError, false],
  [new PayloadError('m', 'schema', ''), FailureType.SchemaViolation, true],
  [new PayloadError('m', 'malformed', ''), FailureType.MalformedPayload, false],
  [new HttpTimeoutError('m'), FailureType.HttpTimeout, false],
  [new ConfigError('m'), FailureType.ConfigError, true],
])('%s becomes %s (non-retryable: %s)', (err, type, nonRetryable) => {
  expect(failure(err)).toBeInstanceOf(ApplicationFailure);
  expect([failure(err).type, failure(err).nonRetryable]).toEqual([type, nonRetryable]);
});

test('Retry-After sets the next retry delay', () => {
  expect(failure(new HttpStatusError('u', 429, 7_000, '')).nextRetryDelay).toBe(7_000);
  expect(failure(new HttpStatusError('u', 503, undefined, '')).nextRetryDelay).toBeUndefined();
});

test('unknown errors pass through to the retry policy unchanged', () => {
  const err = new Error('disk full');
  expect(toActivityFailure(err)).toBe(err);
});
