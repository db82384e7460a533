import { ApplicationFailure } from '@temporalio/common';
import type { IngestActivities } from '../../activities';
import { utcDay } from '../../lib/domain/freshness-schedule';
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
 * watchRteRegionalFreshness: an ingestion child only when the newest published instant moved;
 * probes at the budget's even pace until it has seen a publication, then densely around the
 * learned moment and sparsely otherwise, never above the daily budget. The timers are skipped:
 * days of probing take seconds.
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
    args: [{ probeIntervalSeconds: 120, ...input, transformTaskQueue: TRANSFORM_QUEUE }],
  });
}

/** Distance between two phases on the circle of a cycle. */
const phaseDistance = (a: number, b: number, cycle = 900) => {
  const d = Math.abs(a - b) % cycle;
  return Math.min(d, cycle - d);
};

/** Requests on the UTC day of the last probe: its probes plus `ingestions` (one page each). */
const requestsOnLastDay = (probes: Attempt[], ingestions = 0) => {
  const day = utcDay(probes[probes.length - 1]?.atMs ?? 0);
  return probes.filter((p) => utcDay(p.atMs) === day).length + ingestions;
};

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
  const { expectedPhaseSeconds, requestsToday, ...rest } = state;
  expect(rest).toEqual({
    lastSeen: T2,
    probes: 4,
    ingestionsStarted: 2,
    lastIngestion: `rte-regional-fresh-${T2}`,
    // T2 is this cycle's publication: nothing more to wait for until the next window.
    mode: 'sparse',
  });
  // Until it has seen a publication, the watcher probes at the budget's even pace: 86 400 / 2 900.
  expect(gapsBetween(s.probes, 'probeRteRegionalLatest').map((ms) => Math.round(ms / 1000))).toEqual([
    30, 30, 30,
  ]);
  // T1 was the first instant it saw (no timing in it); T2 appeared between the probes at 60 and
  // 90 s: the middle of that bracket is the phase it learned.
  const [, , miss, seen] = s.probes.map((p) => p.atMs) as [number, number, number, number];
  expect(phaseDistance(expectedPhaseSeconds ?? -1, ((miss + seen) / 2 / 1000) % 900)).toBeLessThan(1);
  expect(requestsToday).toBe(requestsOnLastDay(s.probes, s.ingestions.length));
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
  expect(states[2]).toMatchObject({
    lastSeen: T1,
    probes: 2,
    ingestionsStarted: 2,
    lastIngestion: `rte-regional-fresh-${T1}`,
  });
  expect(states[2]?.lastError).toBeUndefined();
  // The failed first probe: attempt 2 one second (PROBE's initialInterval) after attempt 1.
  expect(s.probes.slice(0, 2).map((p) => p.attempt)).toEqual([1, 2]);
  expect(Math.round(((s.probes[1]?.atMs ?? 0) - (s.probes[0]?.atMs ?? 0)) / 1000)).toBe(1);
});

test('continue-as-new carries lastSeen, the learned phase and the spending: the same instant is not ingested again', async () => {
  const s = stubs([T1]);
  // A learned phase half a cycle away from now: no window opens during the test.
  const phase = Math.round((await suite.env.currentTimeMs()) / 1000 + 450) % 900;
  const { state, continued } = await withWorkers(suite.env, s, async () => {
    const watcher = await startWatcher({
      probesPerRun: 2,
      lastSeen: T1,
      probeIntervalSeconds: 30,
      arrivals: [phase],
    });
    // Run 1 probes at 0 and 30 s and continues as new at 60 s; run 2 probes at once.
    await suite.env.sleep('70s');
    const state = await watcher.query(watcherStateQuery);
    const continued = (await watcher.describe()).runId !== watcher.firstExecutionRunId;
    await watcher.terminate('test over');
    return { state, continued };
  });
  expect(continued).toBe(true);
  expect(state).toMatchObject({ lastSeen: T1, probes: 1, ingestionsStarted: 0, expectedPhaseSeconds: phase });
  // The spending of run 1 counts in run 2.
  expect(state.requestsToday).toBe(requestsOnLastDay(s.probes));
  expect(s.ingestions).toEqual([]);
  expect(s.probes).toHaveLength(3);
});

const CYCLE_MS = 900_000;
const PUBLISHED_AT_PHASE_MS = 400_000;

