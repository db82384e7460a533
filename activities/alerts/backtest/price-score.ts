import { type PriceRow, QUARTER_HOUR_MS, ms } from '../rules/types';
import type { RaisedEpisode } from './episode-ledger';

const HOUR_MS = 3_600_000;
const hourOf = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS;

/**
 * The truth the negative-price signal is scored against: each UTC hour of [from, to) that has a
 * day-ahead price, and whether it was ≤ 0. With quarter-hour prices an hour is negative when any
 * of its quarter-hours is, as an hour is predicted when any of its quarter-hours was flagged.
 */
export function addPriceHours(
  truth: Map<number, boolean>,
  prices: PriceRow[],
  from: number,
  to: number,
): void {
  for (const p of prices) {
    const t = ms(p.tsUtc);
    if (t < from || t >= to) continue;
    const hour = hourOf(t);
    truth.set(hour, (truth.get(hour) ?? false) || p.priceEurMwh <= 0);
  }
}

export interface NegativePriceScore {
  /** UTC hours of the range with a day-ahead price: the only hours scored. */
  hoursPriced: number;
  negativeHours: number;
  /** Priced hours with at least one flagged quarter-hour. */
  predictedHours: number;
  /** Predicted hours that were negative. */
  hits: number;
  /** hits / predictedHours; null when nothing was predicted. */
  precision: number | null;
  /** hits / negativeHours; null when no hour was negative. */
  recall: number | null;
  /** Runs of consecutive negative hours. */
  negativeEpisodes: number;
  /** Negative-price episodes overlapped by a raised alert (at any time, even late). */
  detectedEpisodes: number;
  /** Detected episodes whose alert could have fired at or before their first negative hour. */
  warnedEpisodes: number;
  /** Over detected episodes: first negative hour − first instant the alert could fire. */
  leadMedianMinutes: number | null;
  leadMinMinutes: number | null;
}

/** Consecutive negative hours as [start, end) intervals. */
function negativeEpisodes(truth: Map<number, boolean>): { start: number; end: number }[] {
  const hours = [...truth]
    .filter(([, negative]) => negative)
    .map(([h]) => h)
    .sort((a, b) => a - b);
  const out: { start: number; end: number }[] = [];
  for (const h of hours) {
    const last = out[out.length - 1];
    if (last && last.end === h) last.end = h + HOUR_MS;
    else out.push({ start: h, end: h + HOUR_MS });
  }
  return out;
}

function median(sorted: number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Scores one negative-price signal (its flagged quarter-hours and the alerts it raised) against
 * the priced hours. An alert can first fire once its run holds `requiredQuarterHours` quarter-hours,
 * i.e. at the end of the last of them: start + requiredQuarterHours × 15 min. That instant is
 * computed from realised data, so a positive lead says "the physical signs were there that long
 * before the price turned negative", not that a forecast would have seen it (see operations.md).
 */
export function scoreNegativePriceSignal(
  flagged: number[],
  raised: RaisedEpisode[],
  truth: Map<number, boolean>,
  requiredQuarterHours: number,
): NegativePriceScore {
  const predicted = new Set(flagged.map(hourOf).filter((h) => truth.has(h)));
  const negativeHours = [...truth.values()].filter(Boolean).length;
  const hits = [...predicted].filter((h) => truth.get(h) === true).length;
  const episodes = negativeEpisodes(truth);
  const leads: number[] = [];
  for (const ep of episodes) {
    const overlapping = raised.filter(
      (a) => ms(a.start) < ep.end && ms(a.lastSeen) + QUARTER_HOUR_MS > ep.start,
    );
    if (!overlapping.length) continue;
    const firstFire = Math.min(
      ...overlapping.map((a) => ms(a.start) + requiredQuarterHours * QUARTER_HOUR_MS),
    );
    leads.push((ep.start - firstFire) / 60_000);
  }
  leads.sort((a, b) => a - b);
  return {
    hoursPriced: truth.size,
    negativeHours,
    predictedHours: predicted.size,
    hits,
    precision: predicted.size ? hits / predicted.size : null,
    recall: negativeHours ? hits / negativeHours : null,
    negativeEpisodes: episodes.length,
    detectedEpisodes: leads.length,
    warnedEpisodes: leads.filter((l) => l >= 0).length,
    leadMedianMinutes: median(leads),
    leadMinMinutes: leads.length ? (leads[0] as number) : null,
  };
}
