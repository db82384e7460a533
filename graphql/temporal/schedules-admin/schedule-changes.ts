import { SCHEDULE_CHANGES_TABLE } from '../../../lib/domain/schedule-changes';
import type { ApiContext } from '../../context';
import { pageOf, toConnection, type Connection, type PageArgs } from '../../connection';
import { plainIdentifier, workflowUiUrl } from '../client';

export interface ScheduleChangeView {
  id: number;
  scheduleId: string;
  operation: string;
  subject: string;
  subjectName: string | null;
  at: Date;
  before: string;
  after: string;
  details: string | null;
  requestId: string;
  auditWorkflowId: string;
  auditRunId: string;
  auditWebUiUrl: string;
}

export function toChangeView(
  ctx: Pick<ApiContext, 'config'>,
  r: Record<string, unknown>,
): ScheduleChangeView {
  return {
    id: Number(r.id),
    scheduleId: String(r.schedule_id),
    operation: String(r.operation),
    subject: String(r.subject),
    subjectName: r.subject_name === null || r.subject_name === undefined ? null : String(r.subject_name),
    at: new Date(r.at as string),
    before: String(r.before_state),
    after: String(r.after_state),
    details: r.details === null || r.details === undefined ? null : String(r.details),
    requestId: String(r.request_id),
    auditWorkflowId: String(r.workflow_id),
    auditRunId: String(r.run_id),
    auditWebUiUrl: workflowUiUrl(ctx, String(r.workflow_id), String(r.run_id)),
  };
}

export const CHANGE_PAGE = { default: 50, max: 200 };

/** Newest first; keyset on the row id. */
export async function listScheduleChanges(
  ctx: Pick<ApiContext, 'config' | 'db'>,
  scheduleId: string | null | undefined,
  args: PageArgs,
): Promise<Connection<ScheduleChangeView>> {
  const page = pageOf(args, CHANGE_PAGE, 1);
  const query = ctx
    .db(SCHEDULE_CHANGES_TABLE)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (scheduleId) query.where('schedule_id', plainIdentifier('scheduleId', scheduleId));
  if (page.after) query.where('id', '<', Number(page.after[0]));
  const rows = (await query) as Record<string, unknown>[];
  return toConnection(
    rows.map((r) => toChangeView(ctx, r)),
    page,
    (c) => [c.id],
  );
}
