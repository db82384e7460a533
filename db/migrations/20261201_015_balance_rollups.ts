import type { Knex } from 'knex';

/**
 * The regional balance per UTC hour and per Paris day, maintained by the regional gold load like
 * the energy rollups, so the API answers a year of days for every region from 4 380 rows rather
 * than by grouping 420 480 quarter-hours per request. No foreign keys, as for the facts they roll
 * up (migration 012). Facts loaded before this migration are rolled up by migration 016.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agg_regional_balance_hourly', (t) => {
    t.string('region_code', 3).notNullable();
    t.timestamp('hour_utc', { useTz: true }).notNullable();
    columns(t);
    t.primary(['region_code', 'hour_utc']);
  });
  await knex.schema.createTable('agg_regional_balance_daily', (t) => {
    t.string('region_code', 3).notNullable();
    t.integer('date_key').notNullable();
    columns(t);
    t.primary(['region_code', 'date_key']);
  });
}

function columns(t: Knex.CreateTableBuilder): void {
  t.double('consumption_mw'); // mean over the period's quarter-hours
  t.double('production_mw');
  t.double('net_exchange_mw');
  t.double('carbon_intensity_g_per_kwh'); // weighted by production
  t.double('renewable_share_pct');
  t.double('low_carbon_share_pct');
  t.integer('quarter_hours').notNullable();
  t.timestamp('refreshed_at', { useTz: true }).notNullable();
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('agg_regional_balance_daily');
  await knex.schema.dropTableIfExists('agg_regional_balance_hourly');
}
