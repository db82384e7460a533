import type { ScheduleDescription } from '@temporalio/client';

type Calendar = NonNullable<ScheduleDescription['spec']['calendars']>[number];
type CalendarRanges = { start: number | string; end: number | string; step?: number }[] | undefined;

const FULL: Record<string, [number | string, number | string]> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: ['JANUARY', 'DECEMBER'],
  dayOfWeek: ['SUNDAY', 'SATURDAY'],
};

/** A calendar spec in cron's field order (second minute hour day-of-month month day-of-week). */
export function renderCalendar(calendar: Calendar): string {
  const field = (name: keyof typeof FULL) => {
    const ranges = (calendar as unknown as Record<string, CalendarRanges>)[name] ?? [];
    const [first, last] = FULL[name] as [number | string, number | string];
    return (
      ranges
        .map(({ start, end, step = 1 }) => {
          const all = start === first && end === last;
          const base = all ? '*' : start === end ? String(start) : `${start}-${end}`;
          return step > 1 ? `${base}/${step}` : base;
        })
        .join(',') || '*'
    );
  };
  return (['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const).map(field).join(' ');
}
