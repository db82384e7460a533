import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource } from '../../db/migrations';
import { createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';

/**
 * Migration 012 drops the regional facts' foreign keys. SQLite cannot drop a constraint, so knex
 * rebuilds each table: a gold file written before 012 must come out with every row it had.
 */
const LAST_BEFORE_012 = '20261128_011_national_detail';

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-mig012-'));
  file = path.join(dir, 'gold.sqlite');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a gold file from before 012 keeps its fact rows, and loses only the foreign keys', async () => {
  const before: Knex = knex({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  const names = await migrationSource.getMigrations([]);
  for (const name of names.slice(0, names.indexOf(LAST_BEFORE_012) + 1)) {
    await before.migrate.up({ migrationSource, name });
  }
  await before('dim_region').insert({
    region_code: '75',
    name: 'Nouvelle-Aquitaine',
    in_regional_feed: true,
  });
  await before('dim_source').insert({
    source_code: 'nucleaire',
    label: 'Nucléaire',
    category: 'nuclear',
    renewable: false,
    low_carbon: true,
    emission_factor_g: 12,
    emission_factor_ref: 'test',
  });
  await before('dim_date').insert({
    date_key: 20250220,
    calendar_date: '2025-02-20',
    year: 2025,
    month: 2,
    day: 20,
    iso_weekday: 4,
    is_weekend: false,
    is_holiday: false,
  });
  await before('dim_time').insert({ time_key: 630, hour: 10, minute: 30, label: '10:30' });
  const key = { region_code: '75', ts_utc: '2025-02-20T09:30:00.000Z', date_key: 20250220, time_key: 630 };
  await before('fact_energy_flow').insert({ ...key, source_code: 'nucleaire', mw: 5800, loaded_at: 'then' });
  await before('fact_regional_balance').insert({ ...key, consumption_mw: 5032, loaded_at: 'then' });
  expect(await before.raw('PRAGMA foreign_key_list(fact_energy_flow)')).toHaveLength(4);
  await before.destroy();

  const config = { client: 'sqlite' as const, file };
  const after = createWriterDb(config);
  try {
    await prepareGoldDatabase(after, config);
    expect(await after('fact_energy_flow').select('region_code', 'source_code', 'ts_utc', 'mw')).toEqual([
      { region_code: '75', source_code: 'nucleaire', ts_utc: '2025-02-20T09:30:00.000Z', mw: 5800 },
    ]);
    expect(await after('fact_regional_balance').select('consumption_mw', 'loaded_at')).toEqual([
      { consumption_mw: 5032, loaded_at: 'then' },
    ]);
    for (const table of [
      'fact_energy_flow',
      'fact_regional_balance',
      'agg_energy_flow_daily',
      'agg_energy_flow_hourly',
    ]) {
      expect(await after.raw(`PRAGMA foreign_key_list(${table})`)).toEqual([]);
    }
    // The smaller facts keep theirs.
    expect(await after.raw('PRAGMA foreign_key_list(fact_weather)')).toHaveLength(1);
  } finally {
    await after.destroy();
  }
});
