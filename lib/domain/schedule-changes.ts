/**
 * The audit trail of schedule administration, shared by the API (which asks for a row), the
 * `recordScheduleChange` workflow and its activity (which write it with the writer principal).
 * The API's own database principal cannot write: only the workers do (DESIGN §5).
 */

export const SCHEDULE_CHANGES_TABLE = 'schedule_changes';
export const RECORD_SCHEDULE_CHANGE_WORKFLOW = 'recordScheduleChange';

export type ScheduleOperation = 'updateSpec' | 'pause' | 'unpause' | 'trigger' | 'backfill';

/** What the API knows about one change, after Temporal accepted it. */
export interface ScheduleChangeInput {
  scheduleId: string;
  operation: ScheduleOperation;
  /** Token subject of the admin who asked. */
  subject: string;
  subjectName?: string;
  /** When the API applied the change (ISO 8601, UTC). */
  at: string;
  /** The schedule before and after the change, as JSON-serialisable summaries. */
  before: unknown;
  after: unknown;
  /** Operation arguments (backfill range, overlap policy...). */
  details?: Record<string, unknown>;
  requestId: string;
}

export interface ScheduleChangeRecorded {
  id: number;
  /** True when an earlier attempt of the same run had already written the row. */
  existed: boolean;
}

/** The audit workflow's id: one per GraphQL request and mutation field, so a retry cannot write twice. */
export function scheduleChangeWorkflowId(requestId: string, field: string): string {
  return `schedule-change-${requestId}-${field}`;
}
