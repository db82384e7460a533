/** The time ranges the console offers; `from` inclusive, `to` exclusive, as the API's arguments. */
export type RangePreset = '24h' | '7d' | '30d' | '1y';

export interface TimeRange {
  from: Date;
  to: Date;
  preset: RangePreset | 'custom';
}

const HOUR = 3_600_000;
export const PRESETS: { id: RangePreset; label: string; ms: number }[] = [
  { id: '24h', label: '24 h', ms: 24 * HOUR },
  { id: '7d', label: '7 days', ms: 7 * 24 * HOUR },
  { id: '30d', label: '30 days', ms: 30 * 24 * HOUR },
  { id: '1y', label: '1 year', ms: 365 * 24 * HOUR },
];

/** The API's quarter-hour series stop at 31 days; longer ranges read the daily rollups. */
export const QUARTER_HOUR_LIMIT_MS = 31 * 24 * HOUR;

/**
 * The range in the address (`?range=7d`, or `?from=…&to=…` for a custom one), so that a view can
 * be bookmarked and shared. Presets end now, rounded up to the minute so that polling does not
 * change the query key every second.
 */
export function rangeFromSearch(search: URLSearchParams, now = Date.now()): TimeRange {
  const from = search.get('from');
  const to = search.get('to');
  if (from && to) {
    const range = { from: new Date(from), to: new Date(to), preset: 'custom' as const };
    if (!Number.isNaN(range.from.getTime()) && !Number.isNaN(range.to.getTime()) && range.from < range.to)
      return range;
  }
  const preset = PRESETS.find((p) => p.id === search.get('range')) ?? PRESETS[0]!;
  const end = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(end - preset.ms), to: new Date(end), preset: preset.id };
}

export const isLongRange = (r: TimeRange) => r.to.getTime() - r.from.getTime() > QUARTER_HOUR_LIMIT_MS;

/** `<input type="datetime-local">` speaks local wall-clock time without an offset. */
export function toLocalInput(d: Date): string {
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