/** A source that publishes a new instant 400 s into every quarter-hour (of server time). */
function quarterHourSource() {
  const probes: Attempt[] = [];
  const ingestions: string[] = [];
  const ingest: Partial<IngestActivities> = {
    async probeRteRegionalLatest() {
      const { atMs } = await recordAttempt(suite.env, probes);
      const n = Math.floor((atMs - PUBLISHED_AT_PHASE_MS) / CYCLE_MS);
      return new Date(n * CYCLE_MS).toISOString();
    },
    async rteRegionalToBronze() {
      const { workflowId } = await recordAttempt(suite.env, []);
      ingestions.push(workflowId);
      return { source: 'rte-regional', since: T1, objects: [], records: 0 };
    },
  };
  return { probes, ingestions, ingest };
}

test('it learns when the source publishes, then probes every 3 s around that moment and every 2 min otherwise', async () => {
  const s = quarterHourSource();
  const state = await withWorkers(suite.env, s, async () => {
    const watcher = await startWatcher({ probesPerRun: 1000 });
    await suite.env.sleep('2h');
    const state = await watcher.query(watcherStateQuery);
    await watcher.terminate('test over');
    return state;
  });
  expect(phaseDistance(state.expectedPhaseSeconds ?? -1, PUBLISHED_AT_PHASE_MS / 1000)).toBeLessThanOrEqual(
    2,
  );

  const times = s.probes.map((p) => p.atMs);
  const start = times[0] as number;
  const publications: number[] = [];
  for (
    let t = Math.ceil((start - PUBLISHED_AT_PHASE_MS) / CYCLE_MS) * CYCLE_MS + PUBLISHED_AT_PHASE_MS;
    t < start + 7_200_000;
    t += CYCLE_MS
  ) {
    publications.push(t);
  }
  // How long each publication waited for a probe to see it: up to the even pace (30 s) while it
  // learns, then at most the 3 s dense interval.
  const waits = publications.map((p) => (times.find((t) => t >= p) ?? Infinity) - p);
  expect(waits.slice(2).every((w) => w <= 3_000)).toBe(true);

  // The last full cycle: dense only in the window opening 30 s before the publication, sparse
  // (every 2 min or less, up to the window) otherwise.
  const lastPublication = publications[publications.length - 2] as number;
  const cycle = times.filter((t) => t > lastPublication - CYCLE_MS + 3_000 && t <= lastPublication + 3_000);
  const inWindow = cycle.filter((t) => t >= lastPublication - 30_000);
  const outside = cycle.filter((t) => t < lastPublication - 30_000);
  expect(inWindow.length).toBeGreaterThanOrEqual(9);
  expect(inWindow.length).toBeLessThanOrEqual(12);
  expect(outside.length).toBeGreaterThanOrEqual(6);
  expect(outside.length).toBeLessThanOrEqual(8);
  const gaps = cycle.slice(1).map((t, i) => t - (cycle[i] as number));
  // (a few ms more: the activity's clock reading follows the timer)
  expect(Math.max(...gaps)).toBeLessThanOrEqual(121_000);
  // A quarter-hour costs under 20 requests where the fixed 30 s probe cost 30.
  expect(cycle.length).toBeLessThan(20);
  expect(s.ingestions.length).toBe(publications.length + 1);
});

test('the daily budget is a cap: spent, the watcher waits for the next UTC day', async () => {
  // Nothing new is ever published: every window around the learned phase runs to its end.
  const s = stubs([T1]);
  const budget = 30;
  await withWorkers(suite.env, s, async () => {
    const watcher = await startWatcher({
      probesPerRun: 1000,
      arrivals: [400],
      plan: { dailyRequests: budget },
    });
    await suite.env.sleep('50h');
    expect((await watcher.query(watcherStateQuery)).requestsToday).toBeLessThanOrEqual(budget);
    await watcher.terminate('test over');
  });
  const byDay = new Map<string, number[]>();
  for (const p of s.probes) byDay.set(utcDay(p.atMs), [...(byDay.get(utcDay(p.atMs)) ?? []), p.atMs]);
  const days = [...byDay.keys()].sort();
  // Day 1 also paid for the ingestion of T1, the first instant the watcher saw.
  expect(byDay.get(days[0] as string)?.length).toBeLessThanOrEqual(budget - 1);
  // The first whole day spends the budget exactly, and its next probe is right after midnight.
  expect(byDay.get(days[1] as string)).toHaveLength(budget);
  const nextDay = byDay.get(days[2] as string) ?? [];
  expect((nextDay[0] as number) - Date.parse(`${days[2]}T00:00:00Z`)).toBeLessThan(5_000);
  for (const day of days) expect(byDay.get(day)?.length).toBeLessThanOrEqual(budget);
});
