import type { Knex } from 'knex';

/** Operational tables: ingestion watermarks and the append-only audit log of every step attempt. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ingestion_watermark', (t) => {
    t.string('source', 60).primary();
    t.timestamp('watermark_utc', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('ingestion_audit', (t) => {
    t.increments('id');
    t.string('workflow_id', 200).notNullable();
    t.string('run_id', 64).notNullable();
    t.string('workflow_type', 100).notNullable();
    t.string('step', 100).notNullable();
    t.string('source', 60).notNullable();
    t.string('status', 12).notNullable(); // started | succeeded | failed
    t.integer('attempt').notNullable();
    t.integer('rows');
    t.bigInteger('bytes');
    t.integer('duration_ms');
    t.text('error');
    t.text('details'); // JSON
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['source', 'at'], 'ix_audit_source_at');
    t.index(['workflow_id'], 'ix_audit_workflow');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('ingestion_audit');
  await knex.schema.dropTableIfExists('ingestion_watermark');
}
