import type { Knex } from 'knex';

/**
 * The high-volume regional facts and their rollups drop their database foreign keys; referential
 * integrity of these tables is checked by the blocking `foreign_keys` quality gate of each loaded
 * window instead (activities/sources/rte-regional/gates.ts), as warehouses usually do for facts.
 *
 * Why: a year of regional data is 4.2 million energy-flow rows. On PostgreSQL every inserted row
 * fired four FK triggers (an SPI lookup with a row lock on the parent), which was over half of
 * the insert time (figures: bench/README.md, bench:year).
 * The loader derives every key it writes from validated Silver rows (region codes checked in
 * Silver, sources from lib/domain/sources.ts, date rows inserted in the same transaction; the
 * rollups take their keys from the facts), so the gate guards against a loader bug, and a failing
 * gate holds the watermark and raises an alert. SQLite cannot drop a constraint: knex rebuilds
 * these tables once, rows kept (test/integration/migration-012-sqlite.test.ts).
 * The small facts (national, capacity, maintenance, weather) keep theirs.
 */
const FACT_FOREIGN_KEYS: Record<string, string[]> = {
  fact_energy_flow: ['region_code', 'source_code', 'date_key', 'time_key'],
  fact_regional_balance: ['region_code', 'date_key', 'time_key'],
  agg_energy_flow_daily: ['region_code', 'date_key', 'source_code'],
  agg_energy_flow_hourly: ['region_code', 'source_code'],
};

const REFERENCED: Record<string, string> = {
  region_code: 'dim_region.region_code',
  source_code: 'dim_source.source_code',
  date_key: 'dim_date.date_key',
  time_key: 'dim_time.time_key',
};

export async function up(knex: Knex): Promise<void> {
  for (const [table, columns] of Object.entries(FACT_FOREIGN_KEYS)) {
    await knex.schema.alterTable(table, (t) => {
      for (const column of columns) t.dropForeign([column]);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, columns] of Object.entries(FACT_FOREIGN_KEYS)) {
    await knex.schema.alterTable(table, (t) => {
      for (const column of columns) t.foreign(column).references(REFERENCED[column]!);
    });
  }
}
