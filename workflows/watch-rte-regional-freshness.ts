import { rootCause } from './failures';
import {
  continueAsNew,
  defineQuery,
  executeChild,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  ParentClosePolicy,
} from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import {
  arrivalPhase,
  budgetSpent,
  DEFAULT_PROBE_PLAN,
  learnedPhase,
  nextProbe,
  rememberArrival,
  spend,
  untilNextUtcDay,
  type ArrivalPhases,
  type NextProbe,
  type ProbePlan,
  type Spending,
} from '../lib/domain/freshness-schedule';
import { ingestRteRegional } from './ingest-rte-regional';
import { PROBE } from './retry-policies';
import { recordRun } from './run-bookkeeping';

export interface WatchFreshnessInput {
  transformTaskQueue: string;
  /** Seconds between probes outside the window around the expected publication (default 120). */
  probeIntervalSeconds?: number;
  /** The rest of the probe plan (lib/domain/freshness-schedule.ts); absent fields take its defaults. */
  plan?: Partial<Omit<ProbePlan, 'sparseSeconds'>>;
  /** Probes per workflow run before continue-as-new (default 120). */
  probesPerRun?: number;
  /** Newest instant already ingested, carried across continue-as-new. */
  lastSeen?: string;
  /** What the watcher has learned and spent, carried across continue-as-new. */
  arrivals?: ArrivalPhases;
  lastArrivalMs?: number;
  lastMissMs?: number;
  spending?: Spending;
}

export interface WatcherState {
  lastSeen?: string;
  probes: number;
  ingestionsStarted: number;
  lastIngestion?: string;
  lastError?: string;
  /** Seconds into the publication cycle at which new instants are expected (once learned). */
  expectedPhaseSeconds?: number;
  /** Requests counted against today's budget (UTC): probes and the pages of the ingestions started. */
  requestsToday?: number;
  /** How the next probe was planned. */
  mode?: NextProbe['mode'];
}

/** Workflow time (the time of the current workflow task: replay-safe). */
const workflowNow = (): number => new Date().getTime();

export const watcherStateQuery = defineQuery<WatcherState>('state');

/** Patch id of the probe plan: runs started before it keep probing at a fixed interval. */
export const PROBE_PLAN_PATCH = 'freshness-probe-plan';

/**
 * Keeps Gold within seconds of RTE: probes the newest published quarter-hour (one record, one
 * field) and starts the regional ingestion as soon as it moves. It learns when in the cycle the
 * source publishes and probes densely only around that moment, under a daily request budget
 * (lib/domain/freshness-schedule.ts). A durable timer loop, so it survives worker restarts; continue-as-new
 * keeps its history short and carries what it learned. The 15-minute schedule stays as the safety
 * net (the two never duplicate rows: ingestion is idempotent).
 */
export async function watchRteRegionalFreshness(input: WatchFreshnessInput): Promise<void> {
  const planned = patched(PROBE_PLAN_PATCH);
  const plan: ProbePlan = {
    ...DEFAULT_PROBE_PLAN,
    ...input.plan,
    sparseSeconds: input.probeIntervalSeconds ?? (planned ? DEFAULT_PROBE_PLAN.sparseSeconds : 30),
  };
  const probesPerRun = input.probesPerRun ?? 120;
  const { probeRteRegionalLatest } = proxyActivities<IngestActivities>(PROBE);
  const probeAttempts = PROBE.retry?.maximumAttempts ?? 1;
  const state: WatcherState = { lastSeen: input.lastSeen, probes: 0, ingestionsStarted: 0 };
  let arrivals = input.arrivals ?? [];
  if (planned && arrivals.length) state.expectedPhaseSeconds = learnedPhase(arrivals, plan.cycleSeconds);
  let lastArrivalMs = input.lastArrivalMs;
  let lastMissMs = input.lastMissMs;
  let spending = input.spending;
  setHandler(watcherStateQuery, () => state);
  const count = (requests: number) => {
    spending = spend(spending, workflowNow(), requests);
    state.requestsToday = spending.requests;
  };

  for (let i = 0; i < probesPerRun; i++) {
    // A run that starts with the budget spent waits for the next UTC day before its first probe.
    if (planned && budgetSpent(plan, workflowNow(), spending)) {
      state.mode = 'budget-spent';
      await sleep(untilNextUtcDay(workflowNow()));
    }
    const probedAt = workflowNow();
    let latest: string | null = null;
    let answered = false;
    try {
      latest = await probeRteRegionalLatest();
      answered = true;
      state.probes += 1;
      if (planned) count(1);
    } catch (err) {
      state.lastError = `probe: ${rootCause(err)}`;
      // Each failed attempt may have reached the source.
      if (planned) count(probeAttempts);
    }
    const isNew = latest && (!state.lastSeen || latest > state.lastSeen);
    if (planned && answered && !isNew) lastMissMs = probedAt;
    if (latest && isNew) {
      if (planned) {
        // The first instant a watcher sees tells nothing about timing: it may be hours old.
        if (
          state.lastSeen &&
          lastMissMs !== undefined &&
          probedAt - lastMissMs <= (plan.cycleSeconds * 1000) / 2
        ) {
          arrivals = rememberArrival(arrivals, arrivalPhase(lastMissMs, probedAt, plan.cycleSeconds));
          state.expectedPhaseSeconds = learnedPhase(arrivals, plan.cycleSeconds);
        }
        lastArrivalMs = probedAt;
      }
      const workflowId = `rte-regional-fresh-${latest}`;
      state.ingestionsStarted += 1;
      state.lastIngestion = workflowId;
      try {
        const result = await executeChild(ingestRteRegional, {
          workflowId,
          taskQueue: workflowInfo().taskQueue,
          args: [{ transformTaskQueue: input.transformTaskQueue }],
          // The ingestion finishes its window even if the watcher is being replaced.
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        state.lastSeen = result.watermark ?? latest;
        state.lastError = undefined;
        // One request per Bronze page it read (an empty answer stores none but was one request).
        if (planned) count(Math.max(1, result.bronzeObjects));
      } catch (err) {
        // Not advancing lastSeen: the next probe tries again; the failure is in the child's history.
        state.lastError = `${workflowId}: ${rootCause(err)}`;
        log.warn('freshness ingestion failed', { workflowId });
        if (planned) count(1);
      }
      recordRun({
        summary: `last seen ${state.lastSeen ?? '-'}; ${state.ingestionsStarted} ingestions this run${state.lastError ? `; last error ${state.lastError}` : ''}`,
      });
    }
    if (!planned) {
      await sleep(plan.sparseSeconds * 1000);
      continue;
    }
    const next = nextProbe(plan, workflowNow(), arrivals, lastArrivalMs, spending);
    state.mode = next.mode;
    await sleep(next.delayMs);
  }
  await continueAsNew<typeof watchRteRegionalFreshness>({
    ...input,
    lastSeen: state.lastSeen,
    ...(planned ? { arrivals, lastArrivalMs, lastMissMs, spending } : {}),
  });
}
