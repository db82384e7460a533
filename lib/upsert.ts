import type { Knex } from 'knex';

/**
 * Idempotent bulk upsert on a natural key, for every gold dialect. A row is rewritten only when a
 * value column changed (null-safe comparison), so a repeated load leaves the table as it was.
 * One transaction per batch.
 * - SQLite: one prepared INSERT … ON CONFLICT … DO UPDATE … WHERE, run per row inside a
 *   better-sqlite3 transaction (knex's multi-row form for SQLite is a UNION ALL capped at 500 rows).
 * - PostgreSQL: INSERT … SELECT FROM unnest(one array per column) … ON CONFLICT … DO UPDATE …
 *   WHERE: a handful of parameters per batch whatever its size.
 * - SQL Server / Azure SQL: MERGE (knex has no onConflict there), see `mergeStatement`.
 */
export interface UpsertSpec {
  table: string;
  key: string[];
  /** Columns compared to decide whether a stored row changes. */
  values: string[];
  /** Columns written on insert and update but not compared (e.g. loaded_at). */
  touch?: string[];
  /** PostgreSQL types of every column: rows travel as one array per column through unnest(). */
  pgTypes: Record<string, string>;
}

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

function changedCondition(table: string, values: string[], excluded: string): string {
  return values
    .map(
      (c) =>
        `NOT (${table}.${quote(c)} = ${excluded}.${quote(c)} OR (${table}.${quote(c)} IS NULL AND ${excluded}.${quote(c)} IS NULL))`,
    )
    .join(' OR ');
}

/**
 * The INSERT … ON CONFLICT statement shared by SQLite and PostgreSQL; `source` is what feeds it
 * (a VALUES list, or a SELECT over unnest() arrays).
 */
export function onConflictStatement(spec: UpsertSpec, columns: string[], source: string): string {
  const updated = [...spec.values, ...(spec.touch ?? [])];
  return (
    `INSERT INTO ${quote(spec.table)} (${columns.map(quote).join(', ')}) ${source} ` +
    `ON CONFLICT (${spec.key.map(quote).join(', ')}) DO UPDATE SET ${updated.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')} ` +
    `WHERE ${changedCondition(quote(spec.table), spec.values, 'excluded')}`
  );
}

/** SQL Server / Azure SQL: the same upsert as a MERGE over a VALUES source. */
export function mergeStatement(spec: UpsertSpec, columns: string[], rowCount: number): string {
  const b = (id: string) => `[${id.replace(/]/g, ']]')}]`;
  const updated = [...spec.values, ...(spec.touch ?? [])];
  const row = `(${columns.map(() => '?').join(', ')})`;
  const differs = spec.values
    .map((c) => `NOT (t.${b(c)} = s.${b(c)} OR (t.${b(c)} IS NULL AND s.${b(c)} IS NULL))`)
    .join(' OR ');
  return (
    `MERGE ${b(spec.table)} WITH (HOLDLOCK) AS t USING (VALUES ${Array(rowCount).fill(row).join(', ')}) AS s (${columns.map(b).join(', ')}) ` +
    `ON ${spec.key.map((k) => `t.${b(k)} = s.${b(k)}`).join(' AND ')} ` +
    `WHEN MATCHED AND (${differs}) THEN UPDATE SET ${updated.map((c) => `t.${b(c)} = s.${b(c)}`).join(', ')} ` +
    `WHEN NOT MATCHED THEN INSERT (${columns.map(b).join(', ')}) VALUES (${columns.map((c) => `s.${b(c)}`).join(', ')});`
  );
}

interface BetterSqliteDatabase {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction<T extends unknown[]>(fn: (...args: T) => void): (...args: T) => void;
}

function sqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v ?? null;
}

const SQLITE_BATCH_ROWS = 5_000;
const PG_BATCH_ROWS = 20_000;
/** SQL Server accepts at most 2 100 parameters per statement. */
const MAX_MSSQL_PARAMETERS = 2_000;

export async function bulkUpsert(db: Knex, spec: UpsertSpec, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0] as object);
  const dialect = db.client.config.client as string;

  if (dialect === 'better-sqlite3') {
    const conn = (await db.client.acquireConnection()) as BetterSqliteDatabase;
    try {
      const statement = conn.prepare(
        onConflictStatement(spec, columns, `VALUES (${columns.map(() => '?').join(', ')})`),
      );
      const runBatch = conn.transaction((batch: Record<string, unknown>[]) => {
        for (const row of batch) statement.run(...columns.map((c) => sqliteValue(row[c])));
      });
      for (let i = 0; i < rows.length; i += SQLITE_BATCH_ROWS) runBatch(rows.slice(i, i + SQLITE_BATCH_ROWS));
    } finally {
      await db.client.releaseConnection(conn);
    }
    return;
  }

  if (dialect === 'pg') {
    const types = columns.map((c) => {
      const type = spec.pgTypes[c];
      if (!type) throw new Error(`bulkUpsert ${spec.table}: no PostgreSQL type for column ${c}`);
      return type;
    });
    const sql = onConflictStatement(
      spec,
      columns,
      `SELECT * FROM unnest(${types.map((t) => `?::${t}[]`).join(', ')})`,
    );
    for (let i = 0; i < rows.length; i += PG_BATCH_ROWS) {
      const batch = rows.slice(i, i + PG_BATCH_ROWS);
      const arrays = columns.map((c) => batch.map((row) => row[c] ?? null));
      await db.transaction((trx) => trx.raw(sql, arrays as unknown as Knex.RawBinding[]));
    }
    return;
  }

  if (dialect !== 'mssql') throw new Error(`bulkUpsert: unsupported database client ${dialect}`);
  const perBatch = Math.max(1, Math.floor(MAX_MSSQL_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perBatch) {
    const batch = rows.slice(i, i + perBatch);
    const bindings = batch.flatMap((row) => columns.map((c) => row[c] ?? null)) as Knex.RawBinding[];
    await db.transaction((trx) => trx.raw(mergeStatement(spec, columns, batch.length), bindings));
  }
}
