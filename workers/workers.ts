import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createIngestActivities, createTransformActivities, type ActivityDeps } from '../activities';
import type { Config } from '../activities/config';

export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * `npm run build` writes the workflow bundle into dist/ (scripts/bundle-workflows.ts), next to
 * the compiled workflows: only the compiled worker finds it. Under tsx there is none, so edited
 * workflow sources are bundled at start and a stale build is never picked up.
 */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';
const PREBUILT_WORKFLOW_BUNDLE = path.join(__dirname, '..', WORKFLOW_BUNDLE_FILE);

type WorkflowSource = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;

export function defaultWorkflowSource(): WorkflowSource {
  return existsSync(PREBUILT_WORKFLOW_BUNDLE)
    ? { workflowBundle: { codePath: PREBUILT_WORKFLOW_BUNDLE } }
    : { workflowsPath: WORKFLOWS_PATH };
}

/**
 * One worker per task queue: the ingest queue runs workflows and I/O activities, the transform
 * queue runs Polars and SQL work. A single process may host both, or each can be deployed alone
 * (`GPS_WORKER_QUEUES`): Polars and better-sqlite3 work synchronously, so a transform running in
 * the workflow worker's process delays its workflow tasks.
 */
export type QueueRole = 'ingest' | 'transform';

export async function createWorkers(
  connection: NativeConnection,
  config: Config,
  deps: ActivityDeps,
  workflowSource: WorkflowSource = defaultWorkflowSource(),
  roles: readonly QueueRole[] = config.workerQueues,
): Promise<Worker[]> {
  const { ingest, transform } = config.temporal.declarations.taskQueues;
  const namespace = config.temporal.namespace;
  const workers: Promise<Worker>[] = [];
  if (roles.includes('ingest')) {
    workers.push(
      Worker.create({
        connection,
        namespace,
        taskQueue: ingest,
        ...workflowSource,
        activities: createIngestActivities(deps),
        maxConcurrentActivityTaskExecutions: 20,
      }),
    );
  }
  if (roles.includes('transform')) {
    workers.push(
      Worker.create({
        connection,
        namespace,
        taskQueue: transform,
        activities: createTransformActivities(deps),
        // Polars already uses every core; two heavy transforms at once is enough on a small host.
        maxConcurrentActivityTaskExecutions: 2,
      }),
    );
  }
  return Promise.all(workers);
}
