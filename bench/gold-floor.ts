import type { Knex } from 'knex';
import { copyColumns } from '../lib/pg-copy';
import type { UpsertColumns } from '../lib/upsert';

/**
 * The floor the Gold load is measured against in bench:year: the same fact and date rows written
 * by a bare bulk load into a fresh database with the same schema, nothing else (no upsert, no
 * rollups). SQLite: one prepared single-row INSERT run for every row in one transaction.
 * PostgreSQL: one `COPY … FROM STDIN` per table through the same node-postgres connection type the
 * loader uses (lib/pg-copy.ts), the rows serialised as they are written.
 */

export interface FloorTable {
  table: string;
  /** Row batches, each one array per column; every batch has the same columns. */
  batches: UpsertColumns[];
}

function columnsOf(t: FloorTable): string[] {
  return t.batches.length ? Object.keys(t.batches[0]!) : [];
}

interface BetterSqliteDatabase {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

function sqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v ?? null;
}

async function floorSqlite(db: Knex, tables: FloorTable[]): Promise<void> {
  const conn = (await db.client.acquireConnection()) as BetterSqliteDatabase;
  try {
    const load = conn.transaction(() => {
      for (const t of tables) {
        const columns = columnsOf(t);
        if (!columns.length) continue;
        const insert = conn.prepare(
          `INSERT INTO ${t.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        const row = new Array<unknown>(columns.length);
        for (const batch of t.batches) {
          const arrays = columns.map((c) => batch[c]!);
          const n = arrays[0]!.length;
          for (let r = 0; r < n; r++) {
            for (let c = 0; c < arrays.length; c++) row[c] = sqliteValue(arrays[c]![r]);
            insert.run(...row);
          }
        }
      }
    });
    load();
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/** Loads the tables in order into `db`. */
export async function loadFloor(dialect: 'sqlite' | 'pg', db: Knex, tables: FloorTable[]): Promise<void> {
  if (dialect === 'sqlite') return floorSqlite(db, tables);
  for (const t of tables) await copyColumns(db, t.table, t.batches);
}
