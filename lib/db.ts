import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DefaultAzureCredential } from '@azure/identity';
import knex, { type Knex } from 'knex';
import { ConfigError, type PlatformConfig } from './config';
import type { MssqlTarget } from './mssql-url';

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

/**
 * knex's mssql connection settings (tedious underneath). Entra ID: one DefaultAzureCredential per
 * pool, handed to tedious as a token credential, so pooled connections share its token cache
 * instead of each asking the identity endpoint.
 */
export function mssqlConnection(target: MssqlTarget): Knex.MsSqlConnectionConfig {
  const base = {
    server: target.server,
    port: target.port,
    database: target.database,
    options: {
      encrypt: target.encrypt,
      trustServerCertificate: target.trustServerCertificate,
      appName: 'grid-power-stream',
      // Instants are written as ISO strings with Z and read back as UTC Dates.
      useUTC: true,
    },
  };
  if (target.auth.kind === 'sql') {
    return { ...base, type: 'default', userName: target.auth.user, password: target.auth.password.reveal() };
  }
  const id = target.auth.managedIdentityClientId;
  return {
    ...base,
    type: 'token-credential',
    credential: new DefaultAzureCredential(id ? { managedIdentityClientId: id } : {}),
  };
}

function mssql(target: MssqlTarget, poolMax: number): Knex {
  return knex({ client: 'mssql', connection: mssqlConnection(target), pool: { min: 0, max: poolMax } });
}

export function createWriterDb(config: PlatformConfig['db']): Knex {
  if (config.client === 'sqlite') return sqlite(config.file, false);
  if (config.client === 'mssql') return mssql(config.writer, 5);
  return knex({ client: 'pg', connection: config.writerUrl, pool: { min: 0, max: 5 } });
}

export function createReaderDb(config: PlatformConfig['db']): Knex {
  if (config.client === 'sqlite') return sqlite(config.file, true);
  if (config.client === 'mssql') return mssql(config.reader, 10);
  return knex({ client: 'pg', connection: config.readerUrl, pool: { min: 0, max: 10 } });
}

/** Rights of the connected SQL Server principal on schema dbo, as the database reports them. */
export const MSSQL_SCHEMA_RIGHTS_QUERY =
  "SELECT HAS_PERMS_BY_NAME('dbo', 'SCHEMA', 'SELECT') AS can_select, " +
  "HAS_PERMS_BY_NAME('dbo', 'SCHEMA', 'INSERT') AS can_insert, " +
  "HAS_PERMS_BY_NAME('dbo', 'SCHEMA', 'UPDATE') AS can_update, " +
  "HAS_PERMS_BY_NAME('dbo', 'SCHEMA', 'DELETE') AS can_delete";

/** A deployment mistake, like a configuration error: the operator fixes the database's rights. */
export class ReaderRightsError extends ConfigError {
  override name = 'ReaderRightsError';
}

/**
 * SQL Server: refuses a reader connection that may write or cannot read. The reader's rights come
 * from db/sqlserver/roles.sql, run by hand, and a login in db_owner or db_datawriter passes the
 * configuration's checks; without this the API would serve with a writer's rights.
 */
export async function assertMssqlReaderIsReadOnly(reader: Knex): Promise<void> {
  let rows: Record<string, number>[];
  try {
    rows = (await reader.raw(MSSQL_SCHEMA_RIGHTS_QUERY)) as Record<string, number>[];
  } catch (err) {
    // Not a ReaderRightsError: an unreachable database is an outage, not a deployment mistake.
    throw new Error(
      `cannot check the rights of the GPS_DB_READER_URL principal on schema dbo: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const rights = rows[0] ?? {};
  const writes = ['insert', 'update', 'delete'].filter((r) => rights[`can_${r}`] === 1);
  if (writes.length) {
    throw new ReaderRightsError(
      `the GPS_DB_READER_URL principal may ${writes.join(', ')} on schema dbo: apply db/sqlserver/roles.sql (reader in gps_reader_role only)`,
    );
  }
  if (rights.can_select !== 1) {
    throw new ReaderRightsError(
      'the GPS_DB_READER_URL principal cannot SELECT on schema dbo: add it to gps_reader_role (db/sqlserver/roles.sql)',
    );
  }
}
