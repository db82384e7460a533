import type { ScheduleDescription } from '@temporalio/client';
import { durationToMs, type ScheduleDeclaration, type TemporalDeclarations } from '../../../lib/config';
import { formatDuration } from './duration-text';
import { declaredHash, memoOf } from './schedule-memo';
import { declaredSpecText, liveSpecText } from './spec-text';

export interface DriftItem {
  field: string;
  declared: string | null;
  live: string | null;
  message: string;
}

export function driftOf(
  decl: ScheduleDeclaration | undefined,
  description: ScheduleDescription | undefined,
  declarations: TemporalDeclarations,
): DriftItem[] {
  if (!description) {
    return [
      {
        field: 'existence',
        declared: 'declared',
        live: null,
        message: 'missing on the server: `npm run schedules:apply` (or a platform start) creates it',
      },
    ];
  }
  if (!decl) {
    return [
      { field: 'existence', declared: null, live: 'present', message: 'not declared in temporal.yaml' },
    ];
  }
  const items: DriftItem[] = [];
  const differs = (field: string, declared: string, live: string) => {
    if (declared !== live)
      items.push({ field, declared, live, message: `${field}: declared ${declared}, live ${live}` });
  };
  const declaredSpec = declaredSpecText(decl);
  const liveSpec = liveSpecText(description, decl, declarations);
  if (/^every \S+$/.test(declaredSpec) && /^every \S+$/.test(liveSpec)) {
    differs('every', declaredSpec.slice(6), liveSpec.slice(6));
  } else {
    differs('spec', declaredSpec, liveSpec);
  }
  const action = description.action;
  differs('workflow', decl.workflow, action.workflowType);
  differs('taskQueue', decl.taskQueue, action.taskQueue);
  differs('overlap', decl.overlap, String(description.policies.overlap));
  differs(
    'catchupWindow',
    formatDuration(durationToMs(decl.catchupWindow)),
    formatDuration(description.policies.catchupWindow),
  );
  differs('paused', String(decl.paused), String(description.state.paused));
  const applied = memoOf(description).gpsDeclaredHash;
  if (applied === undefined) {
    items.push({
      field: 'declaration',
      declared: declaredHash(decl, declarations),
      live: null,
      message:
        'not created from temporal.yaml (no declaration hash): the next reconcile leaves it alone only if nothing differs',
    });
  } else if (applied !== declaredHash(decl, declarations)) {
    items.push({
      field: 'declaration',
      declared: declaredHash(decl, declarations),
      live: String(applied),
      message:
        'temporal.yaml changed this schedule since it was last applied: the next `npm run schedules:apply` (or platform start) overwrites the live schedule',
    });
  }
  return items;
}
