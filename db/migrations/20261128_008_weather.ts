import type { Knex } from 'knex';

/** Weather per region and UTC hour, averaged over the ERA5 grid points inside each region. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fact_weather', (t) => {
    t.string('region_code', 3).notNullable().references('dim_region.region_code');
    t.timestamp('hour_utc', { useTz: true }).notNullable();
    t.double('temperature_c'); // 2 m air temperature
    t.double('wind_speed_ms'); // 10 m, from the u and v components
    t.double('solar_irradiance_wm2'); // surface solar radiation downwards, hourly mean
    t.double('precipitation_mm'); // total precipitation over the hour
    t.double('cloud_cover_pct');
    t.integer('grid_points').notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    t.primary(['region_code', 'hour_utc']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('fact_weather');
}
