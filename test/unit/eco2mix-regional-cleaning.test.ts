import { cleanEco2mixRegional, NUMERIC_COLUMNS } from '../../activities/sources/rte-regional/silver';
import { toSnakeCase } from '../../activities/silver/raw-records';
import { loadFixture } from '../../replay/odre-replay-server';

const fixture = loadFixture('eco2mix-regional-tr');
const clean = (records: Record<string, unknown>[]) =>
  cleanEco2mixRegional(
    records,
    records.map((_, i) => `bronze/page-${i}.json`),
  );
const record = (overrides: Record<string, unknown>) => ({ ...fixture[0], ...overrides });

test('the real capture is typed, UTC-stamped and complete', () => {
  const { clean: df, rejected, unknownColumns, nonEmptyStrayColumns } = clean(fixture);
  expect(rejected.height).toBe(0);
  expect(unknownColumns).toEqual([]);
  expect(nonEmptyStrayColumns).toEqual([]);
  expect(df.columns).toEqual(['region_code', 'region_name', 'nature', 'ts_utc', ...NUMERIC_COLUMNS]);
  const rows = df.toRecords();
  expect(rows).toHaveLength(5);
  expect(rows[0]).toMatchObject({
    region_code: '75',
    region_name: 'Nouvelle-Aquitaine',
    nature: 'Données temps réel',
    ts_utc: new Date('2025-02-20T09:30:00Z'),
    consommation: 5032,
    thermique: 103,
    pompage: 0, // arrives as the string "0"
    stockage_batterie: 0,
    ech_physiques: -4166,
    tco_nucleaire: 115.26,
    tch_bioenergies: 8.01,
  });
  for (const c of NUMERIC_COLUMNS) expect(String(df.getColumn(c).dtype)).toBe('DataType(Float64)');
});

test('"ND", "-", empty strings and nulls become null, not zero and not a rejection', () => {
  const { clean: df, rejected } = clean([
    record({ eolien: 'ND', solaire: '-', hydraulique: '', bioenergies: null, pompage: ' 12 ' }),
  ]);
  expect(rejected.height).toBe(0);
  expect(df.toRecords()[0]).toMatchObject({
    eolien: null,
    solaire: null,
    hydraulique: null,
    bioenergies: null,
    pompage: 12,
  });
});

test('bad rows are rejected with a reason and their raw values; the others pass', () => {
  const { clean: df, rejected } = clean([
    record({ nucleaire: 'abc' }),
    record({ code_insee_region: '99', date_heure: '2025-02-20T10:00:00+00:00' }),
    record({ code_insee_region: null, date_heure: '2025-02-20T10:15:00+00:00' }),
    record({ date_heure: '20/02/2025 10:30' }),
    record({ date_heure: '2025-02-20T11:00:00+00:00' }),
  ]);
  expect(df.height).toBe(1);
  expect(rejected.toRecords().map((r) => [r.bronze_key, r.reason])).toEqual([
    ['bronze/page-0.json', 'nucleaire "abc" is not a number'],
    ['bronze/page-1.json', 'unknown region code "99"'],
    ['bronze/page-2.json', 'code_insee_region is missing'],
    ['bronze/page-3.json', 'date_heure "20/02/2025 10:30" is not an ISO instant with offset'],
  ]);
  expect(rejected.toRecords()[0]!.nucleaire).toBe('abc');
});

test('a rejected row keeps every input as its raw text, whether the column came as numbers or text', () => {
  // consommation and tco_thermique are numbers on every row, pompage a string: they take different
  // paths into Polars, and the rejected row must not show it.
  const { rejected } = clean([record({ code_insee_region: '99', tch_nucleaire: null }), fixture[1]!]);
  expect(rejected.toRecords()).toEqual([
    expect.objectContaining({
      reason: 'unknown region code "99"',
      consommation: '5032',
      pompage: '0',
      tco_thermique: '2.05',
      tch_nucleaire: null,
      date_heure: '2025-02-20T09:30:00+00:00',
    }),
  ]);
  for (const c of NUMERIC_COLUMNS) expect(String(rejected.getColumn(c).dtype)).toBe('DataType(String)');
});

test('-0 is 0 and NaN is not a number, whichever way the column arrives', () => {
  const { clean: df, rejected } = clean([
    record({ eolien: -0 }),
    record({ date_heure: '2025-02-20T10:00:00+00:00', solaire: Number.NaN }),
  ]);
  expect(Object.is(df.toRecords()[0]!.eolien, 0)).toBe(true);
  expect(rejected.toRecords().map((r) => [r.reason, r.solaire])).toEqual([
    ['solaire "NaN" is not a number', 'NaN'],
  ]);
});

test('values outside physical ranges are rejected with the reason', () => {
  const { clean: df, rejected } = clean([
    record({ consommation: -5 }),
    record({ date_heure: '2025-02-20T10:00:00+00:00', eolien: 250_000 }),
    record({ date_heure: '2025-02-20T10:15:00+00:00', pompage: -1200 }), // pumping is negative by nature
  ]);
  expect(rejected.toRecords().map((r) => r.reason)).toEqual([
    'consommation -5.0 MW is negative',
    'eolien 250000.0 MW is outside ±100000 MW',
  ]);
  expect(df.toRecords().map((r) => r.pompage)).toEqual([-1200]);
});

test('duplicates on (region, instant) keep the latest publication', () => {
  const { clean: df } = clean([record({ consommation: 1000 }), fixture[1]!, record({ consommation: 2000 })]);
  expect(df.height).toBe(2);
  expect(df.toRecords()[0]).toMatchObject({ ts_utc: new Date('2025-02-20T09:30:00Z'), consommation: 2000 });
});

test('the autumn DST night keeps both 02:30 local quarter-hours, distinguished by date_heure', () => {
  const { clean: df } = clean([
    record({ date: '2024-10-27', heure: '02:30', date_heure: '2024-10-27T02:30:00+02:00', consommation: 1 }),
    record({ date: '2024-10-27', heure: '02:30', date_heure: '2024-10-27T02:30:00+01:00', consommation: 2 }),
  ]);
  expect(df.toRecords().map((r) => [r.ts_utc, r.consommation])).toEqual([
    [new Date('2024-10-27T00:30:00Z'), 1],
    [new Date('2024-10-27T01:30:00Z'), 2],
  ]);
});

test('undeclared columns are reported, stray empty columns are not', () => {
  const { unknownColumns, nonEmptyStrayColumns } = clean([
    record({ eolien_offshore: 12, 'Taux CO2': 3, column_69: 'x' }),
  ]);
  expect(unknownColumns).toEqual(['eolien_offshore', 'taux_co2']);
  expect(nonEmptyStrayColumns).toEqual(['column_69']);
});

test('snake_case for headers as other exports spell them', () => {
  expect(toSnakeCase('Code INSEE région')).toBe('code_insee_region');
  expect(toSnakeCase('Date - Heure')).toBe('date_heure');
  expect(toSnakeCase('tcoNucleaire')).toBe('tco_nucleaire');
});
