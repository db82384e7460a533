import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  A44FormatError,
  isNoMatchingData,
  parseEntsoeDocument,
  resolutionMinutes,
  type A44Row,
} from '../../activities/sources/day-ahead-prices/a44';
import { dayAheadWindow, entsoePeriod } from '../../activities/sources/day-ahead-prices/fetch';
import { expectedSlots } from '../../activities/sources/day-ahead-prices/gates';
import { cleanDayAheadDocuments } from '../../activities/sources/day-ahead-prices/silver';
import { a44Document, acknowledgementDocument } from '../../replay/entsoe-server';

/** The A44 parser and the Silver cleaning on documents shaped like ENTSO-E's (fixtures/entsoe/). */

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/entsoe', name), 'utf8');

function rowsOf(body: string): A44Row[] {
  const doc = parseEntsoeDocument(body);
  if (doc.kind !== 'publication') throw new Error(`expected a publication, got ${doc.kind}`);
  return doc.rows;
}

test('an A01 hourly document: one row per position, instant = start + (position - 1) × resolution', () => {
  const doc = parseEntsoeDocument(fixture('a44-fr-pt60m-a01.xml'));
  expect(doc).toMatchObject({
    kind: 'publication',
    mrid: 'SYNTHETIC-a44-fr-pt60m-a01',
    revision: 1,
    rejected: [],
  });
  const rows = rowsOf(fixture('a44-fr-pt60m-a01.xml'));
  expect(rows).toHaveLength(24);
  expect(rows[0]).toEqual({
    ts_utc: '2025-08-21T22:00:00.000Z',
    resolution_minutes: 60,
    price_eur_mwh: 88.33,
    bidding_zone: '10YFR-RTE------C',
    document_mrid: 'SYNTHETIC-a44-fr-pt60m-a01',
    revision_number: 1,
  });
  expect(rows[23]!.ts_utc).toBe('2025-08-22T21:00:00.000Z');
  // Negative prices are market results, kept as they are.
  expect(rows.filter((r) => r.price_eur_mwh < 0).map((r) => r.price_eur_mwh)).toEqual([-5.12, -12.4, -0.01]);
});

test('an A03 curve: a position left out repeats the previous price until the next position', () => {
  const rows = rowsOf(fixture('a44-fr-pt15m-a03.xml'));
  expect(rows).toHaveLength(96);
  expect(rows.every((r) => r.resolution_minutes === 15)).toBe(true);
  // Positions 1..8 are given as 1 (61.2) and 5 (58.9): 2-4 repeat 61.2, 6-8 repeat 58.9.
  expect(rows.slice(0, 8).map((r) => r.price_eur_mwh)).toEqual([
    61.2, 61.2, 61.2, 61.2, 58.9, 58.9, 58.9, 58.9,
  ]);
  expect(rows[1]!.ts_utc).toBe('2025-08-21T22:15:00.000Z');
  expect(rows[95]!.ts_utc).toBe('2025-08-22T21:45:00.000Z');
});

test('an A01 curve with a missing position leaves a gap rather than inventing a price', () => {
  const body = fixture('a44-fr-pt60m-a01.xml').replace(
    /<Point>\s*<position>5<\/position>\s*<price.amount>[^<]*<\/price.amount>\s*<\/Point>/,
    '',
  );
  const rows = rowsOf(body);
  expect(rows).toHaveLength(23);
  expect(rows.map((r) => r.ts_utc)).not.toContain('2025-08-22T02:00:00.000Z');
});

test.each([
  ['2026-03-29', 60, 23],
  ['2026-03-29', 15, 92],
  ['2026-10-25', 60, 25],
  ['2026-10-25', 15, 100],
  ['2026-06-15', 60, 24],
  ['2026-06-15', 15, 96],
] as const)(
  'DST: delivery day %s at PT%iM holds %i positions, as the stand-in publishes',
  (day, minutes, slots) => {
    expect(expectedSlots(day, minutes)).toBe(slots);
    for (const curveType of ['A01', 'A03'] as const) {
      const rows = rowsOf(a44Document({ days: [day], resolutionMinutes: minutes, curveType }));
      expect(rows).toHaveLength(slots);
      expect(new Set(rows.map((r) => r.ts_utc)).size).toBe(slots);
    }
  },
);

