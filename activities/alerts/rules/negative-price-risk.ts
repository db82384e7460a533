import { nationalHoliday } from '../../../lib/domain/french-holidays';
import { parisCalendar } from '../../../lib/domain/paris-time';
import type { AlertRules } from '../rules-config';
import { RUN_LOOKBACK_MS, round } from './over-production';
import { consecutiveRuns } from './runs';
import {
  type Episode,
  type EvaluationWindow,
  type PriceRow,
  type RegionalRow,
  type RuleResult,
  type Severity,
  isoOf,
  ms,
  maxSeverity,
} from './types';
import type {
  NegativePriceRiskEvidence,
  NegativePriceRiskInstant,
  RiskComponent,
} from '../../../lib/domain/alert-evidence';

export type NegativePriceRiskParams = AlertRules['negativePriceRisk'];

interface Assessment {
  tsUtc: string;
  score: number;
  fired: boolean;
  severity: Severity;
  priceEvent: boolean;
  components: Record<string, RiskComponent>;
}

/** The price interval covering an instant: start ≤ t < start + resolution. */
function priceAt(prices: PriceRow[], t: number): PriceRow | undefined {
  for (const p of prices) {
    const start = ms(p.tsUtc);
    if (start <= t && t < start + p.resolutionMinutes * 60_000) return p;
  }
  return undefined;
}

/**
 * Scores one quarter-hour. Components: residual load share (consumption − wind − solar −
 * mustRunNuclearShare × nuclear, over consumption, at most residualShare), net exports share
 * (−ech_physiques over consumption, at least exportShare), non-working day (weekend or French
 * national holiday, Paris date), midday solar hours (Paris time), and the day-ahead price when
 * available (≤ lowPriceEurMwh adds its weight; ≤ 0 is the event itself). The quarter-hour fires
 * when the score reaches scoreThreshold or the price is ≤ 0.
 */
export function assessQuarterHour(
  row: Pick<RegionalRow, 'tsUtc' | 'consumptionMw' | 'netExchangeMw' | 'windMw' | 'solarMw' | 'nuclearMw'>,
  price: PriceRow | undefined,
  pricesKnown: boolean,
  p: NegativePriceRiskParams,
): Assessment | undefined {
  const c = row.consumptionMw;
  if (c === null || !(c > 0)) return undefined;
  const w = p.weights;
  const components: Record<string, RiskComponent> = {};
  if (row.windMw !== null && row.solarMw !== null && row.nuclearMw !== null) {
    const residual = c - row.windMw - row.solarMw - p.mustRunNuclearShare * row.nuclearMw;
    const share = residual / c;
    components.residualLoad = {
      value: round(share),
      threshold: p.residualShare,
      fired: share <= p.residualShare,
      weight: w.residualLoad,
      available: true,
    };
  } else {
    components.residualLoad = {
      value: null,
      threshold: p.residualShare,
      fired: false,
      weight: w.residualLoad,
      available: false,
      note: 'wind, solar or nuclear production missing',
    };
  }
  if (row.netExchangeMw !== null) {
    const share = -row.netExchangeMw / c;
    components.netExports = {
      value: round(share),
      threshold: p.exportShare,
      fired: share >= p.exportShare,
      weight: w.netExports,
      available: true,
    };
  } else {
    components.netExports = {
      value: null,
      threshold: p.exportShare,
      fired: false,
      weight: w.netExports,
      available: false,
      note: 'net exchange missing',
    };
  }
  const cal = parisCalendar(new Date(row.tsUtc));
  const holiday = nationalHoliday(cal.calendarDate);
  const weekend = cal.isoWeekday >= 6;
  components.nonWorkingDay = {
    value: holiday
      ? `holiday: ${holiday.name}`
      : weekend
        ? cal.isoWeekday === 6
          ? 'Saturday'
          : 'Sunday'
        : 'working day',
    fired: weekend || holiday !== undefined,
    weight: w.nonWorkingDay,
    available: true,
  };
  const hour = cal.timeKey / 60;
  components.middaySolar = {
    value: `${String(Math.floor(hour)).padStart(2, '0')}:${String(cal.timeKey % 60).padStart(2, '0')} Paris`,
    threshold: `${p.middaySolarHours.from}:00–${p.middaySolarHours.to}:00`,
    fired: hour >= p.middaySolarHours.from && hour < p.middaySolarHours.to,
    weight: w.middaySolar,
    available: true,
  };
  components.dayAheadPrice = price
    ? {
        value: price.priceEurMwh,
        threshold: p.lowPriceEurMwh,
        fired: price.priceEurMwh <= p.lowPriceEurMwh,
        weight: w.lowPrice,
        available: true,
      }
    : {
        value: null,
        threshold: p.lowPriceEurMwh,
        fired: false,
        weight: w.lowPrice,
        available: false,
        note: pricesKnown
          ? 'no day-ahead price for this quarter-hour'
          : 'not available: fact_day_ahead_price absent or empty',
      };
  const score = Object.values(components).reduce((s, x) => s + (x.fired ? x.weight : 0), 0);
  const priceEvent = price !== undefined && price.priceEurMwh <= 0;
  const fired = priceEvent || score >= p.scoreThreshold;
  let severity: Severity = 'low';
  if (components.dayAheadPrice.fired) severity = 'medium';
  const physicalMax = w.residualLoad + w.netExports + w.nonWorkingDay + w.middaySolar;
  if (score - (components.dayAheadPrice.fired ? w.lowPrice : 0) >= physicalMax)
    severity = maxSeverity(severity, 'medium');
  if (priceEvent) severity = 'high';
  return { tsUtc: row.tsUtc, score, fired, severity, priceEvent, components };
}

