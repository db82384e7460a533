/**
 * Paris-local calendar keys for a UTC instant. eCO2mix publishes local `date`/`heure` too, but
 * those repeat on the autumn DST night; we always derive them from the UTC instant instead.
 */
const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface ParisCalendar {
  dateKey: number; // YYYYMMDD
  calendarDate: string; // YYYY-MM-DD
  year: number;
  month: number;
  day: number;
  isoWeekday: number;
  timeKey: number; // minutes after local midnight
}

export function parisCalendar(instant: Date): ParisCalendar {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    dateKey: year * 10_000 + month * 100 + day,
    calendarDate: `${parts.year}-${parts.month}-${parts.day}`,
    year,
    month,
    day,
    isoWeekday: WEEKDAYS[parts.weekday as string] ?? 0,
    timeKey: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * The UTC instant at which a Paris date (YYYYMMDD) begins. Paris is UTC+1 or UTC+2 and changes
 * offset at 02:00 or 03:00 local, never at midnight, so midnight is one of two candidates.
 */
export function parisMidnightUtc(dateKey: number): Date {
  const utcMidnight = Date.UTC(
    Math.floor(dateKey / 10_000),
    Math.floor((dateKey % 10_000) / 100) - 1,
    dateKey % 100,
  );
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000);
    const cal = parisCalendar(candidate);
    if (cal.dateKey === dateKey && cal.timeKey === 0) return candidate;
  }
  throw new Error(`no Paris midnight found for date key ${dateKey}`);
}