test('the stand-in publishes negative midday prices on some days, and Silver keeps them', () => {
  const days = Array.from({ length: 10 }, (_, i) => `2026-05-${String(i + 1).padStart(2, '0')}`);
  const { clean, rejected } = cleanDayAheadDocuments([
    { bronzeKey: 'k', receivedAt: '2026-05-11T11:00:00.000Z', body: a44Document({ days, curveType: 'A03' }) },
  ]);
  expect(rejected.height).toBe(0);
  expect(clean.height).toBe(10 * 24);
  const prices = clean.getColumn('price_eur_mwh').toArray() as number[];
  expect(prices.some((p) => p < 0)).toBe(true);
});

test('duplicates across documents keep the highest revision, then the latest received', () => {
  const day = '2026-05-02';
  const doc = (revision: number, price: number) =>
    a44Document({ days: [day], mrid: 'M', revision, price: () => price });
  const { clean } = cleanDayAheadDocuments([
    { bronzeKey: 'a', receivedAt: '2026-05-01T12:00:00.000Z', body: doc(2, 50) },
    { bronzeKey: 'b', receivedAt: '2026-05-01T13:00:00.000Z', body: doc(1, 40) },
    { bronzeKey: 'c', receivedAt: '2026-05-01T11:00:00.000Z', body: doc(2, 45) },
  ]);
  expect(clean.height).toBe(24);
  expect(new Set(clean.getColumn('price_eur_mwh').toArray())).toEqual(new Set([50]));
  expect(new Set(clean.getColumn('bronze_key').toArray())).toEqual(new Set(['a']));
});

test('unreadable points are rejected with their reason, the rest kept', () => {
  const body = fixture('a44-fr-pt60m-a01.xml')
    .replace('<price.amount>88.33</price.amount>', '<price.amount>n/a</price.amount>')
    .replace('<position>24</position>', '<position>25</position>');
  const { clean, rejected } = cleanDayAheadDocuments([
    { bronzeKey: 'k', receivedAt: '2025-08-22T11:00:00.000Z', body },
  ]);
  expect(clean.height).toBe(22);
  expect(rejected.getColumn('reason').toArray()).toEqual([
    'price.amount "n/a" is not a number',
    'position 25 outside 1..24',
  ]);
});

test('reason code 999 "No matching data found" is an empty answer; other acknowledgements are not', () => {
  const none = parseEntsoeDocument(fixture('acknowledgement-no-data.xml'));
  expect(none).toMatchObject({ kind: 'acknowledgement', code: '999' });
  expect(none.kind === 'acknowledgement' && isNoMatchingData(none)).toBe(true);
  const refused = parseEntsoeDocument(
    acknowledgementDocument('The amount of requested data exceeds allowed limit'),
  );
  expect(refused.kind === 'acknowledgement' && isNoMatchingData(refused)).toBe(false);
  const { clean } = cleanDayAheadDocuments([
    { bronzeKey: 'k', receivedAt: '2025-08-22T11:00:00.000Z', body: fixture('acknowledgement-no-data.xml') },
  ]);
  expect(clean.height).toBe(0);
});

test('a body that is not well-formed XML, or not an A44 document, is a format error (quarantined by the fetch)', () => {
  const body = fixture('a44-fr-pt60m-a01.xml');
  expect(() => parseEntsoeDocument(body.slice(0, body.length / 2))).toThrow(A44FormatError);
  expect(() => parseEntsoeDocument('<html><body>Service unavailable</body></html>')).toThrow(
    /expected Publication_MarketDocument, got html/,
  );
  expect(() => parseEntsoeDocument(body.replace('<type>A44</type>', '<type>A65</type>'))).toThrow(
    /expected document type A44, got A65/,
  );
});

test('resolutions and the request window', () => {
  expect([resolutionMinutes('PT60M'), resolutionMinutes('PT15M'), resolutionMinutes('PT1H')]).toEqual([
    60, 15, 60,
  ]);
  expect(resolutionMinutes('P1D')).toBeUndefined();
  expect(entsoePeriod(Date.parse('2026-12-01T23:00:00Z'))).toBe('202612012300');
  const config = { initialDays: 7, overlapHours: 48, sliceDays: 3 };
  const now = Date.parse('2026-12-01T13:10:00Z');
  const first = dayAheadWindow(config, undefined, now);
  expect(first.window).toEqual({ from: '2026-11-24T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z' });
  expect(first.slices).toHaveLength(3);
  const next = dayAheadWindow(config, '2026-12-02T23:00:00.000Z', now);
  expect(next.window).toEqual({ from: '2026-11-30T23:00:00.000Z', to: '2026-12-03T00:00:00.000Z' });
  expect(next.slices).toHaveLength(1);
});
