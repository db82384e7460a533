import type { Knex } from 'knex';
import { hourlyEnergyRefreshStatement, sqlDialect } from '../../lib/sql-dialect';

/**
 * From here on the daily rollup is summed from the hourly rollup instead of the facts (on SQLite its
 * select went from 25 to 6 ms a day, see `dailyEnergyRefreshStatement`). That needs an hourly row for every hour
 * that has facts; migration 009 created the hourly table empty, so a database holding facts from
 * before 009 gets its hourly rollup rebuilt here, once, from all its facts. A database created
 * after 009 (or with no facts) rebuilds rows that already match.
 */
export async function up(knex: Knex): Promise<void> {
  const span = (await knex('fact_energy_flow').min({ first: 'ts_utc' }).max({ last: 'ts_utc' }).first()) as
    { first: string | Date | null; last: string | Date | null } | undefined;
  if (!span?.first || !span.last) return;
  const regions = (await knex('fact_energy_flow').distinct('region_code')).map(
    (r: { region_code: string }) => r.region_code,
  );
  const from = new Date(span.first);
  from.setUTCMinutes(0, 0, 0);
  const to = new Date(new Date(span.last).getTime() + 3_600_000);
  await knex.raw(hourlyEnergyRefreshStatement(sqlDialect(knex), regions.length), [
    new Date().toISOString(),
    ...regions,
    from.toISOString(),
    to.toISOString(),
  ]);
}

/** Nothing to undo: the rows are a rollup of the facts, valid with or without this migration. */
export async function down(): Promise<void> {}
