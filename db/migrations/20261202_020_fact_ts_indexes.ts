import type { Knex } from 'knex';

/**
 * The regional facts by instant alone. Their primary keys start with the region, so a read over a
 * time range for every region (the alert evaluation's, activities/alerts/index.ts) scanned the
 * whole table; with these indexes it reads only its range, for no load cost above the noise
 * (figures: bench/README.md, bench:ts-index).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('fact_energy_flow', (t) => {
    t.index(['ts_utc'], 'ix_energy_flow_ts');
  });
  await knex.schema.alterTable('fact_regional_balance', (t) => {
    t.index(['ts_utc'], 'ix_regional_balance_ts');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('fact_regional_balance', (t) => {
    t.dropIndex(['ts_utc'], 'ix_regional_balance_ts');
  });
  await knex.schema.alterTable('fact_energy_flow', (t) => {
    t.dropIndex(['ts_utc'], 'ix_energy_flow_ts');
  });
}
