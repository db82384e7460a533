import { ConfigError } from '../../lib/config';
import { loadConfig } from '../../activities/config';
import {
  arrivalPhase,
  DEFAULT_PROBE_PLAN,
  learnedPhase,
  nextProbe,
  worstCaseDailyRequests,
} from '../../lib/domain/freshness-schedule';

/** The freshness watcher's probe plan: the pure arithmetic, and the configuration that refuses an over-budget plan. */

const MIDNIGHT = Date.parse('2026-12-02T00:00:00Z');

test('the learned phase is a median on the circle of the cycle: one late arrival does not move it', () => {
  expect(learnedPhase([], 900)).toBeUndefined();
  // 898 s and 3 s of a quarter-hour are 5 s apart, not 895.
  expect(learnedPhase([898, 899, 1, 3, 2], 900)).toBe(1);
  expect(learnedPhase([400, 401, 399, 460, 400], 900)).toBe(400);
  // The middle of the bracket between the last probe that missed and the one that saw it.
  expect(arrivalPhase(MIDNIGHT + 397_000, MIDNIGHT + 400_000, 900)).toBe(398.5);
});

test('dense in the window around the phase until the arrival, sparse up to the next window otherwise', () => {
  const plan = DEFAULT_PROBE_PLAN; // 900 s cycle, 3 s dense, ±30 s, 120 s sparse
  const at = (s: number) => MIDNIGHT + s * 1000;
  expect(nextProbe(plan, at(0), [], undefined, undefined)).toEqual({ delayMs: 30_000, mode: 'learning' });
  expect(nextProbe(plan, at(100), [400], undefined, undefined)).toEqual({ delayMs: 120_000, mode: 'sparse' });
  // The sparse probe stops at the window's start (370 s), not 120 s later.
  expect(nextProbe(plan, at(300), [400], undefined, undefined)).toEqual({ delayMs: 70_000, mode: 'sparse' });
  expect(nextProbe(plan, at(370), [400], undefined, undefined)).toEqual({ delayMs: 3_000, mode: 'dense' });
  // Seen at 401 s: this cycle is done, next window at 1 270 s.
  expect(nextProbe(plan, at(401), [400], at(401), undefined)).toEqual({ delayMs: 120_000, mode: 'sparse' });
  expect(nextProbe(plan, at(1201), [400], at(401), undefined)).toEqual({ delayMs: 69_000, mode: 'sparse' });
  // Spent: nothing until midnight.
  expect(nextProbe(plan, at(600), [400], undefined, { day: '2026-12-02', requests: 2900 })).toEqual({
    delayMs: 86_400_000 - 600_000,
    mode: 'budget-spent',
  });
});

test('the default plan fits its budget on its worst day; a plan that does not is refused at start', () => {
  expect(worstCaseDailyRequests(DEFAULT_PROBE_PLAN)).toBeLessThanOrEqual(DEFAULT_PROBE_PLAN.dailyRequests);
  expect(loadConfig({}).rte.freshness).toEqual(DEFAULT_PROBE_PLAN);
  const env = { GPS_FRESHNESS_DENSE_PROBE_SECONDS: '1' };
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(
    /can cost \d+ requests a day, over GPS_FRESHNESS_DAILY_REQUESTS=2900/,
  );
  expect(() => loadConfig({ GPS_FRESHNESS_WINDOW_SECONDS: '450' })).toThrow(/under half/);
  // The watcher off: nothing to check.
  expect(loadConfig({ ...env, GPS_FRESHNESS_PROBE_SECONDS: '0' }).rte.freshnessProbeSeconds).toBe(0);
});
