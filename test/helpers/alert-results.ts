import type { AlertKind, Episode, RuleResult, Severity } from '../../activities/alerts/rules/types';

/**
 * Hand-made rule results for seeding alerts through the store's own lifecycle (no SQL written
 * by hand): quarter-hour q counts from T0, and the firing quarter-hours form the episodes.
 */

const QH = 15 * 60_000;
export const T0 = '2026-06-10T00:00:00.000Z';
export const at = (qh: number): string => new Date(Date.parse(T0) + qh * QH).toISOString();

/**
 * A result over quarter-hours [from, to), firing on the given ones (a qualifying run); the
 * condition holds on those and on `alsoHolding` (a run still too short to qualify).
 */
export function result(
  from: number,
  to: number,
  firing: number[],
  severity: Severity = 'low',
  regionCode: string | null = '52',
  kind: AlertKind = 'OVER_PRODUCTION',
  alsoHolding: number[] = [],
): RuleResult {
  const episodes: Episode[] = [];
  const sorted = [...firing].sort((a, b) => a - b);
  let start: number | undefined;
  sorted.forEach((q, i) => {
    if (start === undefined) start = q;
    if (sorted[i + 1] !== q + 1) {
      episodes.push({ start: at(start), lastSeen: at(q), severity, evidence: { lastSeen: at(q) } });
      start = undefined;
    }
  });
  const evaluated = [];
  for (let q = from; q < to; q++) {
    const isFiring = firing.includes(q);
    evaluated.push({ tsUtc: at(q), holds: isFiring || alsoHolding.includes(q), firing: isFiring });
  }
  return { kind, regionCode, episodes, evaluated };
}
