import { formatGw, formatIntensity, formatMw, formatPercent, formatRatio } from '../../ui/src/format/numbers';
import { formatAge, formatDuration, formatParisDateTime } from '../../ui/src/format/time';
import { parseEvidence } from '../../ui/src/data/alert-evidence';
import { isLongRange, rangeFromSearch } from '../../ui/src/data/range';

/** The console's formatting and ranges: pure functions, tested in Node's full ICU as in the browser. */

// fr-FR groups thousands with a narrow no-break space; units follow a no-break space.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

test('numbers are French, with their unit, and a dash where there is no value', () => {
  expect(formatMw(-4892.4)).toBe(`-4${NNBSP}892${NBSP}MW`);
  expect(formatGw(58_214)).toBe(`58,2${NBSP}GW`);
  expect(formatIntensity(29.4)).toBe(`29${NBSP}gCO₂eq/kWh`);
  expect(formatPercent(27.55)).toBe(`27,6${NBSP}%`);
  for (const f of [formatMw, formatGw, formatIntensity, formatPercent]) {
    expect([f(null), f(undefined), f(Number.NaN)]).toEqual(['—', '—', '—']);
  }
});

test('times are Paris wall-clock time; ages count seconds, minutes, hours, days', () => {
  expect(formatParisDateTime('2025-02-20T12:30:00Z')).toMatch(/^20 févr\. 2025.*13:30$/);
  expect(formatParisDateTime('2025-07-01T12:30:00Z')).toMatch(/14:30$/); // summer time
  expect(formatAge(40_400)).toBe(`40${NBSP}s ago`);
  expect(formatAge(-5)).toBe(`0${NBSP}s ago`);
  expect(formatAge(3 * 60_000 + 59_000)).toBe(`3${NBSP}min ago`);
  expect(formatAge(2 * 3_600_000)).toBe(`2${NBSP}h ago`);
  expect(formatAge(5 * 86_400_000)).toBe(`5${NBSP}d ago`);
});

test('ranges: presets end at the next minute, custom ranges come from the address, bad ones fall back', () => {
  const now = Date.parse('2025-02-20T12:30:20Z');
  const week = rangeFromSearch(new URLSearchParams('range=7d'), now);
  expect([week.preset, week.from.toISOString(), week.to.toISOString()]).toEqual([
    '7d',
    '2025-02-13T12:31:00.000Z',
    '2025-02-20T12:31:00.000Z',
  ]);
  const custom = rangeFromSearch(
    new URLSearchParams('from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z'),
    now,
  );
  expect([custom.preset, custom.from.toISOString()]).toEqual(['custom', '2025-01-01T00:00:00.000Z']);
  // Reversed or unreadable: the default 24 h rather than an error.
  expect(rangeFromSearch(new URLSearchParams('from=2025-01-02&to=2025-01-01'), now).preset).toBe('24h');
  expect(rangeFromSearch(new URLSearchParams('from=soon&to=later'), now).preset).toBe('24h');
  expect(rangeFromSearch(new URLSearchParams('range=forever'), now).preset).toBe('24h');
  // The API's quarter-hour series stop at 31 days; 30 days still fit, a year does not.
  expect(isLongRange(rangeFromSearch(new URLSearchParams('range=30d'), now))).toBe(false);
  expect(isLongRange(rangeFromSearch(new URLSearchParams('range=1y'), now))).toBe(true);
});

test("ratios keep the alert rules' 4 decimals; durations read as ms, s, min, h", () => {
  expect(formatRatio(2.2857)).toBe('2,2857');
  expect(formatRatio(1.3)).toBe('1,3');
  expect(formatRatio(null)).toBe('—');
  expect(formatDuration(29)).toBe(`29${NBSP}ms`);
  expect(formatDuration(12_400)).toBe(`12${NBSP}s`);
  expect(formatDuration(185_000)).toBe(`3${NBSP}min 5${NBSP}s`);
  expect(formatDuration(7_440_000)).toBe(`2${NBSP}h 4${NBSP}min`);
  expect(formatDuration(null)).toBe('—');
});

test("alert evidence: the rules' shapes are recognised, anything else is kept raw for display", () => {
  const instant = { tsUtc: '2026-06-10T01:30:00.000Z' };
  const over = {
    rule: 'OVER_PRODUCTION',
    peak: { ...instant, baseline: {} },
    last: { ...instant, baseline: {} },
  };
  expect(parseEvidence(JSON.stringify(over)).rule).toBe('OVER_PRODUCTION');
  const risk = { rule: 'NEGATIVE_PRICE_RISK', peak: { components: {} }, last: { components: {} } };
  expect(parseEvidence(JSON.stringify(risk)).rule).toBe('NEGATIVE_PRICE_RISK');
  // Seeded by hand, or from an older rule: shown as stored, never a crash.
  expect(parseEvidence('{"lastSeen":"2026-06-10T01:45:00.000Z"}')).toEqual({
    rule: 'unknown',
    raw: { lastSeen: '2026-06-10T01:45:00.000Z' },
  });
  expect(parseEvidence('{"rule":"OVER_PRODUCTION","peak":1}').rule).toBe('unknown');
  expect(parseEvidence('not json')).toEqual({ rule: 'unknown', raw: 'not json' });
});
