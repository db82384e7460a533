/**
 * Paris wall-clock time of UTC instants, for every item of an answer. Intl formats one instant
 * in microseconds, too slow for thousands of items per request, so the offset comes from the EU
 * rule instead (summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October, in force since 1996), and test/unit checks it against Intl.
 */

const transitions = new Map<number, [start: number, end: number]>();

function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Minutes east of UTC in Paris at an instant: 60 in winter, 120 in summer. */
export function parisOffsetMinutes(instant: Date): number {
  const year = instant.getUTCFullYear();
  let summer = transitions.get(year);
  if (!summer) transitions.set(year, (summer = [lastSundayAt1Utc(year, 2), lastSundayAt1Utc(year, 9)]));
  const t = instant.getTime();
  return t >= summer[0] && t < summer[1] ? 120 : 60;
}

/** Paris wall-clock time of an instant with its offset, e.g. 2025-02-20T13:30:00+01:00. */
export function parisLocalIso(instant: Date): string {
  const offset = parisOffsetMinutes(instant);
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}+0${offset / 60}:00`;
}

/** Paris wall-clock time for spreadsheets: 2025-02-20 13:30:00 (Excel reads it as a date). */
export function parisLocalText(instant: Date): string {
  return parisLocalIso(instant).slice(0, 19).replace('T', ' ');
}

/** UTC for spreadsheets: 2025-02-20 12:30:00. */
export function utcText(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}
