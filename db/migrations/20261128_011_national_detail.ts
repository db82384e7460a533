import type { Knex } from 'knex';

/**
 * The rest of the national feed in gold, so every field of a capture is queryable: the fuel and
 * technology breakdown of each source (gas turbines, CCGT, run-of-river, batteries…) and the
 * commercial exchanges per border. Apart from fact_national_flow so sums over sources never
 * count a breakdown twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fact_national_breakdown', (t) => {
    t.timestamp('ts_utc', { useTz: true }).notNullable();
    t.string('component_code', 60).notNullable(); // feed column, e.g. gaz_ccg
    t.string('source_code', 40).notNullable().references('dim_source.source_code'); // what it breaks down
    t.double('mw');
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    t.primary(['ts_utc', 'component_code']);
  });
  await knex.schema.createTable('fact_national_exchange', (t) => {
    t.timestamp('ts_utc', { useTz: true }).notNullable();
    t.string('border_code', 40).notNullable(); // angleterre, espagne, italie, suisse, allemagne_belgique
    t.double('commercial_mw'); // sign as RTE publishes it
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    t.primary(['ts_utc', 'border_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('fact_national_exchange');
  await knex.schema.dropTableIfExists('fact_national_breakdown');
}
