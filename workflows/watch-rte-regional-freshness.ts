import { rootCause } from './failures';
import {
  continueAsNew,
  defineQuery,
  executeChild,
  log,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  ParentClosePolicy,
} from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import { ingestRteRegional } from './ingest-rte-regional';
import { PROBE } from './retry-policies';
import { recordRun } from './run-bookkeeping';

export interface WatchFreshnessInput {
  transformTaskQueue: string;
  /** Seconds between probes (default 30: new data reaches Gold about 30 s after publication at worst). */
  probeIntervalSeconds?: number;
  /** Probes per workflow run before continue-as-new (default 120, one hour at 30 s). */
  probesPerRun?: number;
  /** Newest instant already ingested, carried across continue-as-new. */
  lastSeen?: string;
}

export interface WatcherState {
  lastSeen?: string;
  probes: number;
  ingestionsStarted: number;
  lastIngestion?: string;
  lastError?: string;
}

export const watcherStateQuery = defineQuery<WatcherState>('state');

/**
 * Keeps Gold within a minute of RTE: probes the newest published quarter-hour every few seconds
 * and starts the regional ingestion as soon as it moves. A durable timer loop, so it survives
 * worker restarts; continue-as-new keeps its history short. The 15-minute schedule stays as the
 * safety net (the two never duplicate rows: ingestion is idempotent).
 */
export async function watchRteRegionalFreshness(input: WatchFreshnessInput): Promise<void> {
  const intervalMs = (input.probeIntervalSeconds ?? 30) * 1000;
  const probesPerRun = input.probesPerRun ?? 120;
  const { probeRteRegionalLatest } = proxyActivities<IngestActivities>(PROBE);
  const state: WatcherState = { lastSeen: input.lastSeen, probes: 0, ingestionsStarted: 0 };
  setHandler(watcherStateQuery, () => state);

  for (let i = 0; i < probesPerRun; i++) {
    let latest: string | null = null;
    try {
      latest = await probeRteRegionalLatest();
      state.probes += 1;
    } catch (err) {
      state.lastError = `probe: ${rootCause(err)}`;
    }
    if (latest && (!state.lastSeen || latest > state.lastSeen)) {
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
      } catch (err) {
        // Not advancing lastSeen: the next probe tries again; the failure is in the child's history.
        state.lastError = `${workflowId}: ${rootCause(err)}`;
        log.warn('freshness ingestion failed', { workflowId });
      }
      recordRun({
        summary: `last seen ${state.lastSeen ?? '-'}; ${state.ingestionsStarted} ingestions this run${state.lastError ? `; last error ${state.lastError}` : ''}`,
      });
    }
    await sleep(intervalMs);
  }
  await continueAsNew<typeof watchRteRegionalFreshness>({ ...input, lastSeen: state.lastSeen });
}
