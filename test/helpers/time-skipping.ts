import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { IngestActivities, TransformActivities } from '../../activities';
import { resolveTemporalTestServer } from '../../lib/temporal-cli';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { workflowBundle } from './temporal';

/**
 * Workflow tests on the time-skipping test server: the real workflow bundle, activities replaced
 * by plain functions typed against the real ones (a renamed activity or a changed result shape
 * fails the typecheck), timers and retry backoff skipped instead of waited for.
 */

export const INGEST_QUEUE = 'wf-ingest';
export const TRANSFORM_QUEUE = 'wf-transform';

/**
 * Starts a test server for each test and stops it after; `suite.env` is the running environment
 * inside tests and hooks. One server per test (about 0.1 s to start) because the test server
 * never releases its clock after an abandoned child, such as the alert evaluation, outlives its
 * parent (temporalio/sdk-typescript#1101, sdk-java#2392): every later timer on that server would
 * be waited for in real time.
 */
export function timeSkippingSuite(): { readonly env: TestWorkflowEnvironment } {
  let env: TestWorkflowEnvironment | undefined;
  beforeEach(async () => {
    env = await startTimeSkipping();
  });
  afterEach(async () => {
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the time-skipping test server is not started yet');
      return env;
    },
  };
}

export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: {
        type: 'existing-path',
        path: resolveTemporalTestServer(process.env.TEMPORAL_TEST_SERVER_PATH),
      },
    },
  });
  // The workflows upsert these and an unknown one fails the workflow task. The test server has
  // no ListSearchAttributes, so workers/search-attributes-setup.ts cannot be used; it starts empty.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      ALL_SEARCH_ATTRIBUTES.map((k) => [
        k.name,
        temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${k.type}`],
      ]),
    ),
  });
  return env;
}

export interface Stubs {
  /** On the workflows' queue, as in workers/workers.ts. */
  ingest?: Partial<IngestActivities>;
  /** On the transform queue the workflows are given. */
  transform?: Partial<TransformActivities>;
}

/**
 * A published regional window starts the alert evaluation as an abandoned child; unless a test
 * is about alerts, it evaluates nothing, so no child keeps retrying behind the test's back.
 */
const QUIET_ALERTS: Partial<TransformActivities> = {
  async evaluateAlertRules({ from, to }) {
    return { window: { from, to }, rows: 0, priceRows: 0, transitions: [], kinds: [] };
  },
};

/** Runs `body` while workers serve the workflows and the stubs, then stops them. */
export async function withWorkers<T>(env: TestWorkflowEnvironment, stubs: Stubs, body: () => Promise<T>) {
  const ingest = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: INGEST_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: stubs.ingest ?? {},
  });
  const transform = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TRANSFORM_QUEUE,
    activities: { ...QUIET_ALERTS, ...stubs.transform },
  });
  return ingest.runUntil(transform.runUntil(body));
}

/** An activity attempt: its number, and the server's (skipped) clock when it ran. */
export interface Attempt {
  activity: string;
  workflowId: string;
  attempt: number;
  atMs: number;
}

/**
 * Called at the top of a stub: records the attempt in `log` and returns it. The time is asked of
 * the server: the attempt's scheduled timestamp on the test server is when the previous attempt
 * failed, not when the backoff let this one start.
 */
export async function recordAttempt(env: TestWorkflowEnvironment, log: Attempt[]): Promise<Attempt> {
  const info = Context.current().info;
  const attempt = {
    activity: info.activityType,
    workflowId: info.workflowExecution?.workflowId ?? '',
    attempt: info.attempt,
    atMs: await env.currentTimeMs(),
  };
  log.push(attempt);
  return attempt;
}

/** Milliseconds between consecutive attempts of one activity: the backoff the server applied. */
export function gapsBetween(log: Attempt[], activity: string): number[] {
  const times = log.filter((a) => a.activity === activity).map((a) => a.atMs);
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

/** The failure types along a cause chain, outermost first (workflow -> child -> activity). */
export function failureTypes(err: unknown): string[] {
  const types: string[] = [];
  for (let e = err as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.type) types.push(e.type);
  }
  return types;
}

/** A promise the test resolves: an activity waits on it so the test can look at a run mid-way. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
