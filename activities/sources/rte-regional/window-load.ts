import type { Knex } from 'knex';
import { copyColumns } from '../../../lib/pg-copy';
import { upsertColumns, type UpsertColumns, type UpsertSpec } from '../../../lib/upsert';

/**
 * How a regional fact or rollup table (a region and an instant in its key) takes a load's rows.
 * The usual case of a backfill is a window (the regions and instants of the load) that holds no
 * row yet: on PostgreSQL those rows go in by `COPY`, which costs the server far less than the
 * upsert's `INSERT … ON CONFLICT` (figures: bench/README.md, bench:year). Any other case, and
 * every other dialect, upserts.
 *
 * Safety without a table lock: the COPY runs in a savepoint of the load's transaction, and the
 * primary key is the arbiter. A row another loader committed after the emptiness check, or one
 * still uncommitted (the COPY waits for it), makes the COPY fail with a unique violation; the
 * savepoint is rolled back and the same rows are upserted instead, so the result is the upsert's.
 * A crashed load leaves nothing (one transaction), so its retry finds the window empty again.
 */

export type WindowLoadPath = 'copy' | 'upsert';

export interface WindowLoad {
  /** Rows inserted or rewritten. */
  changes: number;
  path: WindowLoadPath;
}

/** The columns that bound a load's window: its regions, and its instants as ISO text. */
export interface WindowColumns {
  region: string;
  instant: string;
}

export const FACT_WINDOW: WindowColumns = { region: 'region_code', instant: 'ts_utc' };

const UNIQUE_VIOLATION = '23505';

/** Whether `table` holds a row of the load's regions between its first and last instants. */
async function windowHoldsRows(
  db: Knex,
  table: string,
  columns: WindowColumns,
  rows: UpsertColumns,
): Promise<boolean> {
  const { regions, first, last } = windowOf(rows, columns);
  const { rows: found } = (await db.raw(
    `SELECT EXISTS (SELECT 1 FROM ?? WHERE ?? >= ? AND ?? <= ? AND ?? = ANY(?::text[])) AS held`,
    [table, columns.instant, first, columns.instant, last, columns.region, regions],
  )) as { rows: { held: boolean }[] };
  return found[0]!.held;
}

function windowOf(
  rows: UpsertColumns,
  columns: WindowColumns,
): { regions: string[]; first: string; last: string } {
  const ts = rows[columns.instant] as string[];
  let first = ts[0]!;
  let last = ts[0]!;
  for (const t of ts) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return { regions: [...new Set(rows[columns.region] as string[])], first, last };
}

/** Loads rows (instants as ISO text, as the mapping writes them) into `spec.table`. */
export async function loadIntoWindow(
  db: Knex,
  spec: UpsertSpec,
  rows: UpsertColumns,
  columns: WindowColumns = FACT_WINDOW,
): Promise<WindowLoad> {
  const upsert = async (): Promise<WindowLoad> => ({
    changes: await upsertColumns(db, spec, rows),
    path: 'upsert',
  });
  if (db.client.config.client !== 'pg' || !rows[columns.instant]?.length) return upsert();
  if (await windowHoldsRows(db, spec.table, columns, rows)) return upsert();
  try {
    const changes = await db.transaction((savepoint) => copyColumns(savepoint, spec.table, [rows]));
    return { changes, path: 'copy' };
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    return upsert();
  }
}
