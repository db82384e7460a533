import type { Knex } from 'knex';

/** The regional Gold a backfill and the year benchmark both write: facts and their rollups. */
const TABLES = [
  'fact_energy_flow',
  'fact_regional_balance',
  'agg_energy_flow_hourly',
  'agg_energy_flow_daily',
  'agg_regional_balance_hourly',
  'agg_regional_balance_daily',
];

/** Per table: the row count and the sum of each numeric column (load times left out). */
export type GoldFingerprint = Record<string, Record<string, number>>;

export async function goldFingerprint(db: Knex): Promise<GoldFingerprint> {
  const result: GoldFingerprint = {};
  for (const table of TABLES) {
    const columns = (await db.raw(`PRAGMA table_info(${table})`)) as { name: string; type: string }[];
    const numeric = columns
      .filter((c) => /int|real|float|double|decimal|numeric/i.test(c.type) && !c.name.endsWith('_at'))
      .map((c) => c.name);
    const select = ['count(*) AS "rows"', ...numeric.map((c) => `total("${c}") AS "${c}"`)].join(', ');
    const [row] = (await db.raw(`SELECT ${select} FROM ${table}`)) as Record<string, number>[];
    result[table] = row ?? {};
  }
  return result;
}

/** Differences beyond float summation order (relative 1e-9), as readable lines; empty when equal. */
export function fingerprintDifferences(a: GoldFingerprint, b: GoldFingerprint): string[] {
  const out: string[] = [];
  for (const table of TABLES) {
    const x = a[table] ?? {};
    const y = b[table] ?? {};
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const u = x[key];
      const v = y[key];
      const close =
        u !== undefined && v !== undefined && Math.abs(u - v) <= 1e-9 * Math.max(1, Math.abs(u), Math.abs(v));
      if (!close) out.push(`${table}.${key}: ${u} vs ${v}`);
    }
  }
  return out;
}
