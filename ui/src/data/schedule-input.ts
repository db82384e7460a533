/**
 * Client-side checks of an Admin's schedule edits, for the obvious mistakes only: they save a
 * round trip and say what is wrong beside the field. The API checks again and is the judge; its
 * answer is shown as it comes. Each returns the problem in words, or undefined when it looks right.
 */

const EVERY = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DAY_MS = UNIT_MS.d;
const CRON_FIELD = /^[A-Za-z0-9*/,?#-]+$/;
/** The API's bounds (graphql/temporal/schedules-admin/mutations.ts). */
const MAX_DAYS = 366;

export function checkEvery(text: string): string | undefined {
  const match = EVERY.exec(text.trim());
  if (!match) return 'An interval is a whole number and a unit: 90s, 15m, 1h or 1d.';
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms < UNIT_MS.m || ms > MAX_DAYS * DAY_MS) return `An interval is between 1m and ${MAX_DAYS}d.`;
  return undefined;
}

export function checkCron(text: string): string | undefined {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 7 || !fields.every((f) => CRON_FIELD.test(f)))
    return 'A cron expression has 5 to 7 fields, e.g. */15 * * * * (minute hour day month weekday).';
  return undefined;
}

/** A backfill replays past times: `from` before `to`, `to` not in the future, at most a year. */
export function checkBackfillRange(from: Date, to: Date, now = Date.now()): string | undefined {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'Give both date-times.';
  if (from >= to) return '“From” must be before “to”.';
  if (to.getTime() > now) return '“To” must not be in the future: a backfill replays past times.';
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) return `A backfill spans at most ${MAX_DAYS} days.`;
  return undefined;
}
