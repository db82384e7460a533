import type { Knex } from 'knex';

/**
 * Daily energy per region and source on the Paris calendar, maintained incrementally by the gold
 * load (the days it touched are recomputed from the facts), so long ranges read 1 row per day
 * instead of 96.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agg_energy_flow_daily', (t) => {
    t.string('region_code', 3).notNullable().references('dim_region.region_code');
    t.integer('date_key').notNullable().references('dim_date.date_key');
    t.string('source_code', 40).notNullable().references('dim_source.source_code');
    t.double('energy_mwh'); // sum of quarter-hour MW x 0.25 h
    t.double('avg_mw');
    t.double('max_mw');
    t.integer('quarter_hours').notNullable(); // quarter-hours with a value (96, 92 or 100 on DST days)
    t.timestamp('refreshed_at', { useTz: true }).notNullable();
    t.primary(['region_code', 'date_key', 'source_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('agg_energy_flow_daily');
}
