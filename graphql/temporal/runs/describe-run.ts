import type { ApiContext } from '../../context';
import { QueryInputError } from '../../errors';
import { withTemporal } from '../client';
import { toRunNode, type RunNode } from './run-node';

export function checkWorkflowId(workflowId: string): string {
  // Workflow ids are free text in Temporal; ours are short and printable.
  if (!workflowId || workflowId.length > 400 || [...workflowId].some((c) => c < ' ' || c === '\u007f')) {
    throw new QueryInputError('`workflowId` must be 1 to 400 printable characters');
  }
  return workflowId;
}

export function checkRunId(runId: string): string {
  if (!/^[0-9a-fA-F-]{36}$/.test(runId)) throw new QueryInputError('`runId` must be a run id (a UUID)');
  return runId;
}

export async function describeRun(
  ctx: ApiContext,
  workflowId: string,
  runId?: string | null,
): Promise<RunNode> {
  checkWorkflowId(workflowId);
  if (runId) checkRunId(runId);
  return withTemporal(ctx, `workflow ${workflowId}`, async (client) => {
    const description = await client.workflow.getHandle(workflowId, runId ?? undefined).describe();
    return toRunNode(ctx, description);
  });
}
