import path from 'node:path';
import { parseAlertRules, readAlertRules, type AlertRules } from '../../activities/alerts/rules-config';
import { evaluateNegativePriceRisk } from '../../activities/alerts/rules/negative-price-risk';
import { evaluateOverProduction } from '../../activities/alerts/rules/over-production';
import type { PriceRow, RegionalRow } from '../../activities/alerts/rules/types';

const RULES = readAlertRules(path.join(__dirname, '../../alerts.yaml'));
const QH = 15 * 60_000;
const at = (iso: string, qh = 0): string => new Date(Date.parse(iso) + qh * QH).toISOString();

function row(
  regionCode: string,
  tsUtc: string,
  consumptionMw: number,
  productionMw: number,
  extra: Partial<RegionalRow> = {},
): RegionalRow {
  return {
    regionCode,
    tsUtc,
    consumptionMw,
    productionMw,
    netExchangeMw: consumptionMw - productionMw,
    windMw: 0,
    solarMw: 0,
    nuclearMw: 0,
    ...extra,
  };
}

/** Over-production without a baseline requirement: the absolute ratio alone decides. */
const noBaseline = { ...RULES.overProduction, minBaselineSamples: 0 };

describe('alerts.yaml', () => {
  test('the shipped file validates and every threshold has its rationale', () => {
    expect(RULES.overProduction.ratio).toBe(1.2);
    expect(RULES.lifecycle.resolveAfterClearQuarterHours).toBe(4);
  });

  test('a bad field is named in the error', () => {
    expect(() => parseAlertRules({ overProduction: { ratio: { value: -1, why: 'x' } } }, 'bad.yaml')).toThrow(
      /invalid bad\.yaml:[\s\S]*overProduction\.ratio\.value[\s\S]*overProduction\.ratio\.why/,
    );
  });
});

