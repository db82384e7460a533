import type { Knex } from 'knex';

/**
 * Day-ahead prices of the ENTSO-E Transparency Platform (document A44), one row per bidding zone,
 * delivery instant (UTC, start of the period) and resolution in minutes (60, or 15 since the
 * SDAC's move to quarter-hour products). Price in EUR/MWh; negative values are real.
 * The natural key is the primary key, so loads are upserts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fact_day_ahead_price', (t) => {
    t.string('bidding_zone', 20).notNullable(); // EIC, 10YFR-RTE------C
    t.timestamp('ts_utc', { useTz: true }).notNullable();
    t.integer('resolution_minutes').notNullable();
    t.double('price_eur_mwh').notNullable();
    t.string('document_mrid', 64).notNullable();
    t.integer('revision_number').notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    t.primary(['bidding_zone', 'ts_utc', 'resolution_minutes']);
    // Gates and readers ask "what are the prices over this period".
    t.index(['ts_utc'], 'ix_day_ahead_price_ts');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('fact_day_ahead_price');
}
