import type { RunNode } from './run-node';

/** A run as the per-run loaders need it: a running run has no close event to read yet. */
export interface RunKey {
  workflowId: string;
  runId: string;
  running: boolean;
}

export function runKey(run: RunNode): RunKey {
  return { workflowId: run.workflowId, runId: run.runId, running: run.status === 'RUNNING' };
}
