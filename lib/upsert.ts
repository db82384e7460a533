import type { Knex } from 'knex';
import { pgNumberText } from './pg-text';

/**
 * Idempotent bulk upsert on a natural key, for every gold dialect. A row is rewritten only when a
 * value column changed (null-safe comparison), so a repeated load leaves the table as it was.
 * One transaction per batch.
 * - SQLite: one prepared INSERT … ON CONFLICT … DO UPDATE … WHERE, run per row inside a
 *   better-sqlite3 transaction (knex's multi-row form for SQLite is a UNION ALL capped at 500 rows).
 * - PostgreSQL: INSERT … SELECT FROM unnest(one array literal per column) … ON CONFLICT … DO
 *   UPDATE … WHERE: a handful of parameters per batch whatever its size; a touch column with one
 *   value for every row is bound once.
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

interface BetterSqliteStatement {
  run(params: unknown[]): { changes: number };
}
interface BetterSqliteDatabase {
  prepare(sql: string): BetterSqliteStatement;
  transaction<T extends unknown[]>(fn: (...args: T) => void): (...args: T) => void;
  readonly inTransaction: boolean;
}

function sqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v ?? null;
}

/** Rows per transaction when the caller has not opened one. */
const SQLITE_BATCH_ROWS = 20_000;
/**
 * Rows per SQLite statement: one multi-row VALUES statement crosses from JavaScript into SQLite
 * once per 100 rows instead of once per row (about a third less CPU per row than per-row runs).
 */
const SQLITE_ROWS_PER_STATEMENT = 100;
const PG_BATCH_ROWS = 20_000;
/** SQL Server accepts at most 2 100 parameters per statement. */
const MAX_MSSQL_PARAMETERS = 2_000;

/** Rows as one array per column, every array the same length. */
export type UpsertColumns = Record<string, readonly unknown[]>;

/** Rows given as objects, kept for callers with few rows; large loads use `upsertColumns`. */
export async function bulkUpsert(
  db: Knex,
  spec: UpsertSpec,
  rows: Record<string, unknown>[],
): Promise<number> {
  if (!rows.length) return 0;
  const columns: UpsertColumns = {};
  for (const c of Object.keys(rows[0] as object)) columns[c] = rows.map((row) => row[c]);
  return upsertColumns(db, spec, columns);
}

/**
 * Upserts rows given column by column; returns how many rows were inserted or rewritten (rows
 * left as they were do not count). Inside a knex transaction every batch joins it; otherwise each
 * batch is its own transaction.
 */
export async function upsertColumns(db: Knex, spec: UpsertSpec, data: UpsertColumns): Promise<number> {
  const columns = Object.keys(data);
  const rowCount = columns.length ? (data[columns[0]!]?.length ?? 0) : 0;
  if (!rowCount) return 0;
  for (const c of columns) {
    if (data[c]!.length !== rowCount)
      throw new Error(`upsert ${spec.table}: column ${c} has ${data[c]!.length} rows, not ${rowCount}`);
  }
  const dialect = db.client.config.client as string;
  if (dialect === 'better-sqlite3') return upsertSqlite(db, spec, columns, data, rowCount);
  if (dialect === 'pg') return upsertPostgres(db, spec, columns, data, rowCount);
  if (dialect !== 'mssql') throw new Error(`bulkUpsert: unsupported database client ${dialect}`);
  const perBatch = Math.max(1, Math.floor(MAX_MSSQL_PARAMETERS / columns.length));
  for (let i = 0; i < rowCount; i += perBatch) {
    const n = Math.min(perBatch, rowCount - i);
    const bindings: unknown[] = [];
    for (let r = i; r < i + n; r++) for (const c of columns) bindings.push(data[c]![r] ?? null);
    await inTransaction(db, (trx) =>
      trx.raw(mergeStatement(spec, columns, n), bindings as Knex.RawBinding[]),
    );
  }
  return rowCount;
}

async function inTransaction<T>(db: Knex, work: (trx: Knex) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction(work);
}

