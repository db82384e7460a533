import type { Knex } from 'knex';

/**
 * The few statements whose text differs between the gold dialects: SQLite (instants as ISO
 * text), PostgreSQL (timestamptz) and SQL Server / Azure SQL (datetimeoffset, no ON CONFLICT).
 * Callers keep their bindings; only the SQL text comes from here, so one statement has one
 * binding order on every dialect.
 */
export type SqlDialect = 'sqlite' | 'pg' | 'mssql';

export function sqlDialect(db: Knex): SqlDialect {
  const client = db.client.config.client as string;
  if (client === 'better-sqlite3') return 'sqlite';
  if (client === 'pg') return 'pg';
  if (client === 'mssql') return 'mssql';
  throw new Error(`no gold SQL dialect for knex client ${client}`);
}

const bracket = (id: string) => `[${id.replace(/]/g, ']]')}]`;

/**
 * The UTC hour of an instant column. SQL Server: DATEADD/DATEDIFF from the zero date rather than
 * DATETRUNC, which needs SQL Server 2022 and truncates in the value's own offset; DATEDIFF on a
 * datetimeoffset counts in UTC whatever offset a row was written with, and runs on every
 * supported SQL Server and Azure SQL compatibility level. The result is a datetime (UTC, no
 * offset), which the datetimeoffset column stores as +00:00.
 */
export function hourBucket(dialect: SqlDialect, column = 'ts_utc'): string {
  switch (dialect) {
    case 'sqlite':
      return `strftime('%Y-%m-%dT%H:00:00.000Z', ${column})`;
    case 'pg':
      return `date_trunc('hour', ${column})`;
    case 'mssql':
      return `DATEADD(hour, DATEDIFF(hour, 0, ${column}), 0)`;
  }
}

/**
 * A rollup rebuilt from its facts: `INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE` on
 * SQLite and PostgreSQL, `MERGE … USING (SELECT … GROUP BY …)` on SQL Server. Rows of the
 * rollup whose facts are gone stay, as with ON CONFLICT (no WHEN NOT MATCHED BY SOURCE).
 */
export interface RollupRefresh {
  table: string;
  /** The rollup's primary key, a subset of `columns`. */
  key: string[];
  /** Rollup column -> expression over the facts, in INSERT order. */
  columns: [column: string, expression: string][];
  /** FROM clause body, e.g. `fact_energy_flow`. */
  from: string;
  /** WHERE clause body; required (SQLite's INSERT … SELECT … ON CONFLICT needs one to parse). */
  where: string;
  groupBy: string[];
}

export function rollupRefreshStatement(dialect: SqlDialect, r: RollupRefresh): string {
  const names = r.columns.map(([c]) => c);
  const updated = names.filter((c) => !r.key.includes(c));
  const select =
    `SELECT ${r.columns.map(([c, expr]) => (expr === c ? c : `${expr} AS ${c}`)).join(', ')} ` +
    `FROM ${r.from} WHERE ${r.where} GROUP BY ${r.groupBy.join(', ')}`;
  if (dialect !== 'mssql') {
    return (
      `INSERT INTO ${r.table} (${names.join(', ')}) ${select} ` +
      `ON CONFLICT (${r.key.join(', ')}) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}`
    );
  }
  // HOLDLOCK: without it two concurrent MERGEs can both see "not matched" and one fails on the key.
  return (
    `MERGE ${bracket(r.table)} WITH (HOLDLOCK) AS t USING (${select}) AS s ` +
    `ON ${r.key.map((k) => `t.${bracket(k)} = s.${bracket(k)}`).join(' AND ')} ` +
    `WHEN MATCHED THEN UPDATE SET ${updated.map((c) => `t.${bracket(c)} = s.${bracket(c)}`).join(', ')} ` +
    `WHEN NOT MATCHED THEN INSERT (${names.map(bracket).join(', ')}) VALUES (${names.map((c) => `s.${bracket(c)}`).join(', ')});`
  );
}

const placeholders = (n: number) => Array(n).fill('?').join(', ');

const ENERGY_AGGREGATES: [string, string][] = [
  ['energy_mwh', 'SUM(mw) * 0.25'],
  ['avg_mw', 'AVG(mw)'],
  ['max_mw', 'MAX(mw)'],
  ['quarter_hours', 'COUNT(mw)'],
  ['refreshed_at', '?'],
];

/**
 * agg_energy_flow_hourly over the UTC hours [from, to).
 * Bindings: refreshedAt, ...regionCodes, hourFrom, hourTo.
 */
export function hourlyEnergyRefreshStatement(dialect: SqlDialect, regionCount: number): string {
  const bucket = hourBucket(dialect);
  return rollupRefreshStatement(dialect, {
    table: 'agg_energy_flow_hourly',
    key: ['region_code', 'hour_utc', 'source_code'],
    columns: [
      ['region_code', 'region_code'],
      ['hour_utc', bucket],
      ['source_code', 'source_code'],
      ...ENERGY_AGGREGATES,
    ],
    from: 'fact_energy_flow',
    where: `region_code IN (${placeholders(regionCount)}) AND ts_utc >= ? AND ts_utc < ?`,
    groupBy: ['region_code', bucket, 'source_code'],
  });
}

/**
 * agg_energy_flow_daily for the given Paris dates, from the hourly rollup rather than the facts:
 * a Paris date is a whole number of UTC hours (the offset is +1 or +2 h), the hourly rollup is
 * rebuilt in the same transaction whenever a fact changes, and it has a quarter of the rows, which
 * matters most on SQLite, where a GROUP BY sorts (figures: bench/README.md, bench:year).
 * Each date's hours are named by their UTC range, so no time-zone arithmetic runs in SQL.
 * Bindings: refreshedAt, then per date: dateKey, ...regionCodes, hourFrom, hourTo.
 */
