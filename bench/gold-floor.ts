import { spawn } from 'node:child_process';
import type { Knex } from 'knex';
import type { UpsertColumns } from '../lib/upsert';

/**
 * The floor the Gold load is measured against in bench:year: the same fact and date rows written
 * by a bare bulk load into a fresh database with the same schema, nothing else (no upsert, no
 * rollups). SQLite: one prepared single-row INSERT run for every row in one transaction.
 * PostgreSQL: `COPY … FROM STDIN` in CSV through psql's `\copy` (the project has no COPY client
 * library: pg-copy-streams is not installed), one COPY per table.
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

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const text = v instanceof Date ? v.toISOString() : String(v);
  return text === '' || /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvOf(batch: UpsertColumns, columns: string[]): string {
  const arrays = columns.map((c) => batch[c]!);
  const n = arrays[0]!.length;
  let out = '';
  for (let r = 0; r < n; r++) {
    let line = csvField(arrays[0]![r]);
    for (let c = 1; c < arrays.length; c++) line += `,${csvField(arrays[c]![r])}`;
    out += `${line}\n`;
  }
  return out;
}

/** One `\copy … FROM pstdin` through psql, the rows serialised to CSV as they are written. */
async function copyThroughPsql(url: string, t: FloorTable): Promise<void> {
  const columns = columnsOf(t);
  if (!columns.length) return;
  const u = new URL(url);
  const psql = spawn(
    'psql',
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy ${t.table} (${columns.join(', ')}) FROM pstdin WITH (FORMAT csv)`,
    ],
    {
      // The password goes through the environment, not the command line.
      env: {
        ...process.env,
        PGHOST: u.hostname,
        PGPORT: u.port,
        PGUSER: decodeURIComponent(u.username),
        PGPASSWORD: decodeURIComponent(u.password),
        PGDATABASE: u.pathname.slice(1),
      },
      stdio: ['pipe', 'inherit', 'pipe'],
    },
  );
  let stderr = '';
  psql.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    psql.on('error', reject);
    psql.on('close', resolve);
  });
  for (const batch of t.batches) {
    if (!psql.stdin.write(csvOf(batch, columns)))
      await new Promise<void>((resolve) => psql.stdin.once('drain', resolve));
  }
  psql.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`psql \\copy ${t.table} exited with ${code}: ${stderr.trim()}`);
}

/** Loads the tables in order into `db` (SQLite) or the database at `pgUrl` (PostgreSQL). */
export async function loadFloor(
  dialect: 'sqlite' | 'pg',
  db: Knex,
  pgUrl: string | undefined,
  tables: FloorTable[],
): Promise<void> {
  if (dialect === 'sqlite') return floorSqlite(db, tables);
  for (const t of tables) await copyThroughPsql(pgUrl!, t);
}