async function upsertSqlite(
  db: Knex,
  spec: UpsertSpec,
  columns: string[],
  data: UpsertColumns,
  rowCount: number,
): Promise<number> {
  const conn = (await db.client.acquireConnection()) as BetterSqliteDatabase;
  try {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const statements = new Map<number, BetterSqliteStatement>();
    const statementFor = (rows: number) => {
      let statement = statements.get(rows);
      if (!statement) {
        statement = conn.prepare(
          onConflictStatement(spec, columns, `VALUES ${Array(rows).fill(row).join(', ')}`),
        );
        statements.set(rows, statement);
      }
      return statement;
    };
    const arrays = columns.map((c) => data[c]!);
    let changes = 0;
    // Every full statement binds the same array, refilled: no garbage per statement.
    const fullParams = new Array<unknown>(SQLITE_ROWS_PER_STATEMENT * arrays.length);
    const runRows = (from: number, to: number) => {
      for (let i = from; i < to; i += SQLITE_ROWS_PER_STATEMENT) {
        const n = Math.min(SQLITE_ROWS_PER_STATEMENT, to - i);
        const params = n === SQLITE_ROWS_PER_STATEMENT ? fullParams : new Array<unknown>(n * arrays.length);
        let p = 0;
        for (let r = i; r < i + n; r++) for (const array of arrays) params[p++] = sqliteValue(array[r]);
        changes += statementFor(n).run(params).changes;
      }
    };
    if (conn.inTransaction) runRows(0, rowCount);
    else {
      const batch = conn.transaction(runRows);
      for (let i = 0; i < rowCount; i += SQLITE_BATCH_ROWS)
        batch(i, Math.min(i + SQLITE_BATCH_ROWS, rowCount));
    }
    return changes;
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/**
 * One value as an element of a PostgreSQL array literal. Written here rather than letting
 * node-postgres prepare every element, which was most of a day's energy-flow upsert on PostgreSQL
 * (figures: bench/README.md, bench:year).
 */
function pgArrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return pgNumberText(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'bigint') return String(value);
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function pgArrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + pgArrayElement(values[i]);
  return `${out}}`;
}

/** A touch column (e.g. loaded_at) with one value for every row travels once, not once per row. */
function constantTouchColumns(spec: UpsertSpec, data: UpsertColumns): Set<string> {
  const constant = new Set<string>();
  for (const c of spec.touch ?? []) {
    const values = data[c];
    if (!values?.length) continue;
    const first = values[0];
    if (first !== null && first !== undefined && values.every((v) => v === first)) constant.add(c);
  }
  return constant;
}

async function upsertPostgres(
  db: Knex,
  spec: UpsertSpec,
  columns: string[],
  data: UpsertColumns,
  rowCount: number,
): Promise<number> {
  const typeOf = (c: string) => {
    const type = spec.pgTypes[c];
    if (!type) throw new Error(`bulkUpsert ${spec.table}: no PostgreSQL type for column ${c}`);
    return type;
  };
  const constant = constantTouchColumns(spec, data);
  const arrayColumns = columns.filter((c) => !constant.has(c));
  // Scalars are bound where they appear in the select list, before the unnest() arrays.
  const selectList = columns.map((c) => (constant.has(c) ? `?::${typeOf(c)}` : `u.${quote(c)}`));
  const sql = onConflictStatement(
    spec,
    columns,
    `SELECT ${selectList.join(', ')} FROM unnest(${arrayColumns.map((c) => `?::${typeOf(c)}[]`).join(', ')}) ` +
      `AS u(${arrayColumns.map(quote).join(', ')})`,
  );
  const scalars = columns.filter((c) => constant.has(c)).map((c) => data[c]![0]);
  let changes = 0;
  for (let i = 0; i < rowCount; i += PG_BATCH_ROWS) {
    const arrays = arrayColumns.map((c) => pgArrayLiteral(data[c]!.slice(i, i + PG_BATCH_ROWS)));
    const result = (await inTransaction(db, (trx) =>
      trx.raw(sql, [...scalars, ...arrays] as Knex.RawBinding[]),
    )) as {
      rowCount: number | null;
    };
    changes += result.rowCount ?? 0;
  }
  return changes;
}
