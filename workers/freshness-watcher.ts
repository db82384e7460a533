import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { Config } from '../activities/config';

export const FRESHNESS_WATCHER_ID = 'rte-regional-freshness-watcher';

/**
 * Starts the freshness watcher unless it already runs (one per namespace, whatever the number of
 * platform processes). Returns false when the configuration turns it off.
 */
export async function ensureFreshnessWatcher(client: Client, config: Config): Promise<boolean> {
  if (config.rte.freshnessProbeSeconds === 0) return false;
  const { ingest, transform } = config.temporal.declarations.taskQueues;
  await client.workflow.start('watchRteRegionalFreshness', {
    taskQueue: ingest,
    workflowId: FRESHNESS_WATCHER_ID,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [
      {
        transformTaskQueue: transform,
        probeIntervalSeconds: config.rte.freshnessProbeSeconds,
        plan: config.rte.freshness,
      },
    ],
  });
  return true;
}
