import type { Knex } from 'knex';

/**
 * Gold star schema, first slice: region, source, date and time dimensions; production by
 * region x source x quarter-hour; balance by region x quarter-hour. Timestamps are UTC instants
 * (`ts_utc`), the natural key; `date_key`/`time_key` point at the Paris-local calendar.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dim_region', (t) => {
    t.string('region_code', 3).primary();
    t.string('name', 80).notNullable();
    t.boolean('in_regional_feed').notNullable();
    t.timestamp('first_seen_at', { useTz: true });
    t.timestamp('last_seen_at', { useTz: true });
  });
  await knex.schema.createTable('dim_source', (t) => {
    t.string('source_code', 40).primary();
    t.string('label', 80).notNullable();
    t.string('category', 20).notNullable();
    t.boolean('renewable').notNullable();
    t.boolean('low_carbon').notNullable();
    t.double('emission_factor_g').notNullable();
    t.string('emission_factor_ref', 200).notNullable();
  });
  await knex.schema.createTable('dim_date', (t) => {
    t.integer('date_key').primary(); // YYYYMMDD, Paris local date
    t.date('calendar_date').notNullable();
    t.integer('year').notNullable();
    t.integer('month').notNullable();
    t.integer('day').notNullable();
    t.integer('iso_weekday').notNullable(); // 1 = Monday
    t.boolean('is_weekend').notNullable();
    t.boolean('is_holiday').notNullable(); // national French public holiday
    t.string('holiday_name', 40);
  });
  await knex.schema.createTable('dim_time', (t) => {
    t.integer('time_key').primary(); // minutes after local midnight, multiples of 15
    t.integer('hour').notNullable();
    t.integer('minute').notNullable();
    t.string('label', 5).notNullable();
  });
  await knex.schema.createTable('fact_energy_flow', (t) => {
    t.string('region_code', 3).notNullable().references('dim_region.region_code');
    t.string('source_code', 40).notNullable().references('dim_source.source_code');
    t.timestamp('ts_utc', { useTz: true }).notNullable();
    t.integer('date_key').notNullable().references('dim_date.date_key');
    t.integer('time_key').notNullable().references('dim_time.time_key');
    t.double('mw');
    t.double('coverage_rate_pct');
    t.double('load_factor_pct');
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    // Key order serves the API's question (one region, a time range, every source) from the
    // primary key alone: no second index to maintain on every load.
    t.primary(['region_code', 'ts_utc', 'source_code']);
  });
  await knex.schema.createTable('fact_regional_balance', (t) => {
    t.string('region_code', 3).notNullable().references('dim_region.region_code');
    t.timestamp('ts_utc', { useTz: true }).notNullable();
    t.integer('date_key').notNullable().references('dim_date.date_key');
    t.integer('time_key').notNullable().references('dim_time.time_key');
    t.double('consumption_mw');
    t.double('production_mw');
    t.double('net_exchange_mw');
    // Production-weighted life-cycle factors of dim_source; imports are not counted.
    t.double('carbon_intensity_g_per_kwh');
    t.double('renewable_share_pct');
    t.double('low_carbon_share_pct');
    t.string('nature', 40);
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    t.primary(['region_code', 'ts_utc']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'fact_regional_balance',
    'fact_energy_flow',
    'dim_time',
    'dim_date',
    'dim_source',
    'dim_region',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
