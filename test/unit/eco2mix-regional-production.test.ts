import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import {
  cleanEco2mixRegional,
  mergeIntoSilver,
  productionKeyForDay,
  readSilverDay,
  silverKeyForDay,
  unpivotProduction,
} from '../../activities/sources/rte-regional/silver';
import { createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import { LocalLake } from '../../lib/lake/local-lake';
import { loadFixture } from '../../replay/odre-replay-server';
import { upsertColumns, type UpsertSpec } from '../../lib/upsert';

/**
 * Silver `eco2mix_regional_production` (one row per region x source x quarter-hour) on the real
 * capture, its day partitions beside the wide ones, and the column-wise upsert on a real SQLite file.
 */

const fixture = loadFixture('eco2mix-regional-tr');
const cleaned = (records: Record<string, unknown>[]) =>
  cleanEco2mixRegional(
    records,
    records.map(() => 'test'),
  ).clean;

/** Polars gives Datetime values as Date objects. */
const iso = (value: unknown) => (value as Date).toISOString();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-production-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the capture unpivots to one row per region, source and quarter-hour, values unchanged', () => {
  const production = unpivotProduction(cleaned(fixture));
  expect(production.columns).toEqual([
    'region_code',
    'source_code',
    'ts_utc',
    'mw',
    'coverage_rate_pct',
    'load_factor_pct',
  ]);
  expect(production.height).toBe(5 * PRODUCTION_SOURCES.length);
  const rows = production.toRecords();
  const at = (source: string, instant: string) =>
    rows.find((r) => r.source_code === source && iso(r.ts_utc) === instant);
  // Values of the capture's first quarter-hour (Nouvelle-Aquitaine, 2025-02-20 09:30 UTC).
  expect(at('nucleaire', '2025-02-20T09:30:00.000Z')).toEqual({
    region_code: '75',
    source_code: 'nucleaire',
    ts_utc: new Date('2025-02-20T09:30:00Z'),
    mw: 5800,
    coverage_rate_pct: 115.26,
    load_factor_pct: 87.48,
  });
  expect(at('eolien', '2025-02-20T09:30:00.000Z')).toMatchObject({ mw: 576 });
  // Pumping arrives as the string "0" and has no TCO/TCH in the feed: null rates, not zero.
  expect(at('pompage', '2025-02-20T09:30:00.000Z')).toMatchObject({
    mw: 0,
    coverage_rate_pct: null,
    load_factor_pct: null,
  });
  for (const source of PRODUCTION_SOURCES) {
    expect(rows.filter((r) => r.source_code === source.code)).toHaveLength(5);
  }
});

test('production rows come in (region, instant, source) order, across regions and days', async () => {
  // Another region and the next UTC day, given first and in reverse, so no input order helps.
  const elsewhere = fixture.map((r) => ({ ...r, code_insee_region: '11', libelle_region: 'Île-de-France' }));
  const nextDay = fixture.map((r) => ({ ...r, date_heure: String(r.date_heure).replace('02-20', '02-21') }));
  const wide = cleaned([...nextDay, ...elsewhere, ...fixture].reverse());
  const production = unpivotProduction(wide);
  expect(production.height).toBe(wide.height * PRODUCTION_SOURCES.length);
  expect(production.frameEqual(production.sort(['region_code', 'ts_utc', 'source_code']))).toBe(true);
  expect(production.getColumn('region_code').get(0)).toBe('11');

  const lake = new LocalLake(dir);
  const days = await mergeIntoSilver(lake, wide);
  expect(days).toEqual(['2025-02-20', '2025-02-21']);
  for (const day of days) {
    const written = await readSilverDay(lake, day);
    expect(written.production.height).toBe(written.wide.height * PRODUCTION_SOURCES.length);
    expect(written.production.frameEqual(unpivotProduction(written.wide))).toBe(true);
  }
});

test('both datasets land in the same day partitions and stay reconciled through corrections', async () => {
  const lake = new LocalLake(dir);
  const days = await mergeIntoSilver(lake, cleaned(fixture));
  expect(days).toEqual(['2025-02-20']);
  expect(productionKeyForDay('2025-02-20')).toBe(
    'silver/eco2mix_regional_production/year=2025/month=02/day=20/data.parquet',
  );
  let silver = await readSilverDay(lake, '2025-02-20');
  expect([silver.wide.height, silver.production.height]).toEqual([5, 5 * PRODUCTION_SOURCES.length]);

  // A later publication of one quarter-hour and a new region: the production partition follows.
  await mergeIntoSilver(
    lake,
    cleaned([
      { ...fixture[0], eolien: 600 },
      { ...fixture[0], code_insee_region: '53', libelle_region: 'Bretagne' },
    ]),
  );
  silver = await readSilverDay(lake, '2025-02-20');
  expect([silver.wide.height, silver.production.height]).toEqual([6, 6 * PRODUCTION_SOURCES.length]);
  const wind = silver.production
    .toRecords()
    .filter((r) => r.source_code === 'eolien' && iso(r.ts_utc) === '2025-02-20T09:30:00.000Z')
    .map((r) => [r.region_code, r.mw]);
  expect(wind).toEqual([
    ['53', 576],
    ['75', 600],
  ]);
});

