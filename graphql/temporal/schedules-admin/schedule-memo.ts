import type { ScheduleDescription } from '@temporalio/client';
import type { ScheduleDeclaration, TemporalDeclarations } from '../../../lib/config';
// The reconcile's own view of a declaration (spec, policies, declared hash): drift is measured
// against exactly what `npm run schedules:apply` would write.
import { scheduleOptions } from '../../../workers/schedules';

export function declaredHash(decl: ScheduleDeclaration, declarations: TemporalDeclarations): string {
  const options = scheduleOptions(decl, declarations);
  return String(options.action.memo?.gpsDeclaredHash ?? '');
}

export function memoOf(description: ScheduleDescription): Record<string, unknown> {
  return (description.action.type === 'startWorkflow' ? description.action.memo : undefined) ?? {};
}