export function dailyEnergyRefreshStatement(
  dialect: SqlDialect,
  regionCount: number,
  dateKeyCount: number,
): string {
  const perDate =
    'SELECT CAST(? AS INTEGER) AS date_key, region_code, source_code, energy_mwh, max_mw, quarter_hours ' +
    `FROM agg_energy_flow_hourly WHERE region_code IN (${placeholders(regionCount)}) AND hour_utc >= ? AND hour_utc < ?`;
  return rollupRefreshStatement(dialect, {
    table: 'agg_energy_flow_daily',
    key: ['region_code', 'date_key', 'source_code'],
    columns: [
      ['region_code', 'region_code'],
      ['date_key', 'date_key'],
      ['source_code', 'source_code'],
      ['energy_mwh', 'SUM(energy_mwh)'],
      // The mean of the quarter-hour values: their sum is the energy over a quarter of an hour.
      ['avg_mw', 'SUM(energy_mwh) * 4 / NULLIF(SUM(quarter_hours), 0)'],
      ['max_mw', 'MAX(max_mw)'],
      ['quarter_hours', 'SUM(quarter_hours)'],
      ['refreshed_at', '?'],
    ],
    from: `(${Array(dateKeyCount).fill(perDate).join(' UNION ALL ')}) AS per_date`,
    where: '1 = 1',
    groupBy: ['region_code', 'date_key', 'source_code'],
  });
}

/**
 * The regional balance over an hour or a Paris day: power is the mean of the quarter-hours;
 * intensity and shares are weighted by production, i.e. those of the energy produced in the
 * period rather than the mean of its quarter-hours' ratios. The REST routes read these.
 */
const weightedByProduction = (column: string) =>
  `SUM(${column} * production_mw) / NULLIF(SUM(CASE WHEN ${column} IS NOT NULL THEN production_mw END), 0)`;

export const BALANCE_AGGREGATES: [string, string][] = [
  ['consumption_mw', 'AVG(consumption_mw)'],
  ['production_mw', 'AVG(production_mw)'],
  ['net_exchange_mw', 'AVG(net_exchange_mw)'],
  ['carbon_intensity_g_per_kwh', weightedByProduction('carbon_intensity_g_per_kwh')],
  ['renewable_share_pct', weightedByProduction('renewable_share_pct')],
  ['low_carbon_share_pct', weightedByProduction('low_carbon_share_pct')],
  ['quarter_hours', 'COUNT(*)'],
  ['refreshed_at', '?'],
];

/**
 * agg_regional_balance_hourly (UTC hours) or agg_regional_balance_daily (Paris dates) rebuilt
 * from fact_regional_balance for the rows matching `where` (a condition on region_code and
 * ts_utc, so the primary key bounds the scan; per day also on date_key).
 * Bindings: refreshedAt, then those of `where`.
 */
export function balanceRollupRefreshStatement(
  dialect: SqlDialect,
  grain: 'hour' | 'day',
  where: string,
): string {
  const period = grain === 'hour' ? hourBucket(dialect) : 'date_key';
  return rollupRefreshStatement(dialect, {
    table: grain === 'hour' ? 'agg_regional_balance_hourly' : 'agg_regional_balance_daily',
    key: ['region_code', grain === 'hour' ? 'hour_utc' : 'date_key'],
    columns: [
      ['region_code', 'region_code'],
      [grain === 'hour' ? 'hour_utc' : 'date_key', period],
      ...BALANCE_AGGREGATES,
    ],
    from: 'fact_regional_balance',
    where,
    groupBy: ['region_code', period],
  });
}

/** SQL Server: insert the rows whose key is absent, leave the others untouched. */
export function mergeInsertMissingStatement(
  table: string,
  key: string[],
  columns: string[],
  rowCount: number,
): string {
  const row = `(${placeholders(columns.length)})`;
  return (
    `MERGE ${bracket(table)} WITH (HOLDLOCK) AS t USING (VALUES ${Array(rowCount).fill(row).join(', ')}) ` +
    `AS s (${columns.map(bracket).join(', ')}) ON ${key.map((k) => `t.${bracket(k)} = s.${bracket(k)}`).join(' AND ')} ` +
    `WHEN NOT MATCHED THEN INSERT (${columns.map(bracket).join(', ')}) VALUES (${columns.map((c) => `s.${bracket(c)}`).join(', ')});`
  );
}

/** SQL Server accepts at most 2 100 parameters per statement. */
const MAX_MSSQL_PARAMETERS = 2_000;
/** Below SQLite's and PostgreSQL's parameter limits whatever the column count of a dimension. */
const INSERT_BATCH_ROWS = 500;

/**
 * Inserts the rows whose key is not there yet (static or append-only dimensions such as dim_date
 * and dim_time): ON CONFLICT DO NOTHING on SQLite and PostgreSQL, MERGE … WHEN NOT MATCHED on
 * SQL Server, where knex has no onConflict.
 */
export async function insertOrIgnore(
  db: Knex,
  table: string,
  key: string[],
  rows: Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  if (sqlDialect(db) !== 'mssql') {
    for (let i = 0; i < rows.length; i += INSERT_BATCH_ROWS) {
      await db(table)
        .insert(rows.slice(i, i + INSERT_BATCH_ROWS))
        .onConflict(key)
        .ignore();
    }
    return;
  }
  const columns = Object.keys(rows[0] as object);
  const perBatch = Math.max(1, Math.floor(MAX_MSSQL_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perBatch) {
    const batch = rows.slice(i, i + perBatch);
    const bindings = batch.flatMap((row) => columns.map((c) => row[c] ?? null)) as Knex.RawBinding[];
    await db.raw(mergeInsertMissingStatement(table, key, columns, batch.length), bindings);
  }
}
