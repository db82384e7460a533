import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  isGrpcDeadlineError,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdReusePolicy } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import {
  alertActionRefusal,
  alertStatusChangeWorkflowId,
  CHANGE_ALERT_STATUS_WORKFLOW,
  type AlertAction,
  type AlertStatusChangeInput,
  type AlertStatusChanged,
} from '../../lib/domain/alert-status-change';
import { FailureType } from '../../lib/domain/failure-types';
import type { ApiContext } from '../context';
import { NotFoundError } from '../errors';
import { getAlert, type AlertView } from '../gold-queries-alerts';
import { temporalOf, withTemporal } from './client';
import { assertAuditWorker, AUDIT_WAIT_MS } from './schedules-admin/audit-workflow';

/**
 * An admin's acknowledge or resolve. The API reads the alert and refuses what its status forbids
 * at once (no workflow for a request that cannot succeed); the workers apply the change through
 * the changeAlertStatus workflow, which checks again in its transaction (the status may have
 * moved since) and is what makes the change and its audit row one.
 */

function refused(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'ALERT_TRANSITION_REFUSED', http: { status: 409 } },
  });
}

function pending(workflowId: string, taskQueue: string): GraphQLError {
  return new GraphQLError(
    `the change is being applied by workflow ${workflowId} (not done after ${AUDIT_WAIT_MS / 1000} s: is a worker on ${taskQueue} running?); it shows in the alert once it completes`,
    { extensions: { code: 'AUDIT_PENDING', http: { status: 503 }, auditWorkflowId: workflowId } },
  );
}

/** The workflow's refusal (the status moved after the API's own check) as the API's error. */
function refusalOf(err: unknown): Error | undefined {
  const cause = err instanceof WorkflowFailedError ? err.cause : undefined;
  const failure = cause instanceof ApplicationFailure ? cause : cause?.cause;
  if (!(failure instanceof ApplicationFailure)) return undefined;
  if (failure.type === FailureType.IllegalAlertTransition) return refused(failure.message);
  if (failure.type === FailureType.AlertNotFound) return new NotFoundError(failure.message);
  return undefined;
}

export async function changeAlertStatus(
  ctx: ApiContext,
  action: AlertAction,
  args: { id: number; note?: string | null },
): Promise<AlertView> {
  const before = await getAlert(ctx.db, args.id);
  if (!before) throw new NotFoundError(`alert ${args.id} does not exist`);
  const input: AlertStatusChangeInput = {
    alertId: before.id,
    action,
    subject: ctx.viewer.subject,
    subjectName: ctx.viewer.name,
    note: args.note || undefined,
    requestId: ctx.requestId,
  };
  const taskQueue = ctx.config.temporal.declarations.taskQueues.ingest;
  const workflowId = alertStatusChangeWorkflowId(input);
  const handle = await withTemporal(ctx, `alert ${before.id}`, async (client) => {
    const refusal = alertActionRefusal(before.id, before.status, action);
    if (refusal) {
      // The same request asked again after its change was applied: its answer, not a refusal.
      if (
        await client.workflow
          .getHandle(workflowId)
          .describe()
          .then(
            () => true,
            () => false,
          )
      )
        return client.workflow.getHandle(workflowId);
      throw refused(refusal);
    }
    await assertAuditWorker(ctx, client);
    try {
      return (await client.workflow.start(CHANGE_ALERT_STATUS_WORKFLOW, {
        taskQueue,
        workflowId,
        args: [input],
        // The same request asked again waits for the first run instead of applying twice.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { summary: `${action} alert ${before.id} by ${input.subject}` },
      })) as WorkflowHandleWithFirstExecutionRunId;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle(workflowId);
      throw err;
    }
  });
  try {
    await temporalOf(ctx).withDeadline(
      Date.now() + AUDIT_WAIT_MS,
      () => handle.result() as Promise<AlertStatusChanged>,
    );
  } catch (err) {
    if (isGrpcDeadlineError(err)) throw pending(workflowId, taskQueue);
    throw refusalOf(err) ?? err;
  }
  const after = await getAlert(ctx.db, before.id);
  if (!after) throw new Error(`alert ${before.id} was changed but cannot be read back`);
  return after;
}
