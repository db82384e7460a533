/** An optional time window [from, to) as the API's DateTime arguments; either end may be open. */
export interface TimeWindow {
  from?: string;
  to?: string;
}

const instant = (value: string | null) => {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

/**
 * The window in the address (`?from=…&to=…`). Unlike the Overview's range it may be open at
 * either end, since a list of runs or audit events needs no window at all; a bad date is ignored.
 */
export function windowFromSearch(search: URLSearchParams): TimeWindow {
  return { from: instant(search.get('from')), to: instant(search.get('to')) };
}
