import { ApplicationFailure } from '@temporalio/common';
import type { IngestActivities } from '../../activities';
import { watcherStateQuery, type WatchFreshnessInput } from '../../workflows/watch-rte-regional-freshness';
import {
  gapsBetween,
  INGEST_QUEUE,
  recordAttempt,
  timeSkippingSuite,
  TRANSFORM_QUEUE,
  withWorkers,
  type Attempt,
} from '../helpers/time-skipping';

/**
 * watchRteRegionalFreshness: a probe per interval, an ingestion child only when the newest
 * published instant moved. The 30 s timers are skipped: minutes of probing take a second.
 */

const suite = timeSkippingSuite();

const T1 = '2025-02-20T10:00:00Z';
const T2 = '2025-02-20T10:15:00Z';

/**
 * `answers[i]` is what the i-th probe attempt returns (an Error is thrown, retryable); the last
 * answer repeats. The child ingestion finds nothing to load, unless `ingestion` says otherwise.
 */
function stubs(answers: (string | null | Error)[], ingestion?: () => Promise<void>) {
  const probes: Attempt[] = [];
  const ingestions: string[] = [];
  const ingest: Partial<IngestActivities> = {
    async probeRteRegionalLatest() {
      await recordAttempt(suite.env, probes);
      const answer = answers[Math.min(probes.length, answers.length) - 1] as string | null | Error;
      if (answer instanceof Error) throw ApplicationFailure.retryable(answer.message, 'HttpServerError');
      return answer;
    },
    async rteRegionalToBronze() {
      const { workflowId } = await recordAttempt(suite.env, []);
      ingestions.push(workflowId);
      await ingestion?.();
      return { source: 'rte-regional', since: T1, objects: [], records: 0 };
    },
  };
  return { probes, ingestions, ingest };
}

let runs = 0;
function startWatcher(input: Omit<WatchFreshnessInput, 'transformTaskQueue'>) {
  return suite.env.client.workflow.start('watchRteRegionalFreshness', {
    taskQueue: INGEST_QUEUE,
    workflowId: `watcher-${++runs}`,
    args: [{ ...input, transformTaskQueue: TRANSFORM_QUEUE, probeIntervalSeconds: 30 }],
  });
}

test('a newer instant starts ingestRteRegional; nothing published or no change starts nothing', async () => {
  const s = stubs([null, T1, T1, T2]);
  const state = await withWorkers(suite.env, s, async () => {
    const watcher = await startWatcher({ probesPerRun: 100 });
    // Probes at 0, 30, 60 and 90 s of server time.
    await suite.env.sleep('100s');
    const state = await watcher.query(watcherStateQuery);
    await watcher.terminate('test over');
    return state;
  });
  expect(s.ingestions).toEqual([`rte-regional-fresh-${T1}`, `rte-regional-fresh-${T2}`]);
  expect(state).toEqual({
    lastSeen: T2,
    probes: 4,
    ingestionsStarted: 2,
    lastIngestion: `rte-regional-fresh-${T2}`,
  });
  expect(gapsBetween(s.probes, 'probeRteRegionalLatest').map((ms) => Math.round(ms / 1000))).toEqual([
    30, 30, 30,
  ]);
});

test('a failed probe or a failed ingestion leaves lastSeen where it was: the next probe tries again', async () => {
  let ingestionsSoFar = 0;
  // The first probe fails both its attempts (PROBE allows 2); the first ingestion fails for good.
  const s = stubs([new Error('503'), new Error('503'), T1], async () => {
    if (++ingestionsSoFar === 1) throw ApplicationFailure.nonRetryable('404 dataset gone', 'HttpClientError');
  });
  const states = await withWorkers(suite.env, s, async () => {
    const watcher = await startWatcher({ probesPerRun: 100 });
    const seen = [];
    // 10 s: the first probe failed. 40 s: T1 seen, its ingestion failed. 70 s: T1 ingested.
    for (const skip of [10_000, 30_000, 30_000]) {
      await suite.env.sleep(skip);
      seen.push(await watcher.query(watcherStateQuery));
    }
    await watcher.terminate('test over');
    return seen;
  });
  // The innermost cause, not the wrappers' "Activity task failed".
  expect(states[0]).toMatchObject({
    probes: 0,
    ingestionsStarted: 0,
    lastError: 'probe: 503',
  });
  expect(states[0]?.lastSeen).toBeUndefined();
  expect(states[1]).toMatchObject({ probes: 1, ingestionsStarted: 1 });
  expect(states[1]?.lastSeen).toBeUndefined();
  expect(states[1]?.lastError).toBe(`rte-regional-fresh-${T1}: 404 dataset gone`);
  expect(s.ingestions).toEqual([`rte-regional-fresh-${T1}`, `rte-regional-fresh-${T1}`]);
  expect(states[2]).toEqual({
    lastSeen: T1,
    probes: 2,
    ingestionsStarted: 2,
    lastIngestion: `rte-regional-fresh-${T1}`,
  });
  // The failed first probe: attempt 2 one second (PROBE's initialInterval) after attempt 1.
  expect(s.probes.slice(0, 2).map((p) => p.attempt)).toEqual([1, 2]);
  expect(Math.round(((s.probes[1]?.atMs ?? 0) - (s.probes[0]?.atMs ?? 0)) / 1000)).toBe(1);
});

test('continue-as-new carries lastSeen: the same instant is not ingested again by the next run', async () => {
  const s = stubs([T1]);
  const { state, continued } = await withWorkers(suite.env, s, async () => {
    const watcher = await startWatcher({ probesPerRun: 2, lastSeen: T1 });
    // Run 1 probes at 0 and 30 s and continues as new at 60 s; run 2 probes at 60 s.
    await suite.env.sleep('70s');
    const state = await watcher.query(watcherStateQuery);
    const continued = (await watcher.describe()).runId !== watcher.firstExecutionRunId;
    await watcher.terminate('test over');
    return { state, continued };
  });
  expect(continued).toBe(true);
  expect(state).toEqual({ lastSeen: T1, probes: 1, ingestionsStarted: 0 });
  expect(s.ingestions).toEqual([]);
  expect(s.probes).toHaveLength(3);
});
