import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrationSource } from '../../db/migrations';
import { migrateToLatest, prepareGoldDatabase } from '../../db/prepare';
import { createWriterDb } from '../../lib/db';

/**
 * Worker replicas start together and each prepares Gold: on a new database, knex's own
 * bookkeeping races (both create knex_migrations, or both insert a lock row). Real SQLite files,
 * two writer connections as two workers would hold.
 */

let dir: string;
const open: Knex[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-prepare-'));
});
afterAll(async () => {
  await Promise.all(open.map((db) => db.destroy()));
  rmSync(dir, { recursive: true, force: true });
});

function writer(file: string): Knex {
  const db = createWriterDb({ client: 'sqlite', file });
  open.push(db);
  return db;
}

test('two writers preparing one new Gold at once both succeed, each migration applied once', async () => {
  const names = (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m));
  for (let round = 0; round < 5; round++) {
    const file = path.join(dir, `together-${round}.sqlite`);
    const [a, b] = [writer(file), writer(file)];
    const config = { client: 'sqlite', file } as const;
    await Promise.all([prepareGoldDatabase(a, config), prepareGoldDatabase(b, config)]);
    const applied = (await a('knex_migrations').select('name').orderBy('id')).map((r) => r.name as string);
    expect(applied).toEqual(names);
    expect(await a('knex_migrations_lock').count({ n: '*' }).first()).toEqual({ n: 1 });
  }
});

test('a second lock row left by that race no longer blocks every later start', async () => {
  const db = writer(path.join(dir, 'two-lock-rows.sqlite'));
  await migrateToLatest(db);
  await db('knex_migrations_lock').insert({ is_locked: 0 });
  expect(await db('knex_migrations_lock').count({ n: '*' }).first()).toEqual({ n: 2 });

  await expect(migrateToLatest(db)).resolves.toEqual([]);
  expect(await db('knex_migrations_lock').select('is_locked')).toEqual([{ is_locked: 0 }]);
});
