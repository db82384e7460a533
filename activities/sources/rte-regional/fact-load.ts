import type { Knex } from 'knex';
import { copyColumns } from '../../../lib/pg-copy';
import { upsertColumns, type UpsertColumns, type UpsertSpec } from '../../../lib/upsert';

/**
 * How a regional fact table (`region_code`, `ts_utc` in its key) takes a load's rows. The usual
 * case of a backfill is a window (the regions and instants of the load) that holds no row yet:
 * on PostgreSQL those rows go in by `COPY`, which costs the server far less than the upsert's
 * `INSERT … ON CONFLICT` (figures: bench/README.md, bench:year). Any other case, and every other
 * dialect, upserts.
 *
 * Safety without a table lock: the COPY runs in a savepoint of the load's transaction, and the
 * primary key is the arbiter. A row another loader committed after the emptiness check, or one
 * still uncommitted (the COPY waits for it), makes the COPY fail with a unique violation; the
 * savepoint is rolled back and the same rows are upserted instead, so the result is the upsert's.
 * A crashed load leaves nothing (one transaction), so its retry finds the window empty again.
 */

export type FactLoadPath = 'copy' | 'upsert';

export interface FactLoad {
  /** Rows inserted or rewritten. */
  changes: number;
  path: FactLoadPath;
}

const UNIQUE_VIOLATION = '23505';

/** Whether `table` holds a row of these regions between `first` and `last` (ISO, inclusive). */
async function windowHoldsRows(
  db: Knex,
  table: string,
  regions: string[],
  first: string,
  last: string,
): Promise<boolean> {
  const { rows } = (await db.raw(
    `SELECT EXISTS (SELECT 1 FROM ?? WHERE ts_utc >= ? AND ts_utc <= ? AND region_code = ANY(?::text[])) AS held`,
    [table, first, last, regions],
  )) as { rows: { held: boolean }[] };
  return rows[0]!.held;
}

function windowOf(rows: UpsertColumns): { regions: string[]; first: string; last: string } {
  const ts = rows.ts_utc as string[];
  let first = ts[0]!;
  let last = ts[0]!;
  for (const t of ts) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return { regions: [...new Set(rows.region_code as string[])], first, last };
}

/** Loads regional fact rows (ISO `ts_utc` text, as the mapping writes them) into `spec.table`. */
export async function loadFacts(db: Knex, spec: UpsertSpec, rows: UpsertColumns): Promise<FactLoad> {
  const upsert = async (): Promise<FactLoad> => ({
    changes: await upsertColumns(db, spec, rows),
    path: 'upsert',
  });
  if (db.client.config.client !== 'pg' || !rows.ts_utc?.length) return upsert();
  const { regions, first, last } = windowOf(rows);
  if (await windowHoldsRows(db, spec.table, regions, first, last)) return upsert();
  try {
    const changes = await db.transaction((savepoint) => copyColumns(savepoint, spec.table, [rows]));
    return { changes, path: 'copy' };
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    return upsert();
  }
}
