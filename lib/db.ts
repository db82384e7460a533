import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { Config } from './config';
import { migrationSource } from '../db/migrations';
import { seedDimensions } from '../db/seeds/dimensions';

/**
 * Two principals on the gold database: the pipeline writes, the API reads. On SQLite the reader
 * opens the file read-only, so the database engine itself refuses writes from the API.
 */

function sqlite(file: string, readonly: boolean): Knex {
  if (!readonly) mkdirSync(path.dirname(file), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    // Read-only opening fails on a missing file rather than creating an empty database.
    connection: { filename: file, options: { readonly } },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (
        conn: { pragma: (s: string) => unknown },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        // WAL lets the API read while a worker writes; busy_timeout waits out short write locks.
        // NORMAL in WAL mode cannot corrupt the file; a power cut may lose the last commits,
        // which the pipeline re-runs from its watermark anyway.
        if (!readonly) {
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = NORMAL');
        }
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
        done(null, conn);
      },
    },
  });
}

export function createWriterDb(config: Config['db']): Knex {
  if (config.client === 'sqlite') return sqlite(config.file, false);
  return knex({ client: 'pg', connection: config.writerUrl, pool: { min: 0, max: 5 } });
}

export function createReaderDb(config: Config['db']): Knex {
  if (config.client === 'sqlite') return sqlite(config.file, true);
  return knex({ client: 'pg', connection: config.readerUrl, pool: { min: 0, max: 10 } });
}

export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/**
 * PostgreSQL: the API's role may read every gold table, now and future, and nothing else; the
 * database refuses its writes. The role itself is created by the administrator (see README).
 */
export async function grantReadOnly(db: Knex, role: string): Promise<void> {
  const quoted = `"${role.replace(/"/g, '""')}"`;
  await db.raw(`GRANT USAGE ON SCHEMA public TO ${quoted}`);
  await db.raw(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${quoted}`);
  await db.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${quoted}`);
}

/** Migrations, static dimensions and the reader's grants: what a writer runs before its first load. */
export async function prepareGoldDatabase(db: Knex, config: Config['db']): Promise<void> {
  await migrateToLatest(db);
  await seedDimensions(db);
  if (config.client === 'pg') await grantReadOnly(db, decodeURIComponent(new URL(config.readerUrl).username));
}
