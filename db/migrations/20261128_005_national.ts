import type { Knex } from 'knex';

/**
 * National eCO2mix in gold: production by source x quarter-hour for metropolitan France, and the
 * national balance with RTE's published `taux_co2` beside our life-cycle intensity, so the two
 * methods can be compared (RTE counts direct combustion emissions only; ours adds life-cycle).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fact_national_flow', (t) => {
    t.string('source_code', 40).notNullable().references('dim_source.source_code');
    t.timestamp('ts_utc', { useTz: true }).notNullable();
    t.integer('date_key').notNullable().references('dim_date.date_key');
    t.integer('time_key').notNullable().references('dim_time.time_key');
    t.double('mw');
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    t.primary(['ts_utc', 'source_code']);
  });
  await knex.schema.createTable('fact_national_balance', (t) => {
    t.timestamp('ts_utc', { useTz: true }).notNullable().primary();
    t.integer('date_key').notNullable().references('dim_date.date_key');
    t.integer('time_key').notNullable().references('dim_time.time_key');
    t.double('consumption_mw');
    t.double('forecast_d_mw');
    t.double('forecast_d1_mw');
    t.double('production_mw');
    t.double('net_exchange_mw');
    t.double('carbon_intensity_g_per_kwh');
    t.double('rte_taux_co2_g_per_kwh');
    t.double('renewable_share_pct');
    t.double('low_carbon_share_pct');
    t.string('nature', 40);
    t.timestamp('loaded_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('fact_national_balance');
  await knex.schema.dropTableIfExists('fact_national_flow');
}
