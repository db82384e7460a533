const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** Paris wall-clock time of an instant with its offset, e.g. 2025-02-20T13:30:00+01:00. */
export function parisLocalIso(instant: Date): string {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : (p.timeZoneName ?? '').replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** Paris wall-clock time for spreadsheets: 2025-02-20 13:30:00 (Excel reads it as a date). */
export function parisLocalText(instant: Date): string {
  return parisLocalIso(instant).slice(0, 19).replace('T', ' ');
}

/** UTC for spreadsheets: 2025-02-20 12:30:00. */
export function utcText(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}
