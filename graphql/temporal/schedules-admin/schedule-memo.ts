import type { ScheduleDescription } from '@temporalio/client';
// Drift is measured against exactly the hash `npm run schedules:apply` writes in the memo.
export { declaredScheduleHash as declaredHash } from '../../../lib/schedule-hash';

export function memoOf(description: ScheduleDescription): Record<string, unknown> {
  return (description.action.type === 'startWorkflow' ? description.action.memo : undefined) ?? {};
}
