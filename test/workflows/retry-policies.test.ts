import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { IngestRteRegionalResult } from '../../workflows/ingest-rte-regional';
import {
  failureTypes,
  gapsBetween,
  INGEST_QUEUE,
  recordAttempt,
  timeSkippingSuite,
  TRANSFORM_QUEUE,
  withWorkers,
  type Attempt,
} from '../helpers/time-skipping';

/**
 * The retry policies of workflows/retry-policies.ts as the server applies them: the attempts an
 * activity gets and the backoff between them, measured in the test server's skipped time.
 */

const suite = timeSkippingSuite();

let runs = 0;
function ingestRegional(): Promise<IngestRteRegionalResult> {
  return suite.env.client.workflow.execute('ingestRteRegional', {
    taskQueue: INGEST_QUEUE,
    workflowId: `retries-${++runs}`,
    args: [{ transformTaskQueue: TRANSFORM_QUEUE }],
  });
}

const nothingNew = { source: 'rte-regional', since: '2025-02-20T00:00:00Z', objects: [], records: 0 };
const onePage = {
  source: 'rte-regional',
  since: '2025-02-20T00:00:00Z',
  objects: [{ key: 'bronze/p1.json', sha256: 'a', bytes: 10, records: 5, isNew: true }],
  records: 5,
  maxInstant: '2025-02-20T00:45:00Z',
};

test('a source fetch failing twice with a retryable error succeeds on attempt 3, after 2 s then 4 s', async () => {
  const attempts: Attempt[] = [];
  const result = await withWorkers(
    suite.env,
    {
      ingest: {
        async rteRegionalToBronze() {
          const { attempt } = await recordAttempt(suite.env, attempts);
          if (attempt < 3) throw ApplicationFailure.retryable('503 from ODRE', 'HttpServerError');
          return nothingNew;
        },
      },
    },
    ingestRegional,
  );
  expect(result.records).toBe(0);
  expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  // SOURCE_FETCH: initialInterval 2 s, backoffCoefficient 2.
  const [first, second] = gapsBetween(attempts, 'rteRegionalToBronze');
  expect(first).toBeGreaterThanOrEqual(2_000);
  expect(first).toBeLessThan(3_000);
  expect(second).toBeGreaterThanOrEqual(4_000);
  expect(second).toBeLessThan(5_000);
});

test('a transform step failing twice is retried after 1 s then 2 s', async () => {
  const attempts: Attempt[] = [];
  const result = await withWorkers(
    suite.env,
    {
      ingest: {
        async rteRegionalToBronze() {
          return onePage;
        },
        async advanceSourceWatermark({ to }) {
          return to;
        },
      },
      transform: {
        async eco2mixRegionalToSilver() {
          const { attempt } = await recordAttempt(suite.env, attempts);
          if (attempt < 3) throw ApplicationFailure.retryable('database is locked', 'SqliteBusy');
          return { days: [], rows: 5, rejected: 0, unknownColumns: [] };
        },
      },
    },
    ingestRegional,
  );
  expect(result.silverRows).toBe(5);
  expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  // TRANSFORM: initialInterval 1 s, backoffCoefficient 2.
  const [first, second] = gapsBetween(attempts, 'eco2mixRegionalToSilver');
  expect(first).toBeGreaterThanOrEqual(1_000);
  expect(first).toBeLessThan(2_000);
  expect(second).toBeGreaterThanOrEqual(2_000);
  expect(second).toBeLessThan(3_000);
});

test("a source's Retry-After replaces the policy's backoff", async () => {
  const attempts: Attempt[] = [];
  await withWorkers(
    suite.env,
    {
      ingest: {
        async rteRegionalToBronze() {
          const { attempt } = await recordAttempt(suite.env, attempts);
          if (attempt === 1) {
            // What activities/errors.ts makes of a 429 with Retry-After: 90.
            throw ApplicationFailure.create({
              message: '429 Too Many Requests',
              type: 'HttpServerError',
              nextRetryDelay: '90s',
            });
          }
          return nothingNew;
        },
      },
    },
    ingestRegional,
  );
  const [gap] = gapsBetween(attempts, 'rteRegionalToBronze');
  expect(gap).toBeGreaterThanOrEqual(90_000);
  expect(gap).toBeLessThan(91_000);
});

test.each(['HttpClientError', 'SchemaViolation', 'ConfigError'])(
  'a %s is not retried: one attempt, and the run fails with it',
  async (type) => {
    const attempts: Attempt[] = [];
    // Thrown as retryable: the policy's nonRetryableErrorTypes alone must stop the retries.
    const failure = await withWorkers(
      suite.env,
      {
        ingest: {
          async rteRegionalToBronze() {
            await recordAttempt(suite.env, attempts);
            throw ApplicationFailure.retryable('permanent', type);
          },
        },
      },
      () => ingestRegional().catch((err: unknown) => err),
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(failureTypes(failure)).toEqual([type]);
    expect(attempts).toHaveLength(1);
  },
);

test('a retryable failure gives up after maximumAttempts (8 for a source), having waited the capped backoff', async () => {
  const attempts: Attempt[] = [];
  const failure = await withWorkers(
    suite.env,
    {
      ingest: {
        async rteRegionalToBronze() {
          await recordAttempt(suite.env, attempts);
          throw ApplicationFailure.retryable('still down', 'HttpServerError');
        },
      },
    },
    () => ingestRegional().catch((err: unknown) => err),
  );
  expect(failureTypes(failure)).toEqual(['HttpServerError']);
  expect(attempts).toHaveLength(8);
  // 2, 4, 8, 16, 32, 64 s, then capped at maximumInterval 2 min.
  const gaps = gapsBetween(attempts, 'rteRegionalToBronze').map((ms) => Math.floor(ms / 1000));
  expect(gaps).toEqual([2, 4, 8, 16, 32, 64, 120]);
});
