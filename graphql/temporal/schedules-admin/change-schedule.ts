import type { Client, ScheduleDescription } from '@temporalio/client';
import { GraphQLError } from 'graphql';
import type { ScheduleChangeInput, ScheduleOperation } from '../../../lib/domain/schedule-changes';
import type { ApiContext } from '../../context';
import { QueryInputError } from '../../errors';
import { temporalError, withTemporal } from '../client';
import { assertAuditWorker, recordChange } from './audit-workflow';
import { formatDuration } from './duration-text';
import type { ScheduleChangeView } from './schedule-changes';
import { toScheduleView, type ScheduleView } from './schedule-view';
import { liveSpecText } from './spec-text';

/** The state an audit row keeps before and after a change. */
export function scheduleState(ctx: Pick<ApiContext, 'config'>, description: ScheduleDescription) {
  const decl = ctx.config.temporal.declarations.schedules.find((s) => s.id === description.scheduleId);
  return {
    spec: liveSpecText(description, decl, ctx.config.temporal.declarations),
    paused: description.state.paused,
    note: description.state.note ?? null,
    overlap: description.policies.overlap ?? null,
    catchupWindow: formatDuration(description.policies.catchupWindow),
    workflowType: description.action.workflowType,
    taskQueue: description.action.taskQueue,
  };
}

export interface ChangeResult {
  schedule: ScheduleView;
  change: ScheduleChangeView;
}

export async function changeSchedule(
  ctx: ApiContext,
  field: string,
  id: string,
  operation: ScheduleOperation,
  apply: (client: Client, before: ScheduleDescription) => Promise<Record<string, unknown> | undefined>,
): Promise<ChangeResult> {
  const handleOf = (client: Client) => client.schedule.getHandle(id);
  const { before, after, details } = await withTemporal(ctx, `schedule ${id}`, async (client) => {
    await assertAuditWorker(ctx, client);
    const before = await handleOf(client).describe();
    let details: Record<string, unknown> | undefined;
    try {
      details = await apply(client, before);
    } catch (err) {
      // The client turns the server's "invalid schedule spec" into a TypeError.
      if (operation === 'updateSpec' && err instanceof TypeError) {
        throw new QueryInputError(`invalid schedule spec: ${err.message}`);
      }
      throw err;
    }
    return { before, after: await handleOf(client).describe(), details };
  });
  const input: ScheduleChangeInput = {
    scheduleId: id,
    operation,
    subject: ctx.viewer.subject,
    subjectName: ctx.viewer.name,
    at: new Date().toISOString(),
    before: scheduleState(ctx, before),
    after: scheduleState(ctx, after),
    details,
    requestId: ctx.requestId,
  };
  const client = ctx.temporal as Client;
  let change: ScheduleChangeView;
  try {
    change = await recordChange(ctx, client, field, input);
  } catch (err) {
    throw err instanceof GraphQLError ? err : temporalError(err, `audit of schedule ${id}`);
  }
  return { schedule: toScheduleView(ctx, id, after), change };
}
