import { BacktestArgumentError, parseBacktestArguments } from '../../activities/alerts/backtest/arguments';
import { EpisodeLedger } from '../../activities/alerts/backtest/episode-ledger';
import { addPriceHours, scoreNegativePriceSignal } from '../../activities/alerts/backtest/price-score';
import type { RuleResult } from '../../activities/alerts/rules/types';

/** The backtest's pure parts; the replay over Gold is in test/integration/alerts-backtest.test.ts. */
const QH = 15 * 60_000;
const T0 = Date.parse('2026-06-06T00:00:00.000Z');
const at = (qh: number) => new Date(T0 + qh * QH).toISOString();

describe('arguments', () => {
  const refusal = (...argv: string[]) => {
    try {
      parseBacktestArguments(argv);
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(BacktestArgumentError);
      return (err as Error).message.split('\n')[0];
    }
  };

  test('two UTC days and an optional CSV path, in either form', () => {
    expect(parseBacktestArguments(['2025-01-01', '2025-02-01', '--csv', 'out.csv'])).toEqual({
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-02-01T00:00:00.000Z',
      csv: 'out.csv',
    });
    expect(parseBacktestArguments(['--csv=a.csv', '2024-01-01', '2025-12-31'])).toMatchObject({
      csv: 'a.csv',
    });
  });

  test.each([
    [[], /^usage:/],
    [['2025-01-01'], /^usage:/],
    [['2025-1-01', '2025-02-01'], /^from "2025-1-01" is not a date/],
    [['2025-01-01', '2025-02-29'], /^to "2025-02-29" is not a date/],
    [['2025-01-01', '2025-01-01'], /must be before/],
    [['2024-01-01', '2026-01-02'], /^732 days .* at most 731/],
    [['2025-01-01', '2025-02-01', '--csv'], /^--csv needs a file/],
    [['2025-01-01', '2025-02-01', '--chunk=2'], /^unknown option --chunk=2/],
  ])('%j is refused', (argv, message) => {
    expect(refusal(...argv)).toMatch(message);
  });
});

describe('scoring against prices', () => {
  test('with quarter-hour prices an hour is negative when any of its quarter-hours is', () => {
    const truth = new Map<number, boolean>();
    const prices = [0, 1, 2, 3, 4, 5, 6, 7].map((q) => ({
      tsUtc: at(q),
      resolutionMinutes: 15,
      priceEurMwh: q === 6 ? -1 : 20,
    }));
    addPriceHours(truth, prices, T0, T0 + 2 * 4 * QH);
    expect([...truth]).toEqual([
      [T0, false],
      [T0 + 4 * QH, true],
    ]);
  });

  test('precision, recall, episodes and leads by hand', () => {
    // Hours 0..9 priced; negative: 3, 4 (one episode) and 8 (another).
    const truth = new Map(Array.from({ length: 10 }, (_, h) => [T0 + h * 4 * QH, [3, 4, 8].includes(h)]));
    // One alert from 02:00 (qh 8) to 04:45 (qh 19), flagged qh 8..19: hours 2, 3, 4 predicted.
    const flagged = Array.from({ length: 12 }, (_, i) => T0 + (8 + i) * QH);
    const score = scoreNegativePriceSignal(flagged, [{ start: at(8), lastSeen: at(19) }], truth, 4);
    // Precision 2/3 (hours 3, 4 of 2, 3, 4), recall 2/3 (hours 3, 4 of 3, 4, 8). The first episode
    // starts at 03:00; the alert could fire at 02:00 + 4 qh = 03:00: lead 0, warned. Hour 8 missed.
    expect(score).toEqual({
      hoursPriced: 10,
      negativeHours: 3,
      predictedHours: 3,
      hits: 2,
      precision: 2 / 3,
      recall: 2 / 3,
      negativeEpisodes: 2,
      detectedEpisodes: 1,
      warnedEpisodes: 1,
      leadMedianMinutes: 0,
      leadMinMinutes: 0,
    });
  });
});

describe('episode ledger', () => {
  const result = (firing: number[], episodes: [number, number][], from: number, to: number): RuleResult => ({
    kind: 'NEGATIVE_PRICE_RISK',
    regionCode: null,
    episodes: episodes.map(([a, b]) => ({ start: at(a), lastSeen: at(b), severity: 'low', evidence: {} })),
    evaluated: Array.from({ length: to - from }, (_, i) => ({
      tsUtc: at(from + i),
      holds: firing.includes(from + i),
      firing: firing.includes(from + i),
    })),
  });
  const run = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

  test('episodes 3 clear quarter-hours apart are one alert; 4 apart, two', () => {
    const ledger = new EpisodeLedger(T0, 4);
    // qh 0..3 firing, 4..6 clear (3), 7..10 firing, 11..14 clear (4), 15..18 firing.
    const firing = [...run(0, 3), ...run(7, 10), ...run(15, 18)];
    ledger.add(
      result(
        firing,
        [
          [0, 3],
          [7, 10],
          [15, 18],
        ],
        0,
        96,
      ),
      T0,
      T0 + 96 * QH,
    );
    expect(ledger.raised).toEqual([
      { start: at(0), lastSeen: at(10) },
      { start: at(15), lastSeen: at(18) },
    ]);
    expect(ledger.flaggedQuarterHours()).toHaveLength(12);
  });
});