test('over many days written a few at a time, every day lands and a failed one fails the merge', async () => {
  // 40 days, more than are written at once, out of order in the input.
  const records = Array.from({ length: 40 }, (_, d) => {
    const day = new Date(Date.UTC(2025, 0, 1) + (39 - d) * 86_400_000).toISOString().slice(0, 10);
    return { ...fixture[0], date_heure: `${day}T10:00:00+00:00`, consommation: d };
  });
  const lake = new LocalLake(dir);
  const days = await mergeIntoSilver(lake, cleaned(records));
  expect(days).toHaveLength(40);
  for (const day of days) {
    const silver = await readSilverDay(lake, day);
    expect([silver.wide.height, silver.production.height]).toEqual([1, PRODUCTION_SOURCES.length]);
    expect(silver.production.getColumn('ts_utc').toArray().map(iso)).toEqual(
      Array(PRODUCTION_SOURCES.length).fill(`${day}T10:00:00.000Z`),
    );
  }

  const failing = new LocalLake(mkdtempSync(path.join(dir, 'failing-')));
  const broken = productionKeyForDay('2025-01-05');
  const put = failing.put.bind(failing);
  failing.put = (key, body) => (key === broken ? Promise.reject(new Error('disk full')) : put(key, body));
  await expect(mergeIntoSilver(failing, cleaned(records))).rejects.toThrow('disk full');
  expect(await failing.exists(silverKeyForDay('2025-01-05'))).toBe(false);
  expect(await failing.exists(silverKeyForDay('2025-01-04'))).toBe(true);
});

test('a day written before the production dataset existed is unpivoted on read, then rewritten whole', async () => {
  const lake = new LocalLake(dir);
  await mergeIntoSilver(lake, cleaned(fixture));
  await lake.delete(productionKeyForDay('2025-02-20'));
  const old = await readSilverDay(lake, '2025-02-20');
  expect(old.production.height).toBe(5 * PRODUCTION_SOURCES.length);

  // New rows for that day: the production partition covers the old wide rows too.
  await mergeIntoSilver(
    lake,
    cleaned([{ ...fixture[0], code_insee_region: '53', libelle_region: 'Bretagne' }]),
  );
  expect(await lake.exists(productionKeyForDay('2025-02-20'))).toBe(true);
  expect(await lake.exists(silverKeyForDay('2025-02-20'))).toBe(true);
  const silver = await readSilverDay(lake, '2025-02-20');
  expect(silver.production.height).toBe(6 * PRODUCTION_SOURCES.length);
});

describe('column-wise upsert on SQLite', () => {
  let db: Knex;
  const spec: UpsertSpec = {
    table: 'ingestion_watermark',
    key: ['source'],
    values: ['watermark_utc'],
    touch: ['updated_at'],
    pgTypes: { source: 'text', watermark_utc: 'timestamptz', updated_at: 'timestamptz' },
  };
  beforeEach(async () => {
    const config = { client: 'sqlite' as const, file: path.join(dir, 'gold.sqlite') };
    db = createWriterDb(config);
    await prepareGoldDatabase(db, config);
  });
  afterEach(() => db.destroy());

  test('counts the rows written: all on the first load, none on a repeat, only the changed one after', async () => {
    // More rows than one multi-row statement holds, and not a multiple of it.
    const n = 257;
    const sources = Array.from({ length: n }, (_, i) => `s${i}`);
    const columns = (stamp: string, changed?: number) => ({
      source: sources,
      watermark_utc: sources.map((_, i) =>
        i === changed ? '2025-02-01T00:00:00.000Z' : '2025-01-01T00:00:00.000Z',
      ),
      updated_at: sources.map(() => stamp),
    });
    expect(await upsertColumns(db, spec, columns('2025-01-01T00:00:00.000Z'))).toBe(n);
    expect(await upsertColumns(db, spec, columns('2025-01-02T00:00:00.000Z'))).toBe(0);
    expect(await upsertColumns(db, spec, columns('2025-01-03T00:00:00.000Z', 200))).toBe(1);
    const rows = await db('ingestion_watermark').whereIn('source', ['s0', 's200']).orderBy('source');
    expect(rows.map((r) => [r.source, r.watermark_utc, r.updated_at])).toEqual([
      ['s0', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
      ['s200', '2025-02-01T00:00:00.000Z', '2025-01-03T00:00:00.000Z'],
    ]);
  });

  test('columns of different lengths are refused before anything is written', async () => {
    await expect(
      upsertColumns(db, spec, { source: ['a', 'b'], watermark_utc: ['x'], updated_at: ['y', 'z'] }),
    ).rejects.toThrow(/column watermark_utc has 1 rows, not 2/);
    expect(await db('ingestion_watermark').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
