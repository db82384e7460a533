import { rmSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import type { Config } from '../activities/config';
import { prepareGoldDatabase } from '../db/prepare';
import { createWriterDb } from '../lib/db';
import type { TestPostgres } from '../test/helpers/postgres';

export interface FreshGoldDatabase {
  db: Knex;
  drop(): Promise<void>;
}

/**
 * A database with the Gold schema and nothing loaded, for one side of a paired benchmark: a new
 * SQLite file in `dir`, or a new database `bench_<name>` owned by the writer on the throwaway
 * PostgreSQL server. `drop` closes and deletes it.
 */
export async function freshGoldDatabase(
  dir: string,
  name: string,
  pg: TestPostgres | undefined,
): Promise<FreshGoldDatabase> {
  const adminRaw = async (sql: string) => {
    const admin = knex({ client: 'pg', connection: pg!.adminUrl });
    try {
      await admin.raw(sql);
    } finally {
      await admin.destroy();
    }
  };
  let dbConfig: Config['db'];
  const file = path.join(dir, `${name}.sqlite`);
  if (pg) {
    await adminRaw(`CREATE DATABASE bench_${name} OWNER gps_writer`);
    const writer = new URL(pg.writerUrl);
    writer.pathname = `/bench_${name}`;
    dbConfig = { client: 'pg', writerUrl: writer.toString(), readerUrl: pg.readerUrl };
  } else dbConfig = { client: 'sqlite', file };
  const db = createWriterDb(dbConfig);
  await prepareGoldDatabase(db, dbConfig);
  return {
    db,
    drop: async () => {
      await db.destroy();
      if (pg) await adminRaw(`DROP DATABASE bench_${name}`);
      else rmSync(file, { force: true });
    },
  };
}
