import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { ConfigError } from './config';
import { seedDemoReference } from './reference-demo';

/**
 * The reference SQL database (sites -> grid nodes -> regions) has its own connection string,
 * GPS_REFERENCE_DB_URL: `sqlite:<file>` or `postgres://user:pass@host/db`. Without it, the
 * embedded default is a demo SQLite file in the data directory, created on first use.
 */
export type ReferenceDbConfig =
  { client: 'sqlite'; file: string; demo: boolean } | { client: 'pg'; url: string; demo: false };

export function referenceDbConfig(reference: { dbUrl?: string; demoFile: string }): ReferenceDbConfig {
  const url = reference.dbUrl;
  if (!url) return { client: 'sqlite', file: reference.demoFile, demo: true };
  if (/^postgres(ql)?:\/\//.test(url)) return { client: 'pg', url, demo: false };
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/.exec(url);
  if (sqlite?.[1]) return { client: 'sqlite', file: path.resolve(sqlite[1]), demo: false };
  throw new ConfigError(
    'GPS_REFERENCE_DB_URL must be sqlite:<file> or postgres://user:password@host:port/database',
  );
}

/** Where the extract came from, without the password: it goes into Bronze metadata and logs. */
export function describeReferenceDb(config: ReferenceDbConfig): string {
  if (config.client === 'sqlite') return `sqlite:${config.file}`;
  const u = new URL(config.url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Opens the reference database for reading; the demo file is created the first time. */
export async function openReferenceDb(config: ReferenceDbConfig): Promise<Knex> {
  if (config.client === 'pg') {
    return knex({ client: 'pg', connection: config.url, pool: { min: 0, max: 2 } });
  }
  if (!existsSync(config.file)) {
    if (!config.demo) throw new ConfigError(`reference database ${config.file} does not exist`);
    mkdirSync(path.dirname(config.file), { recursive: true });
    // Seeded aside then renamed, so a concurrent reader never opens a half-written demo file.
    const tmp = `${config.file}.${process.pid}.${Date.now()}.tmp`;
    const seeding = knex({ client: 'better-sqlite3', connection: { filename: tmp }, useNullAsDefault: true });
    try {
      await seedDemoReference(seeding);
    } finally {
      await seeding.destroy();
    }
    renameSync(tmp, config.file);
  }
  // Read-only: the platform never writes to a database it does not own.
  return knex({
    client: 'better-sqlite3',
    connection: { filename: config.file, options: { readonly: true } },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
}
