import type { Knex } from 'knex';
import { nationalHoliday } from '../../lib/domain/french-holidays';
import { parisCalendar, type ParisCalendar } from '../../lib/domain/paris-time';
import { insertOrIgnore } from '../../lib/sql-dialect';

/**
 * The Paris calendar of loaded instants and the dim_date rows it needs, shared by every Gold
 * loader whose facts carry a date_key: one definition of a Paris date, its weekend and its
 * holiday, whichever dataset brings the date first.
 */

/** The dim_date rows of the Paris dates of some instants, with weekend and holiday flags. */
export function dateRows(calendars: ParisCalendar[]): Record<string, unknown>[] {
  return [...new Map(calendars.map((c) => [c.dateKey, c])).values()].map((c) => ({
    date_key: c.dateKey,
    calendar_date: c.calendarDate,
    year: c.year,
    month: c.month,
    day: c.day,
    iso_weekday: c.isoWeekday,
    is_weekend: c.isoWeekday >= 6,
    is_holiday: nationalHoliday(c.calendarDate) !== undefined,
    holiday_name: nationalHoliday(c.calendarDate)?.name ?? null,
  }));
}

/** Paris dates of the loaded instants, in dim_date. */
export async function ensureDateRows(db: Knex, calendars: ParisCalendar[]): Promise<void> {
  await insertOrIgnore(db, 'dim_date', ['date_key'], dateRows(calendars));
}

export interface CalendarCache {
  of(ts: Date): ParisCalendar;
  all(): ParisCalendar[];
}

/** Paris calendar of each instant, computed once per instant of a load. */
export function calendarCache(): CalendarCache {
  const calendars = new Map<number, ParisCalendar>();
  return {
    of(ts) {
      const cached = calendars.get(ts.getTime());
      if (cached) return cached;
      const cal = parisCalendar(ts);
      calendars.set(ts.getTime(), cal);
      return cal;
    },
    all: () => [...calendars.values()],
  };
}