/** Sums regions per quarter-hour; an instant missing a region (or a value) is left out. */
export function nationalRows(rows: RegionalRow[]): RegionalRow[] {
  const regions = new Set(rows.map((r) => r.regionCode));
  const byTs = new Map<string, RegionalRow[]>();
  for (const r of rows) {
    const iso = isoOf(ms(r.tsUtc));
    const list = byTs.get(iso) ?? [];
    list.push(r);
    byTs.set(iso, list);
  }
  const sum = (list: RegionalRow[], k: keyof RegionalRow): number | null =>
    list.some((r) => r[k] === null) ? null : list.reduce((s, r) => s + (r[k] as number), 0);
  const out: RegionalRow[] = [];
  for (const [tsUtc, list] of byTs) {
    if (new Set(list.map((r) => r.regionCode)).size < regions.size) continue;
    out.push({
      regionCode: 'FR',
      tsUtc,
      consumptionMw: sum(list, 'consumptionMw'),
      productionMw: sum(list, 'productionMw'),
      netExchangeMw: sum(list, 'netExchangeMw'),
      windMw: sum(list, 'windMw'),
      solarMw: sum(list, 'solarMw'),
      nuclearMw: sum(list, 'nuclearMw'),
    });
  }
  return out;
}

function evaluateSubject(
  regionCode: string | null,
  rows: RegionalRow[],
  prices: PriceRow[],
  window: EvaluationWindow,
  p: NegativePriceRiskParams,
): RuleResult {
  const spanStart = ms(window.from) - RUN_LOOKBACK_MS;
  const windowFrom = ms(window.from);
  const windowTo = ms(window.to);
  const unique = new Map<string, RegionalRow>();
  for (const r of rows) {
    const t = ms(r.tsUtc);
    if (t >= spanStart && t < windowTo) unique.set(isoOf(t), { ...r, tsUtc: isoOf(t) });
  }
  const points = [...unique.values()]
    .sort((a, b) => ms(a.tsUtc) - ms(b.tsUtc))
    .map((r) => assessQuarterHour(r, priceAt(prices, ms(r.tsUtc)), prices.length > 0, p))
    .filter((a): a is Assessment => a !== undefined);
  const runs = consecutiveRuns(points, (a) => a.fired).filter((r) => r.length >= p.consecutiveQuarterHours);
  const firing = new Set(runs.flat().map((a) => a.tsUtc));
  const episodes: Episode[] = runs
    .filter((run) => ms((run[run.length - 1] as Assessment).tsUtc) >= windowFrom)
    .map((run) => {
      let peak = run[0] as Assessment;
      for (const a of run) if (a.score > peak.score || (a.priceEvent && !peak.priceEvent)) peak = a;
      const last = run[run.length - 1] as Assessment;
      const describe = (a: Assessment): NegativePriceRiskInstant => ({
        tsUtc: a.tsUtc,
        score: a.score,
        priceEvent: a.priceEvent,
        components: a.components,
      });
      const evidence: NegativePriceRiskEvidence = {
        rule: 'NEGATIVE_PRICE_RISK',
        regionCode,
        quarterHours: run.length,
        requiredQuarterHours: p.consecutiveQuarterHours,
        scoreThreshold: p.scoreThreshold,
        priceAvailable: prices.length > 0,
        peak: describe(peak),
        last: describe(last),
      };
      return {
        start: (run[0] as Assessment).tsUtc,
        lastSeen: last.tsUtc,
        severity: run.reduce<Severity>((s, a) => maxSeverity(s, a.severity), 'low'),
        evidence,
      };
    });
  return {
    kind: 'NEGATIVE_PRICE_RISK',
    regionCode,
    episodes,
    evaluated: points.map((a) => ({ tsUtc: a.tsUtc, holds: a.fired, firing: firing.has(a.tsUtc) })),
  };
}

/**
 * Negative-price risk, nationally (regionCode null: the regions summed, an instant counted only
 * when every region reported) and per region. Prices are the French bidding zone's, the same for
 * every region; empty when fact_day_ahead_price is absent or empty, and the evidence says so.
 */
export function evaluateNegativePriceRisk(
  rows: RegionalRow[],
  prices: PriceRow[],
  window: EvaluationWindow,
  p: NegativePriceRiskParams,
): RuleResult[] {
  const spanStart = ms(window.from) - RUN_LOOKBACK_MS;
  const recent = rows.filter((r) => ms(r.tsUtc) >= spanStart && ms(r.tsUtc) < ms(window.to));
  const results = [evaluateSubject(null, nationalRows(recent), prices, window, p)];
  const regions = [...new Set(recent.map((r) => r.regionCode))].sort();
  for (const region of regions)
    results.push(
      evaluateSubject(
        region,
        recent.filter((r) => r.regionCode === region),
        prices,
        window,
        p,
      ),
    );
  return results;
}
