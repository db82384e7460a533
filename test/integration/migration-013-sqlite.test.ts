import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { cleanEco2mixRegional } from '../../activities/sources/rte-regional/silver';
import { loadEco2mixRegionalDays } from '../../activities/sources/rte-regional/gold';
import type { Config } from '../../activities/config';
import { createWriterDb } from '../../lib/db';
import { migrateToLatest, prepareGoldDatabase } from '../../db/prepare';
import { loadFixture } from '../../replay/odre-replay-server';
import { hourlyRollupRows } from '../helpers/rollups';

/**
 * The daily rollup is summed from the hourly one since migration 013, which rebuilds the hourly
 * rollup of a database whose facts predate it (migration 009 created the table empty).
 */
let dir: string;
let db: Knex;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-mig013-'));
  const config: Config['db'] = { client: 'sqlite', file: path.join(dir, 'gold.sqlite') };
  db = createWriterDb(config);
  await prepareGoldDatabase(db, config);
});
afterAll(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test('a database with facts but no hourly rows gets them back, equal to what the loads wrote', async () => {
  const records = loadFixture('eco2mix-regional-tr');
  const { clean } = cleanEco2mixRegional(
    records,
    records.map(() => 'test'),
  );
  await loadEco2mixRegionalDays(db, [clean], ['2025-02-20']);
  const written = await hourlyRollupRows(db);
  expect(written.length).toBeGreaterThan(0);

  // As a gold file from before 009: the facts, and an empty hourly rollup.
  await db('agg_energy_flow_hourly').del();
  await db('knex_migrations').where({ name: '20261201_013_hourly_rollup_backfill' }).del();
  expect(await migrateToLatest(db)).toEqual(['20261201_013_hourly_rollup_backfill']);

  expect(await hourlyRollupRows(db)).toEqual(written);
});
