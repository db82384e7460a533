import { parisCalendar } from '../../../lib/domain/paris-time';
import type { AlertRules } from '../rules-config';
import { consecutiveRuns, percentile } from './runs';
import {
  type Episode,
  type EvaluationWindow,
  type RegionalRow,
  type RuleResult,
  type Severity,
  isoOf,
  ms,
} from './types';
import type { OverProductionEvidence, OverProductionInstant } from '../../../lib/domain/alert-evidence';

export type OverProductionParams = AlertRules['overProduction'];

/** How far before the window runs are followed, so an episode crossing windows is one run. */
export const RUN_LOOKBACK_MS = 24 * 3_600_000;

interface Point {
  tsUtc: string;
  ratio: number;
  productionMw: number;
  consumptionMw: number;
  parisHour: number;
}

const parisHour = (tsUtc: string): number => Math.floor(parisCalendar(new Date(tsUtc)).timeKey / 60);

function ratioPoint(row: RegionalRow): Point | undefined {
  const { consumptionMw: c, productionMw: p } = row;
  if (c === null || p === null || !(c > 0)) return undefined;
  return {
    tsUtc: row.tsUtc,
    ratio: p / c,
    productionMw: p,
    consumptionMw: c,
    parisHour: parisHour(row.tsUtc),
  };
}

/**
 * Over-production per region: production / consumption strictly above `ratio` AND strictly above
 * the region's own `baselinePercentile` for the same Paris hour of day over the `baselineDays`
 * before the evaluated span, for at least `consecutiveQuarterHours` consecutive quarter-hours.
 * A structural exporter (a nuclear region) thus alerts only when its surplus is unusual for
 * itself. With fewer than `minBaselineSamples` baseline ratios for that hour the rule does not
 * fire (no percentile to trust); with minBaselineSamples 0 and no history, the absolute ratio alone
 * decides. Severity: the largest margin of the run above the bar (the larger of both thresholds).
 *
 * `rows` hold the window plus its context: from `window.from` − baselineDays − 24 h to `window.to`.
 */
export function evaluateOverProduction(
  rows: RegionalRow[],
  window: EvaluationWindow,
  p: OverProductionParams,
): RuleResult[] {
  const spanStart = ms(window.from) - RUN_LOOKBACK_MS;
  const baselineStart = spanStart - p.baselineDays * 86_400_000;
  const windowFrom = ms(window.from);
  const windowTo = ms(window.to);
  const byRegion = new Map<string, Map<string, RegionalRow>>();
  for (const row of rows) {
    const iso = isoOf(ms(row.tsUtc));
    let m = byRegion.get(row.regionCode);
    if (!m) byRegion.set(row.regionCode, (m = new Map()));
    m.set(iso, { ...row, tsUtc: iso });
  }
  const results: RuleResult[] = [];
  for (const [regionCode, m] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...m.values()].sort((a, b) => ms(a.tsUtc) - ms(b.tsUtc));
    const baseline = new Map<number, number[]>();
    const span: Point[] = [];
    for (const row of sorted) {
      const t = ms(row.tsUtc);
      const point = ratioPoint(row);
      if (!point) continue;
      if (t >= baselineStart && t < spanStart) {
        const list = baseline.get(point.parisHour) ?? [];
        list.push(point.ratio);
        baseline.set(point.parisHour, list);
      } else if (t >= spanStart && t < windowTo) span.push(point);
    }
    const bars = new Map<number, { p: number | undefined; samples: number }>();
    const barOf = (hour: number) => {
      let b = bars.get(hour);
      if (!b) {
        const samples = baseline.get(hour) ?? [];
        b = { p: percentile(samples, p.baselinePercentile), samples: samples.length };
        bars.set(hour, b);
      }
      return b;
    };
    const judge = (pt: Point) => {
      const b = barOf(pt.parisHour);
      const baselineOk = b.samples >= p.minBaselineSamples && b.samples > 0;
      const baselineFired = baselineOk ? pt.ratio > (b.p as number) : p.minBaselineSamples === 0;
      const absoluteFired = pt.ratio > p.ratio;
      const bar = Math.max(p.ratio, baselineOk ? (b.p as number) : p.ratio);
      return {
        fired: absoluteFired && baselineFired,
        baseline: b,
        baselineOk,
        absoluteFired,
        baselineFired,
        margin: pt.ratio - bar,
      };
    };
    const runs = consecutiveRuns(span, (pt) => judge(pt).fired).filter(
      (run) => run.length >= p.consecutiveQuarterHours,
    );
    const firing = new Set(runs.flat().map((pt) => pt.tsUtc));
    const episodes: Episode[] = runs
      .filter((run) => ms((run[run.length - 1] as Point).tsUtc) >= windowFrom)
      .map((run) => {
        let peak = run[0] as Point;
        for (const pt of run) if (pt.ratio > peak.ratio) peak = pt;
        const last = run[run.length - 1] as Point;
        const describe = (pt: Point): OverProductionInstant => {
          const j = judge(pt);
          return {
            tsUtc: pt.tsUtc,
            parisHour: pt.parisHour,
            productionMw: pt.productionMw,
            consumptionMw: pt.consumptionMw,
            ratio: round(pt.ratio),
            absolute: { threshold: p.ratio, fired: j.absoluteFired },
            baseline: {
              percentile: p.baselinePercentile,
              value: j.baseline.p === undefined ? null : round(j.baseline.p),
              samples: j.baseline.samples,
              available: j.baselineOk,
              fired: j.baselineFired,
              ...(j.baselineOk
                ? {}
                : { note: `fewer than ${p.minBaselineSamples} ratios for this Paris hour` }),
            },
            margin: round(j.margin),
          };
        };
        const margin = Math.max(...run.map((pt) => judge(pt).margin));
        const severity: Severity =
          margin >= p.severityMargins.high ? 'high' : margin >= p.severityMargins.medium ? 'medium' : 'low';
        const evidence: OverProductionEvidence = {
          rule: 'OVER_PRODUCTION',
          regionCode,
          quarterHours: run.length,
          requiredQuarterHours: p.consecutiveQuarterHours,
          baselineDays: p.baselineDays,
          maxMargin: round(margin),
          severityMargins: p.severityMargins,
          peak: describe(peak),
          last: describe(last),
        };
        return { start: (run[0] as Point).tsUtc, lastSeen: last.tsUtc, severity, evidence };
      });
    results.push({
      kind: 'OVER_PRODUCTION',
      regionCode,
      episodes,
      evaluated: span.map((pt) => ({
        tsUtc: pt.tsUtc,
        holds: judge(pt).fired,
        firing: firing.has(pt.tsUtc),
      })),
    });
  }
  return results;
}

export const round = (x: number): number => Math.round(x * 10_000) / 10_000;
