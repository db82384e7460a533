import type { Client } from '@temporalio/client';
import DataLoader from 'dataloader';
import type { ApiContext } from '../../context';
import { withTemporal } from '../client';
import { summariseHistory, type HistorySummary } from './history-summary';
import { ingestionSteps, type IngestionStep } from './ingestion-steps';
import type { RunKey } from './run-key';
import { runOutcome, type RunOutcome } from './run-outcome';

/**
 * Per-request loaders: a page of runs asking for attempts, activities or audit steps costs one
 * call per run at most (deduplicated, bounded concurrency), and one SQL query for the audit rows.
 */

export interface RunLoaders {
  outcome: DataLoader<RunKey, RunOutcome, string>;
  history: DataLoader<RunKey, HistorySummary, string>;
  ingestion: DataLoader<string, IngestionStep[]>;
}

const loaders = new WeakMap<object, RunLoaders>();
const TEMPORAL_CONCURRENCY = 8;

async function eachLimited<K, V>(keys: readonly K[], limit: number, fn: (key: K) => Promise<V>) {
  const results: (V | Error)[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      try {
        results[i] = await fn(keys[i] as K);
      } catch (err) {
        // DataLoader takes an Error in a key's place: one failing run does not fail the others.
        results[i] = err instanceof Error ? err : new Error(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, keys.length) }, worker));
  return results;
}

async function runHistory(ctx: ApiContext, client: Client, key: RunKey): Promise<HistorySummary> {
  const handle = client.workflow.getHandle(key.workflowId, key.runId);
  const [history, pending] = await Promise.all([
    handle.fetchHistory(),
    key.running ? handle.describe().then((d) => d.raw.pendingActivities ?? []) : Promise.resolve([]),
  ]);
  return summariseHistory(ctx, history, pending);
}

export function runLoaders(ctx: ApiContext): RunLoaders {
  let found = loaders.get(ctx);
  if (found) return found;
  const keyOf = (k: RunKey) => `${k.workflowId}\u0000${k.runId}`;
  const perRun =
    <V>(what: string, fn: (client: Client, key: RunKey) => Promise<V>) =>
    (keys: readonly RunKey[]) =>
      eachLimited(keys, TEMPORAL_CONCURRENCY, (key) =>
        withTemporal(ctx, `${what} of ${key.workflowId}`, (client) => fn(client, key)),
      );
  found = {
    outcome: new DataLoader(
      perRun('history', (client, key) => runOutcome(ctx, client, key)),
      {
        cacheKeyFn: keyOf,
      },
    ),
    history: new DataLoader(
      perRun('history', (client, key) => runHistory(ctx, client, key)),
      {
        cacheKeyFn: keyOf,
      },
    ),
    ingestion: new DataLoader((ids: readonly string[]) => ingestionSteps(ctx.db, ids), { maxBatchSize: 100 }),
  };
  loaders.set(ctx, found);
  return found;
}
