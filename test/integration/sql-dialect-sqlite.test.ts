import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';
import {
  dailyEnergyRefreshStatement,
  hourlyEnergyRefreshStatement,
  insertOrIgnore,
  sqlDialect,
} from '../../lib/sql-dialect';

/**
 * The builders of lib/sql-dialect.ts run on a real SQLite gold file: the statements the regional
 * loader will take from them give the rollups computed by hand below, and re-running changes nothing.
 */

let dir: string;
let db: Knex;
const config = () => ({ client: 'sqlite' as const, file: path.join(dir, 'gold.sqlite') });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-dialect-'));
  db = createWriterDb(config());
  await prepareGoldDatabase(db, config());
  await prepareGoldDatabase(db, config()); // seeds twice: upserts and insert-or-ignore, no duplicate
});

afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test('seeds ran twice leave one row per key', async () => {
  expect(sqlDialect(db)).toBe('sqlite');
  expect(await db('dim_time').count({ n: '*' }).first()).toEqual({ n: 96 });
  expect(await db('dim_region').where({ region_code: '11' }).select('name')).toEqual([
    { name: 'Île-de-France' },
  ]);
});

test('insertOrIgnore keeps the stored row and adds the missing one', async () => {
  const row = (key: number, name: string | null) => ({
    date_key: key,
    calendar_date: `2025-03-0${key % 10}`,
    year: 2025,
    month: 3,
    day: key % 10,
    iso_weekday: 6,
    is_weekend: true,
    is_holiday: false,
    holiday_name: name,
  });
  await insertOrIgnore(db, 'dim_date', ['date_key'], [row(20250301, null)]);
  await insertOrIgnore(db, 'dim_date', ['date_key'], [row(20250301, 'changed'), row(20250302, null)]);
  expect(await db('dim_date').orderBy('date_key').select('date_key', 'holiday_name')).toEqual([
    { date_key: 20250301, holiday_name: null },
    { date_key: 20250302, holiday_name: null },
  ]);
});

test('hourly and daily refresh statements rebuild the rollups from the facts', async () => {
  const fact = (ts: string, mw: number | null) => ({
    region_code: '11',
    source_code: 'nucleaire',
    ts_utc: ts,
    date_key: 20250301,
    time_key: 0,
    mw,
    coverage_rate_pct: null,
    load_factor_pct: null,
    loaded_at: '2025-03-01T12:00:00.000Z',
  });
  await db('fact_energy_flow').insert([
    fact('2025-03-01T10:00:00.000Z', 100),
    fact('2025-03-01T10:15:00.000Z', 200),
    fact('2025-03-01T10:30:00.000Z', null),
    fact('2025-03-01T11:00:00.000Z', 40),
  ]);
  for (let run = 0; run < 2; run++) {
    await db.raw(hourlyEnergyRefreshStatement('sqlite', 1), [
      '2025-03-01T12:00:00.000Z',
      '11',
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T12:00:00.000Z',
    ]);
    // The daily rollup is summed from the hourly one: 1 March in Paris is 28 Feb 23:00 to 1 March 23:00 UTC.
    await db.raw(dailyEnergyRefreshStatement('sqlite', 1, 1), [
      '2025-03-01T12:00:00.000Z',
      20250301,
      '11',
      '2025-02-28T23:00:00.000Z',
      '2025-03-01T23:00:00.000Z',
    ]);
  }
  expect(
    await db('agg_energy_flow_hourly')
      .orderBy('hour_utc')
      .select('hour_utc', 'energy_mwh', 'avg_mw', 'max_mw', 'quarter_hours'),
  ).toEqual([
    { hour_utc: '2025-03-01T10:00:00.000Z', energy_mwh: 75, avg_mw: 150, max_mw: 200, quarter_hours: 2 },
    { hour_utc: '2025-03-01T11:00:00.000Z', energy_mwh: 10, avg_mw: 40, max_mw: 40, quarter_hours: 1 },
  ]);
  expect(
    await db('agg_energy_flow_daily').select('date_key', 'energy_mwh', 'avg_mw', 'max_mw', 'quarter_hours'),
  ).toEqual([{ date_key: 20250301, energy_mwh: 85, avg_mw: 340 / 3, max_mw: 200, quarter_hours: 3 }]);
});
