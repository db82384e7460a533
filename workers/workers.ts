import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createIngestActivities, createTransformActivities, type ActivityDeps } from '../activities';
import type { Config } from '../activities/config';
import type { Tracing } from '../lib/tracing/provider';
import { tracingWorkerOptions, WORKFLOW_TRACING_MODULE } from '../lib/tracing/temporal';

export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * `npm run build` writes the workflow bundle into dist/ (scripts/bundle-workflows.ts), next to
 * the compiled workflows: only the compiled worker finds it. Under tsx there is none, so edited
 * workflow sources are bundled at start and a stale build is never picked up.
 */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';
/**
 * The same workflows with the OpenTelemetry workflow interceptors bundled in, for workers with
 * tracing on. Two bundles rather than one with the interceptors always in: untraced workers
 * would then run them and log an error for every span sent to a sink they do not have.
 */
export const TRACED_WORKFLOW_BUNDLE_FILE = 'workflow-bundle-traced.js';

type WorkflowSource = Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'>;

export function defaultWorkflowSource(traced = false): WorkflowSource {
  const prebuilt = path.join(__dirname, '..', traced ? TRACED_WORKFLOW_BUNDLE_FILE : WORKFLOW_BUNDLE_FILE);
  return existsSync(prebuilt)
    ? { workflowBundle: { codePath: prebuilt } }
    : { workflowsPath: WORKFLOWS_PATH };
}

/** A workflow bundle of `workflowsPath` (the compiled one in dist/ at build time), traced or not. */
export async function bundleWorkflows(workflowsPath: string, traced: boolean): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: traced ? [WORKFLOW_TRACING_MODULE] : [],
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
  return code;
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
  tracing?: Tracing,
): Promise<Worker[]> {
  const { ingest, transform } = config.temporal.declarations.taskQueues;
  const namespace = config.temporal.namespace;
  // A prebuilt bundle already holds the workflow interceptors (or not): only webpack at start adds them.
  const ingestTracing = tracing
    ? tracingWorkerOptions(tracing, { addWorkflowModule: workflowSource.workflowBundle === undefined })
    : {};
  const transformTracing = tracing ? tracingWorkerOptions(tracing, { addWorkflowModule: false }) : {};
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
        ...ingestTracing,
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
        ...transformTracing,
        // Polars already uses every core; two heavy transforms at once is enough on a small host.
        maxConcurrentActivityTaskExecutions: 2,
      }),
    );
  }
  return Promise.all(workers);
}
