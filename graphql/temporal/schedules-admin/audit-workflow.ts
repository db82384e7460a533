import { WorkflowFailedError, isGrpcDeadlineError, type Client } from '@temporalio/client';
import { GraphQLError } from 'graphql';
import {
  RECORD_SCHEDULE_CHANGE_WORKFLOW,
  SCHEDULE_CHANGES_TABLE,
  scheduleChangeWorkflowId,
  type ScheduleChangeInput,
  type ScheduleChangeRecorded,
} from '../../../lib/domain/schedule-changes';
import { createLogger, type Logger } from '../../../lib/log';
import type { ApiContext } from '../../context';
import { toChangeView, type ScheduleChangeView } from './schedule-changes';

/**
 * A schedule change goes into schedule_changes through the `recordScheduleChange` workflow: the
 * API's database principal cannot write; the workers can.
 */

/** How long a mutation waits for its audit row before answering AUDIT_PENDING. */
export const AUDIT_WAIT_MS = 15_000;

let auditLog: Logger | undefined;
function log(): Logger {
  auditLog ??= createLogger({ component: 'api', area: 'schedule-admin' });
  return auditLog;
}

function auditError(
  code: 'AUDIT_UNAVAILABLE' | 'AUDIT_NOT_RECORDED' | 'AUDIT_PENDING',
  message: string,
  extra = {},
) {
  return new GraphQLError(message, { extensions: { code, http: { status: 503 }, ...extra } });
}

/**
 * Refuses a change up front when no worker polls the ingest task queue: the audit row could not
 * be written, so the change is not made (503 AUDIT_UNAVAILABLE, nothing changed).
 */
export async function assertAuditWorker(ctx: ApiContext, client: Client): Promise<void> {
  const taskQueue = ctx.config.temporal.declarations.taskQueues.ingest;
  const response = await client.workflowService.describeTaskQueue({
    namespace: ctx.config.temporal.namespace,
    taskQueue: { name: taskQueue, kind: 1 }, // TASK_QUEUE_KIND_NORMAL
    taskQueueType: 2, // TASK_QUEUE_TYPE_ACTIVITY: insertScheduleChange runs there
  });
  if (!response.pollers?.length) {
    throw auditError(
      'AUDIT_UNAVAILABLE',
      `no worker polls task queue ${taskQueue}, so the change could not be audited: nothing was changed`,
      { applied: false },
    );
  }
}

export async function recordChange(
  ctx: ApiContext,
  client: Client,
  field: string,
  input: ScheduleChangeInput,
): Promise<ScheduleChangeView> {
  const workflowId = scheduleChangeWorkflowId(ctx.requestId, field);
  const what = `schedule ${input.scheduleId}: the ${input.operation} was applied in Temporal`;
  let handle;
  try {
    handle = await client.withDeadline(Date.now() + AUDIT_WAIT_MS, () =>
      client.workflow.start(RECORD_SCHEDULE_CHANGE_WORKFLOW, {
        taskQueue: ctx.config.temporal.declarations.taskQueues.ingest,
        workflowId,
        args: [input],
        memo: { summary: `${input.operation} ${input.scheduleId} by ${input.subject}` },
      }),
    );
  } catch (err) {
    // The schedule already changed; undoing it could fail the same way and would hide what the
    // admin asked for. The change stays, the log line carries the whole record, the caller is told.
    log().error('schedule change applied but not audited', { ...input, error: String(err) });
    throw auditError(
      'AUDIT_NOT_RECORDED',
      `${what} and is NOT rolled back, but its audit row could not be requested (${(err as Error).message}); the API log holds the change (request ${input.requestId})`,
      { applied: true, auditWorkflowId: workflowId },
    );
  }
  let recorded: ScheduleChangeRecorded;
  try {
    recorded = await client.withDeadline(Date.now() + AUDIT_WAIT_MS, () => handle.result());
  } catch (err) {
    if (isGrpcDeadlineError(err)) {
      throw auditError(
        'AUDIT_PENDING',
        `${what}; its audit row is being written by workflow ${workflowId} (not done after ${AUDIT_WAIT_MS / 1000} s: is a worker on ${ctx.config.temporal.declarations.taskQueues.ingest} running?) and appears in scheduleChanges once it completes`,
        { applied: true, auditWorkflowId: workflowId },
      );
    }
    const cause =
      err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : (err as Error).message;
    log().error('schedule change applied but its audit workflow failed', { ...input, error: cause });
    throw auditError(
      'AUDIT_NOT_RECORDED',
      `${what} and is NOT rolled back, but its audit workflow ${workflowId} failed: ${cause}`,
      {
        applied: true,
        auditWorkflowId: workflowId,
      },
    );
  }
  const row = (await ctx.db(SCHEDULE_CHANGES_TABLE).where({ id: recorded.id }).first()) as
    Record<string, unknown> | undefined;
  if (!row) throw new Error(`schedule change ${recorded.id} was recorded but cannot be read back`);
  return toChangeView(ctx, row);
}
