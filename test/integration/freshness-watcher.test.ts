import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { syntheticEco2mixRegional } from '../../replay/synthetic-eco2mix';
import { watcherStateQuery } from '../../workflows/watch-rte-regional-freshness';
import { ensureFreshnessWatcher, FRESHNESS_WATCHER_ID } from '../../workers/freshness-watcher';
import { startDevServer } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';

/**
 * The freshness watcher on the real dev server: it probes the replay server every second,
 * ingests only when a new quarter-hour appears, and keeps going across continue-as-new.
 */

let env: TestWorkflowEnvironment;
let platform: TestPlatform;

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env, {
    GPS_FRESHNESS_PROBE_SECONDS: '1',
    GPS_FRESHNESS_DENSE_PROBE_SECONDS: '1',
    // A probe a second is 86 400 a day: far over the real budget, which the config would refuse.
    GPS_FRESHNESS_DAILY_REQUESTS: '200000',
  });
});

afterAll(async () => {
  await env?.client.workflow
    .getHandle(FRESHNESS_WATCHER_ID)
    .terminate('test over')
    .catch(() => undefined);
  await platform?.stop();
  await env?.teardown();
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const goldRowsAt = async (ts: string) => {
  const [row] = await platform.db('fact_regional_balance').where({ ts_utc: ts }).count({ n: '*' });
  return Number(row?.n);
};

const probesSoFar = () =>
  platform.replay.requests.filter(
    (r) => r.dataset === 'eco2mix-regional-tr' && r.query.select === 'date_heure',
  ).length;

test('a newly published quarter-hour reaches gold without waiting for the schedule', async () => {
  expect(await ensureFreshnessWatcher(env.client, platform.config)).toBe(true);
  // Started twice (two platform processes): still one watcher.
  expect(await ensureFreshnessWatcher(env.client, platform.config)).toBe(true);
  const watcher = env.client.workflow.getHandle(FRESHNESS_WATCHER_ID);

  // First probe: the capture's newest instant is new to an empty platform, so it ingests once.
  const first = await waitFor('the first ingestion', async () => {
    const state = await watcher.query(watcherStateQuery);
    return state.lastSeen ? state : undefined;
  });
  expect(first.ingestionsStarted).toBe(1);
  expect(first.lastIngestion).toBe(`rte-regional-fresh-${first.lastSeen}`);

  // Nothing new: probes continue, no ingestion starts.
  const probes = probesSoFar();
  await waitFor('three more probes', async () => (probesSoFar() >= probes + 3 ? true : undefined));
  expect((await watcher.query(watcherStateQuery)).ingestionsStarted).toBe(1);

  // The source publishes the next quarter-hour for the 12 regions.
  const next = new Date(Date.parse(first.lastSeen as string) + 900_000);
  platform.replay.publish('eco2mix-regional-tr', [...syntheticEco2mixRegional(next, 1, 3)]);
  await waitFor('the new quarter-hour in gold', async () =>
    (await goldRowsAt(next.toISOString())) === 12 ? true : undefined,
  );
  // Gold is queryable before the ingestion workflow has moved its watermark and returned.
  const state = await waitFor('the watcher to record the ingestion', async () => {
    const s = await watcher.query(watcherStateQuery);
    return s.lastSeen === next.toISOString() ? s : undefined;
  });
  expect(state.ingestionsStarted).toBe(2);

  const child = await env.client.workflow.getHandle(`rte-regional-fresh-${next.toISOString()}`).describe();
  expect(child.status.name).toBe('COMPLETED');
});

test('the watcher carries what it has seen across continue-as-new', async () => {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  const seen = (await env.client.workflow.getHandle(FRESHNESS_WATCHER_ID).query(watcherStateQuery)).lastSeen;
  const handle = await env.client.workflow.start('watchRteRegionalFreshness', {
    taskQueue: ingest,
    workflowId: 'watcher-short-runs',
    args: [
      {
        transformTaskQueue: transform,
        probeIntervalSeconds: 1,
        plan: platform.config.rte.freshness,
        probesPerRun: 2,
        lastSeen: seen,
      },
    ],
  });
  const firstRun = (await handle.describe()).runId;
  await waitFor('a continue-as-new', async () => {
    const d = await env.client.workflow.getHandle('watcher-short-runs').describe();
    return d.runId !== firstRun ? true : undefined;
  });
  const state = await env.client.workflow.getHandle('watcher-short-runs').query(watcherStateQuery);
  expect(state.lastSeen).toBe(seen);
  expect(state.ingestionsStarted).toBe(0); // nothing new: the carried instant prevented a re-ingestion
  await env.client.workflow.getHandle('watcher-short-runs').terminate('test over');
});
