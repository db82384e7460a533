import type { Knex } from 'knex';
import { balanceRollupRefreshStatement, sqlDialect } from '../../lib/sql-dialect';

/**
 * Rolls up, once, the balance facts loaded before migration 015 created the balance rollups;
 * from then on every regional gold load keeps them current. Same statements as the loader's.
 */
export async function up(knex: Knex): Promise<void> {
  const [{ n } = { n: 0 }] = await knex('fact_regional_balance').count({ n: '*' });
  if (Number(n) === 0) return;
  const dialect = sqlDialect(knex);
  const everything = 'ts_utc >= ? AND ts_utc < ?';
  const bindings = [new Date().toISOString(), '1970-01-01T00:00:00.000Z', '9999-01-01T00:00:00.000Z'];
  await knex.raw(balanceRollupRefreshStatement(dialect, 'hour', everything), bindings);
  await knex.raw(balanceRollupRefreshStatement(dialect, 'day', everything), bindings);
}

/** Nothing to undo: the rows are a rollup of the facts. */
export async function down(): Promise<void> {}
