import { Context } from '@temporalio/activity';
import {
  SCHEDULE_CHANGES_TABLE,
  type ScheduleChangeInput,
  type ScheduleChangeRecorded,
} from '../lib/domain/schedule-changes';
import type { ActivityDeps } from './deps';

/**
 * Writes the audit row of one schedule change with the writer principal (the API cannot write).
 * Idempotent per workflow run: if an earlier attempt inserted the row but its completion was
 * lost, the retry finds the row by run id and returns it.
 */
export function createScheduleChangeActivities(deps: Pick<ActivityDeps, 'db'>) {
  return {
    async insertScheduleChange(input: ScheduleChangeInput): Promise<ScheduleChangeRecorded> {
      const execution = Context.current().info.workflowExecution;
      if (!execution) throw new Error('insertScheduleChange runs inside the recordScheduleChange workflow');
      const existing = await deps.db(SCHEDULE_CHANGES_TABLE).where({ run_id: execution.runId }).first('id');
      if (existing) return { id: Number(existing.id), existed: true };
      await deps.db(SCHEDULE_CHANGES_TABLE).insert({
        schedule_id: input.scheduleId,
        operation: input.operation,
        subject: input.subject,
        subject_name: input.subjectName ?? null,
        at: input.at,
        before_state: JSON.stringify(input.before ?? null),
        after_state: JSON.stringify(input.after ?? null),
        details: input.details ? JSON.stringify(input.details) : null,
        request_id: input.requestId,
        workflow_id: execution.workflowId,
        run_id: execution.runId,
      });
      const row = await deps.db(SCHEDULE_CHANGES_TABLE).where({ run_id: execution.runId }).first('id');
      return { id: Number(row.id), existed: false };
    },
  };
}
