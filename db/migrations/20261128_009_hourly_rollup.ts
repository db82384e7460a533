import type { Knex } from 'knex';

/**
 * Hourly energy per region and source, by UTC hour (unambiguous on DST nights; the API converts),
 * maintained incrementally by the gold load like the daily rollup: the hours a load touched are
 * recomputed from the facts, so a month reads 720 rows per source instead of 2 880.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agg_energy_flow_hourly', (t) => {
    t.string('region_code', 3).notNullable().references('dim_region.region_code');
    t.timestamp('hour_utc', { useTz: true }).notNullable();
    t.string('source_code', 40).notNullable().references('dim_source.source_code');
    t.double('energy_mwh'); // sum of quarter-hour MW x 0.25 h
    t.double('avg_mw');
    t.double('max_mw');
    t.integer('quarter_hours').notNullable(); // quarter-hours with a value, at most 4
    t.timestamp('refreshed_at', { useTz: true }).notNullable();
    t.primary(['region_code', 'hour_utc', 'source_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('agg_energy_flow_hourly');
}
