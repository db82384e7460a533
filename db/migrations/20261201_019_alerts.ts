import type { Knex } from 'knex';

/**
 * Alerts raised by the rules of alerts.yaml (activities/alerts/): one row per subject (a region,
 * or the nation when region_code is null), kind and episode. An episode that goes on in the next
 * evaluation updates its row (last_seen_at, severity, evidence); it resolves after the condition
 * has been clear long enough. Every status change and update is a row in alert_transitions and in
 * ingestion_audit, written in the same transaction. At most one open or acknowledged alert per
 * kind and subject is kept by the evaluation (one transaction per subject), not by a filtered
 * unique index, which SQL Server and the others do not spell alike.
 * Plain types only (string, text, timestamp, integer): the same on SQLite, PostgreSQL and SQL Server.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alerts', (t) => {
    t.increments('id');
    t.string('kind', 30).notNullable(); // OVER_PRODUCTION | NEGATIVE_PRICE_RISK
    t.string('region_code', 3); // null: national
    t.string('status', 15).notNullable(); // open | acknowledged | resolved
    t.string('severity', 10).notNullable(); // low | medium | high
    t.timestamp('episode_start', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable(); // last quarter-hour the condition held
    t.timestamp('episode_end', { useTz: true }); // set on resolution: the last quarter-hour it held
    t.text('evidence').notNullable(); // JSON
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.string('opened_by', 200).notNullable();
    t.timestamp('acknowledged_at', { useTz: true });
    t.string('acknowledged_by', 200);
    t.timestamp('resolved_at', { useTz: true });
    t.string('resolved_by', 200);
    t.text('notes');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['kind', 'region_code', 'status'], 'ix_alerts_subject');
    t.index(['status', 'opened_at'], 'ix_alerts_status');
  });
  await knex.schema.createTable('alert_transitions', (t) => {
    t.increments('id');
    t.integer('alert_id').unsigned().notNullable().references('id').inTable('alerts');
    t.string('from_status', 15); // null when opened
    t.string('to_status', 15).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('by', 200).notNullable();
    t.text('note');
    t.index(['alert_id', 'id'], 'ix_alert_transitions_alert');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('alert_transitions');
  await knex.schema.dropTableIfExists('alerts');
}
