/**
 * How old a lake object is for retention, and when it expires. Ages come from the date a key
 * carries (Bronze `date=YYYY-MM-DD`, the UTC day it was fetched; Silver
 * `year=YYYY/month=MM/day=DD`, the UTC day of its rows), never from a file's modification time,
 * which a copy, a restore or a re-merge would reset. Days are UTC days, so the Paris DST change
 * moves no cutoff.
 */

const DAY_MS = 86_400_000;

/** The instant `days` days of 24 h before `asOf`; undefined for 0, which keeps forever. */
export function retentionCutoff(asOf: Date, days: number): Date | undefined {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`retention days must be a whole number ≥ 0: ${days}`);
  if (days === 0) return undefined;
  return new Date(asOf.getTime() - days * DAY_MS);
}

/** The UTC day (its midnight) as `YYYY-MM-DD`, or undefined for a date that does not exist. */
function utcDay(year: string, month: string, day: string): Date | undefined {
  const start = new Date(`${year}-${month}-${day}T00:00:00Z`);
  if (Number.isNaN(start.getTime())) return undefined;
  // `2025-02-30` parses as 2 March on some engines: accept only a day that reads back the same.
  return start.toISOString().slice(0, 10) === `${year}-${month}-${day}` ? start : undefined;
}

/**
 * The UTC day a key is dated by, from a `date=YYYY-MM-DD` folder or a `year=/month=/day=` triple;
 * undefined when it carries none (markers, monthly or yearly partitions, single-file datasets).
 */
export function keyDay(key: string): Date | undefined {
  const parts = key.split('/');
  for (let i = 0; i < parts.length; i += 1) {
    const dated = /^date=(\d{4})-(\d{2})-(\d{2})$/.exec(parts[i] as string);
    if (dated) return utcDay(dated[1] as string, dated[2] as string, dated[3] as string);
    const year = /^year=(\d{4})$/.exec(parts[i] as string);
    const month = /^month=(\d{2})$/.exec(parts[i + 1] ?? '');
    const day = /^day=(\d{2})$/.exec(parts[i + 2] ?? '');
    if (year && month && day) return utcDay(year[1] as string, month[1] as string, day[1] as string);
  }
  return undefined;
}

/**
 * A day expires only once all of it is older than the cutoff: its end (next midnight UTC) at or
 * before the cutoff. So nothing dated at or after the cutoff is ever deleted.
 */
export function dayExpired(day: Date, cutoff: Date): boolean {
  return day.getTime() + DAY_MS <= cutoff.getTime();
}
