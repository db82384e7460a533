import type { Knex } from 'knex';

/**
 * Audit of schedule administration through the API: who (token subject), when, which operation,
 * the schedule before and after (JSON text), one row per change. The API cannot write (its
 * principal is read-only), so the row is inserted by the `recordScheduleChange` workflow's
 * activity with the writer principal; `run_id` is unique so an activity retry after a lost
 * acknowledgement finds its row instead of writing a second one.
 * Plain types only (string, text, timestamp, integer): the same on SQLite, PostgreSQL and SQL Server.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('schedule_changes', (t) => {
    t.increments('id');
    t.string('schedule_id', 200).notNullable();
    t.string('operation', 20).notNullable(); // updateSpec | pause | unpause | trigger | backfill
    t.string('subject', 200).notNullable();
    t.string('subject_name', 200);
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('before_state').notNullable(); // JSON
    t.text('after_state').notNullable(); // JSON
    t.text('details'); // JSON
    t.string('request_id', 64).notNullable();
    t.string('workflow_id', 200).notNullable();
    t.string('run_id', 64).notNullable();
    t.unique(['run_id'], { indexName: 'ux_schedule_changes_run' });
    t.index(['schedule_id', 'id'], 'ix_schedule_changes_schedule');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('schedule_changes');
}
