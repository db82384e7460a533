import type { Knex } from 'knex';
import type { PlatformConfig } from '../lib/config';
import { migrationSource } from './migrations';
import { seedDimensions } from './seeds/dimensions';

/*
 * Here rather than beside the connection factories in lib/db.ts: lib/ is imported by the
 * migrations and seeds, so lib/ importing them back would make a cycle.
 */

export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
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