describe('over-production', () => {
  const window = { from: '2026-06-10T00:00:00.000Z', to: '2026-06-10T02:00:00.000Z' };
  const run = (ratios: (number | null)[], start = window.from): RegionalRow[] =>
    ratios.flatMap((r, i) => (r === null ? [] : [row('52', at(start, i), 1000, 1000 * r)]));

  test('a ratio equal to the threshold does not fire; just above it does', () => {
    expect(evaluateOverProduction(run([1.2, 1.2, 1.2, 1.2]), window, noBaseline)[0]?.episodes).toEqual([]);
    const [result] = evaluateOverProduction(run([1.21, 1.21, 1.21, 1.21]), window, noBaseline);
    expect(result?.episodes).toHaveLength(1);
    expect(result?.episodes[0]).toMatchObject({
      start: window.from,
      lastSeen: at(window.from, 3),
      severity: 'low',
    });
  });

  test('N consecutive quarter-hours are needed: N − 1 is not enough', () => {
    expect(evaluateOverProduction(run([1.5, 1.5, 1.5]), window, noBaseline)[0]?.episodes).toEqual([]);
  });

  test('a missing quarter-hour breaks the run', () => {
    const result = evaluateOverProduction(run([1.5, 1.5, null, 1.5, 1.5]), window, noBaseline)[0];
    expect(result?.episodes).toEqual([]);
    expect(result?.evaluated).toHaveLength(4);
  });

  test('severity follows the margin above the bar', () => {
    const [result] = evaluateOverProduction(run([1.3, 1.5, 2.1, 1.3]), window, noBaseline);
    expect(result?.episodes[0]?.severity).toBe('high');
    expect(result?.episodes[0]?.evidence).toMatchObject({ maxMargin: 0.9, peak: { ratio: 2.1 } });
  });

  test('autumn DST night: 25 local hours are 100 UTC quarter-hours, one unbroken run', () => {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC; local 02:00–02:59 happens twice.
    const night = { from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' };
    const rows = Array.from({ length: 100 }, (_, i) => row('52', at(night.from, i), 1000, 1500));
    const [result] = evaluateOverProduction(rows, night, noBaseline);
    expect(result?.evaluated).toHaveLength(100);
    expect(result?.episodes).toHaveLength(1);
    expect(result?.episodes[0]).toMatchObject({
      start: night.from,
      lastSeen: '2026-10-25T22:45:00.000Z',
      evidence: { quarterHours: 100 },
    });
  });

  test('an episode crossing two windows is one run, seen from its start in the second window', () => {
    // 00:30 and 00:45 in the first window (too short), 01:00 and 01:15 in the second.
    const rows = run([null, null, 1.5, 1.5, 1.5, 1.5]);
    const first = { from: window.from, to: at(window.from, 4) };
    const second = { from: at(window.from, 4), to: at(window.from, 8) };
    expect(
      evaluateOverProduction(
        rows.filter((r) => r.tsUtc < first.to),
        first,
        noBaseline,
      )[0]?.episodes,
    ).toEqual([]);
    const [result] = evaluateOverProduction(rows, second, noBaseline);
    expect(result?.episodes).toEqual([
      expect.objectContaining({
        start: at(window.from, 2),
        lastSeen: at(window.from, 5),
        evidence: expect.objectContaining({ quarterHours: 4 }),
      }),
    ]);
  });

  test('an episode that ended before the window is not reported again', () => {
    const rows = run([1.5, 1.5, 1.5, 1.5, 1, 1, 1, 1, 1]);
    const later = { from: at(window.from, 6), to: at(window.from, 9) };
    const [result] = evaluateOverProduction(rows, later, noBaseline);
    expect(result?.episodes).toEqual([]);
    expect(result?.evaluated.filter((e) => e.firing)).toHaveLength(4);
  });

  describe('a structural exporter is judged against itself', () => {
    // Region 24 exports every hour: production about three times consumption for 30 days.
    const from = '2026-06-30T00:00:00.000Z';
    const history: RegionalRow[] = [];
    for (let i = -30 * 96; i < 0; i++) {
      const day = Math.floor(i / 96);
      history.push(row('24', at(from, i), 1000, 3000 + ((day + 40) % 5) * 20));
    }
    const w = { from, to: at(from, 8) };
    const windowRows = (production: number) =>
      Array.from({ length: 8 }, (_, i) => row('24', at(from, i), 1000, production));

    test('no alert at its normal level, although far above the absolute ratio', () => {
      const [result] = evaluateOverProduction([...history, ...windowRows(3050)], w, RULES.overProduction);
      expect(result?.episodes).toEqual([]);
    });

    test('an alert when it is unusual for itself, with the baseline in the evidence', () => {
      const [result] = evaluateOverProduction([...history, ...windowRows(4000)], w, RULES.overProduction);
      expect(result?.episodes).toHaveLength(1);
      const evidence = result?.episodes[0]?.evidence as { peak: { baseline: Record<string, unknown> } };
      expect(evidence.peak.baseline).toMatchObject({
        percentile: 95,
        available: true,
        fired: true,
        value: 3.08,
      });
      expect(result?.episodes[0]?.severity).toBe('high');
    });

    test('too little history for a percentile: the rule stays silent', () => {
      const short = history.slice(-5 * 96);
      const [result] = evaluateOverProduction([...short, ...windowRows(4000)], w, RULES.overProduction);
      expect(result?.episodes).toEqual([]);
    });
  });
});

describe('negative-price risk', () => {
  // Sunday 2026-06-14, 12:00–13:00 Paris = 10:00–11:00 UTC.
  const window = { from: '2026-06-14T10:00:00.000Z', to: '2026-06-14T11:00:00.000Z' };
  const sunnyRows = (regions: string[], extra: Partial<RegionalRow> = {}) =>
    regions.flatMap((region) =>
      Array.from({ length: 4 }, (_, i) =>
        row(region, at(window.from, i), 1000, 1300, {
          windMw: 300,
          solarMw: 400,
          nuclearMw: 500,
          netExchangeMw: -300,
          ...extra,
        }),
      ),
    );
  const p: AlertRules['negativePriceRisk'] = RULES.negativePriceRisk;

  test('residual load, exports, Sunday and midday fire; no price table says not available', () => {
    const results = evaluateNegativePriceRisk(sunnyRows(['11', '24']), [], window, p);
    expect(results.map((r) => r.regionCode)).toEqual([null, '11', '24']);
    const national = results[0];
    expect(national?.episodes).toHaveLength(1);
    const evidence = national?.episodes[0]?.evidence as {
      peak: {
        score: number;
        components: Record<string, { value: unknown; fired: boolean; available: boolean; note?: string }>;
      };
    };
    // residual: (1000 − 300 − 400 − 0.6 × 500) / 1000 = 0
    expect(evidence.peak.components.residualLoad).toMatchObject({ value: 0, fired: true });
    expect(evidence.peak.components.netExports).toMatchObject({ value: 0.3, fired: true });
    expect(evidence.peak.components.nonWorkingDay).toMatchObject({ value: 'Sunday', fired: true });
    expect(evidence.peak.components.middaySolar).toMatchObject({ value: '12:00 Paris', fired: true });
    expect(evidence.peak.components.dayAheadPrice).toMatchObject({
      available: false,
      fired: false,
      note: 'not available: fact_day_ahead_price absent or empty',
    });
    expect(evidence.peak.score).toBe(5);
    expect(national?.episodes[0]?.severity).toBe('medium');
  });

  test('a working-day evening with a high residual load does not fire', () => {
    const evening = { from: '2026-06-16T18:00:00.000Z', to: '2026-06-16T19:00:00.000Z' };
    const rows = Array.from({ length: 4 }, (_, i) =>
      row('11', at(evening.from, i), 1000, 800, {
        windMw: 100,
        solarMw: 0,
        nuclearMw: 500,
        netExchangeMw: 200,
      }),
    );
    expect(evaluateNegativePriceRisk(rows, [], evening, p).every((r) => r.episodes.length === 0)).toBe(true);
  });

  test('a price at the low threshold raises severity; a price ≤ 0 is the event (high)', () => {
    const hourly = (price: number): PriceRow[] => [
      { tsUtc: window.from, resolutionMinutes: 60, priceEurMwh: price },
    ];
    // A plain weekday noon with a high residual load: only the price speaks.
    const weekday = { from: '2026-06-16T10:00:00.000Z', to: '2026-06-16T11:00:00.000Z' };
    const rows = Array.from({ length: 4 }, (_, i) =>
      row('11', at(weekday.from, i), 1000, 900, { windMw: 0, solarMw: 0, nuclearMw: 0, netExchangeMw: 100 }),
    );
    const price = (v: number): PriceRow[] => [{ ...hourly(v)[0]!, tsUtc: weekday.from }];
    // score = middaySolar 1 + lowPrice 2 = 3: fires, medium
    const low = evaluateNegativePriceRisk(rows, price(5), weekday, p)[0];
    expect(low?.episodes[0]?.severity).toBe('medium');
    expect(evaluateNegativePriceRisk(rows, price(5.01), weekday, p)[0]?.episodes).toEqual([]);
    const negative = evaluateNegativePriceRisk(rows, price(-0.01), weekday, {
      ...p,
      weights: { ...p.weights, lowPrice: 0 },
    })[0];
    expect(negative?.episodes[0]).toMatchObject({
      severity: 'high',
      evidence: { peak: { priceEvent: true } },
    });
  });

  test('the national series leaves out an instant a region did not report', () => {
    const rows = sunnyRows(['11', '24']).filter(
      (r) => !(r.regionCode === '24' && r.tsUtc === at(window.from, 2)),
    );
    const [national] = evaluateNegativePriceRisk(rows, [], window, p);
    expect(national?.evaluated).toHaveLength(3);
    expect(national?.episodes).toEqual([]);
  });
});
