import type { Knex } from 'knex';
import type { PlatformConfig } from '../lib/config';
import { migrationSource } from './migrations';
import { seedDimensions } from './seeds/dimensions';

/*
 * Here rather than beside the connection factories in lib/db.ts: lib/ is imported by the
 * migrations and seeds, so lib/ importing them back would make a cycle.
 */

/*
 * Worker replicas start together, and knex's bookkeeping is not safe for that on a new database:
 * each process checks for knex_migrations and its lock table, then creates them, so the slower
 * one fails with "already exists"; or both find the lock table empty and each insert a lock row,
 * after which no process can ever take the lock ("already locked", rowCount 2). The loser retries
 * once the winner's tables exist; a second lock row is deleted first: with two, nobody holds it.
 */
const CONCURRENT_START = [
  /knex_migrations(_lock)?\W* already exists/i, // SQLite, PostgreSQL
  /pg_type_typname_nsp_index/, // PostgreSQL: the same race, caught on the table's row type
  /already an object named 'knex_migrations(_lock)?'/i, // SQL Server
  /Migration table is already locked/,
  /database is locked/i, // SQLite: the winner's migrations outlasted busy_timeout
];
const MIGRATE_ATTEMPTS = 12;

async function dropDuplicateLockRows(db: Knex): Promise<void> {
  if (!(await db.schema.hasTable('knex_migrations_lock'))) return;
  const first = await db('knex_migrations_lock').min({ index: 'index' }).first();
  if (first?.index != null) await db('knex_migrations_lock').where('index', '>', first.index).del();
}

export async function migrateToLatest(db: Knex): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dropDuplicateLockRows(db);
      const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
      return applied;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt >= MIGRATE_ATTEMPTS || !CONCURRENT_START.some((race) => race.test(message))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * PostgreSQL: the API's role may read every gold table, now and future, and nothing else; the
 * database refuses its writes. The role itself is created by the administrator (see docs/operations.md).
 */
export async function grantReadOnly(db: Knex, role: string): Promise<void> {
  const quoted = `"${role.replace(/"/g, '""')}"`;
  await db.raw(`GRANT USAGE ON SCHEMA public TO ${quoted}`);
  await db.raw(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${quoted}`);
  await db.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${quoted}`);
}

/**
 * Migrations, static dimensions and the reader's grants: what a writer runs before its first load.
 * SQL Server / Azure SQL: the reader's rights come from db/sqlserver/roles.sql, run once by the
 * database administrator. The writer is not given the right to grant (it would need CONTROL on
 * the database), and Entra ID users can only be created by an Entra administrator.
 */
export async function prepareGoldDatabase(db: Knex, config: PlatformConfig['db']): Promise<void> {
  await migrateToLatest(db);
  await seedDimensions(db);
  if (config.client === 'pg') await grantReadOnly(db, decodeURIComponent(new URL(config.readerUrl).username));
}
