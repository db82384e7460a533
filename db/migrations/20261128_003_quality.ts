import type { Knex } from 'knex';

/** Quality gate results: one row per gate, dataset and window each time the gates run. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quality_results', (t) => {
    t.increments('id');
    t.string('gate', 80).notNullable();
    t.string('dataset', 60).notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.timestamp('window_end', { useTz: true }).notNullable();
    t.string('severity', 10).notNullable(); // blocking | warning
    t.double('observed');
    t.string('threshold', 120).notNullable();
    t.string('outcome', 6).notNullable(); // pass | fail
    t.text('description').notNullable();
    t.string('workflow_id', 200).notNullable();
    t.string('run_id', 64).notNullable();
    t.timestamp('checked_at', { useTz: true }).notNullable();
    t.index(['dataset', 'window_start'], 'ix_quality_dataset_window');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('quality_results');
}
