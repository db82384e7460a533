import type { Knex } from 'knex';

/**
 * Counts, sums and sample rows of the regional facts and dim_date, the same on SQLite and
 * PostgreSQL, so bench:year can refuse a comparison whose two sides did not write the same rows;
 * on request also the count and column sums of each rollup (bench:backfill: both its sides write
 * them, where bench:year's bulk-load floor does not).
 */

const SUMMARIES: Record<string, string> = {
  fact_energy_flow:
    'SELECT COUNT(*) AS n, COUNT(mw) AS n_mw, SUM(mw) AS mw, SUM(coverage_rate_pct) AS coverage, ' +
    'SUM(load_factor_pct) AS load_factor, SUM(date_key) AS date_keys, SUM(time_key) AS time_keys, ' +
    'COUNT(DISTINCT region_code) AS regions, COUNT(DISTINCT source_code) AS sources FROM fact_energy_flow',
  fact_regional_balance:
    'SELECT COUNT(*) AS n, SUM(consumption_mw) AS consumption, SUM(production_mw) AS production, ' +
    'SUM(net_exchange_mw) AS exchange, SUM(carbon_intensity_g_per_kwh) AS intensity, ' +
    'SUM(renewable_share_pct) AS renewable, SUM(low_carbon_share_pct) AS low_carbon, ' +
    'SUM(date_key) AS date_keys, SUM(time_key) AS time_keys, COUNT(nature) AS natures FROM fact_regional_balance',
  dim_date:
    'SELECT COUNT(*) AS n, SUM(date_key) AS date_keys, SUM(CASE WHEN is_holiday THEN 1 ELSE 0 END) AS holidays, ' +
    'SUM(CASE WHEN is_weekend THEN 1 ELSE 0 END) AS weekends FROM dim_date',
};

/** Rows at fixed ranks of each fact table's key order, every column but loaded_at. */
const SAMPLES: Record<string, { key: string; columns: string }> = {
  fact_energy_flow: {
    key: 'region_code, source_code, ts_utc',
    columns: 'region_code, source_code, ts_utc, date_key, time_key, mw, coverage_rate_pct, load_factor_pct',
  },
  fact_regional_balance: {
    key: 'region_code, ts_utc',
    columns:
      'region_code, ts_utc, date_key, time_key, consumption_mw, production_mw, net_exchange_mw, ' +
      'carbon_intensity_g_per_kwh, renewable_share_pct, low_carbon_share_pct, nature',
  },
};

const normal = (v: unknown): unknown =>
  v instanceof Date
    ? v.toISOString()
    : typeof v === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v)
      ? Number(v)
      : v;

/** The first row of a raw query: knex gives SQLite's rows as an array, PostgreSQL's in `rows`. */
async function firstRow(db: Knex, sql: string): Promise<Record<string, unknown>> {
  const res = (await db.raw(sql)) as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  return (Array.isArray(res) ? res[0] : res.rows?.[0]) ?? {};
}

const ROLLUPS = [
  'agg_energy_flow_hourly',
  'agg_energy_flow_daily',
  'agg_regional_balance_hourly',
  'agg_regional_balance_daily',
];

/** Row count and the sum of every numeric column but the load times (`*_at`). */
async function rollupSummary(db: Knex, table: string): Promise<Record<string, unknown>> {
  const info = await db(table).columnInfo();
  const numeric = Object.entries(info)
    .filter(([name, c]) => /int|real|float|double|decimal|numeric/i.test(c.type) && !name.endsWith('_at'))
    .map(([name]) => name);
  const sums = numeric.map((c) => `SUM("${c}") AS "${c}"`);
  const row = await firstRow(db, `SELECT ${['COUNT(*) AS n', ...sums].join(', ')} FROM ${table}`);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normal(v)]));
}

export type GoldSummary = Record<string, Record<string, unknown>>;

export async function goldSummary(db: Knex, options: { rollups?: boolean } = {}): Promise<GoldSummary> {
  const out: GoldSummary = {};
  for (const [table, sql] of Object.entries(SUMMARIES)) {
    const row = await firstRow(db, sql);
    const n = Number(row.n);
    const summary = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normal(v)]));
    out[table] = summary;
    const sample = SAMPLES[table];
    if (!sample) continue;
    for (const rank of [0, Math.floor(n / 3), Math.floor((2 * n) / 3), n - 1]) {
      const q = `SELECT ${sample.columns} FROM ${table} ORDER BY ${sample.key} LIMIT 1 OFFSET ${Math.max(0, rank)}`;
      const r = await firstRow(db, q);
      summary[`row ${rank}`] = JSON.stringify(Object.values(r).map(normal));
    }
  }
  if (options.rollups) for (const table of ROLLUPS) out[table] = await rollupSummary(db, table);
  return out;
}

/** Equal, sums to 1e-9 of their size (the two sides may add the same values in another order). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return a === b;
}

/** Throws, naming every difference, unless both summaries agree. */
export function assertSameGold(
  what: string,
  a: Record<string, Record<string, unknown>>,
  b: Record<string, Record<string, unknown>>,
): void {
  const differences: string[] = [];
  for (const table of Object.keys(a)) {
    for (const k of new Set([...Object.keys(a[table]!), ...Object.keys(b[table] ?? {})])) {
      const x = a[table]![k];
      const y = b[table]?.[k];
      if (!same(x, y)) differences.push(`${table}.${k}: ${String(x)} <> ${String(y)}`);
    }
  }
  if (differences.length) throw new Error(`${what}: the two sides differ:\n${differences.join('\n')}`);
}
