import type { Knex } from 'knex';

/** Every row of the hourly rollup without its refresh time, in key order: for comparing rollups. */
export async function hourlyRollupRows(db: Knex): Promise<Record<string, unknown>[]> {
  return db('agg_energy_flow_hourly')
    .select('region_code', 'hour_utc', 'source_code', 'energy_mwh', 'avg_mw', 'max_mw', 'quarter_hours')
    .orderBy(['region_code', 'hour_utc', 'source_code']);
}
