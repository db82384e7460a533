import type { Knex } from 'knex';

/**
 * A log of what each gold load changed: the dataset and the UTC window of the rows it touched.
 * The API keeps answers in memory and reads this log (new ids only) to drop just the answers a
 * load made stale, so past windows stay cached while the real-time feed keeps loading.
 * Append-only, one row per load that changed something (about a hundred a day).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('gold_changes', (t) => {
    t.increments('id').primary();
    t.string('dataset', 60).notNullable();
    t.timestamp('from_utc', { useTz: true }).notNullable();
    t.timestamp('to_utc', { useTz: true }).notNullable(); // exclusive
    t.timestamp('changed_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('gold_changes');
}
