import type { Knex } from 'knex';

/**
 * Generation and interconnection unavailabilities scraped from the maintenance page: one row per
 * event (the page's own identifier), its latest published state, and when the scraper first and
 * last saw it. `region_code` is null for events that concern the whole system (zone "France").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fact_maintenance_event', (t) => {
    t.string('event_id', 80).primary();
    t.string('unit', 120).notNullable();
    t.string('zone', 80).notNullable(); // as displayed
    t.string('region_code', 3).references('dim_region.region_code');
    t.string('event_type', 10).notNullable(); // planned | forced
    t.timestamp('start_utc', { useTz: true }).notNullable();
    t.timestamp('end_utc', { useTz: true }).notNullable();
    t.double('unavailable_mw').notNullable();
    t.text('description');
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    // The API asks "what is unavailable in this region over this period".
    t.index(['region_code', 'start_utc'], 'ix_maintenance_region_start');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('fact_maintenance_event');
}
