import { QUARTER_HOUR_MS, ms } from './types';

/**
 * Splits instants (sorted, unique, UTC) into runs of consecutive quarter-hours where `holds` is
 * true. Consecutive means exactly 15 minutes apart on the UTC clock, so a missing quarter-hour
 * ends a run and the autumn DST night (25 local hours) is 100 ordinary quarter-hours.
 */
export function consecutiveRuns<T extends { tsUtc: string }>(points: T[], holds: (p: T) => boolean): T[][] {
  const runs: T[][] = [];
  let current: T[] = [];
  let previous = Number.NaN;
  for (const p of points) {
    const t = ms(p.tsUtc);
    if (!holds(p)) {
      if (current.length) runs.push(current);
      current = [];
    } else if (current.length && t - previous === QUARTER_HOUR_MS) {
      current.push(p);
    } else {
      if (current.length) runs.push(current);
      current = [p];
    }
    previous = t;
  }
  if (current.length) runs.push(current);
  return runs;
}

/** Linear-interpolated percentile (0..100) of a non-empty list; undefined when empty. */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}
