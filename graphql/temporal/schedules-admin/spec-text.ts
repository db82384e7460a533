import type { ScheduleDescription } from '@temporalio/client';
import { durationToMs, type ScheduleDeclaration, type TemporalDeclarations } from '../../../lib/config';
import { renderCalendar } from './calendar-text';
import { formatDuration } from './duration-text';
import { declaredHash, memoOf } from './schedule-memo';

export function declaredSpecText(decl: ScheduleDeclaration): string {
  return decl.every ? `every ${formatDuration(durationToMs(decl.every))}` : `cron ${decl.cron}`;
}

/**
 * The server keeps a cron spec as a calendar, not as the cron text. The text is known when this
 * API set it (kept in the action memo as `gpsCron`) or when the reconcile wrote the declaration
 * and nobody changed the schedule since; otherwise the calendar is shown.
 */
export function liveSpecText(
  description: ScheduleDescription,
  decl: ScheduleDeclaration | undefined,
  declarations: TemporalDeclarations,
): string {
  const parts: string[] = [];
  for (const interval of description.spec.intervals ?? []) {
    const offset = interval.offset ? ` offset ${formatDuration(Number(interval.offset))}` : '';
    parts.push(`every ${formatDuration(Number(interval.every))}${offset}`);
  }
  const calendars = description.spec.calendars ?? [];
  if (calendars.length) {
    const memo = memoOf(description);
    const cron =
      typeof memo.gpsCron === 'string'
        ? memo.gpsCron
        : decl?.cron && memo.gpsDeclaredHash === declaredHash(decl, declarations)
          ? decl.cron
          : undefined;
    if (cron) parts.push(`cron ${cron}`);
    else for (const c of calendars) parts.push(`calendar ${renderCalendar(c)}`);
  }
  return parts.join('; ') || 'none';
}
