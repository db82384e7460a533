import type { Knex } from 'knex';

/**
 * From here on the daily rollup is summed from the hourly rollup instead of the facts. That needs
 * an hourly row for every hour that has facts; migration 009 created the hourly table empty, so a
 * database holding facts from before 009 gets its hourly rollup rebuilt here, once, from all its
 * facts. A database created after 009 (or with no facts) rebuilds rows that already match.
 *
 * The statement is a frozen copy of the gold loader's hourly refresh as it was when this migration
 * shipped: a migration must do on every database what it did on the first, whatever the loader
 * becomes. Bindings: refreshedAt, ...regionCodes, hourFrom, hourTo.
 */
function hourlyRefresh(client: string, regionCount: number): string {
  const regions = Array(regionCount).fill('?').join(', ');
  const aggregates =
    'SUM(mw) * 0.25 AS energy_mwh, AVG(mw) AS avg_mw, MAX(mw) AS max_mw, ' +
    'COUNT(mw) AS quarter_hours, ? AS refreshed_at';
  const where = `WHERE region_code IN (${regions}) AND ts_utc >= ? AND ts_utc < ?`;
  const onConflict =
    'ON CONFLICT (region_code, hour_utc, source_code) DO UPDATE SET energy_mwh = excluded.energy_mwh, ' +
    'avg_mw = excluded.avg_mw, max_mw = excluded.max_mw, quarter_hours = excluded.quarter_hours, ' +
    'refreshed_at = excluded.refreshed_at';
  const insert =
    'INSERT INTO agg_energy_flow_hourly (region_code, hour_utc, source_code, energy_mwh, avg_mw, max_mw, ' +
    'quarter_hours, refreshed_at)';
  if (client === 'better-sqlite3' || client === 'pg') {
    const hour =
      client === 'pg' ? "date_trunc('hour', ts_utc)" : "strftime('%Y-%m-%dT%H:00:00.000Z', ts_utc)";
    return (
      `${insert} SELECT region_code, ${hour} AS hour_utc, source_code, ${aggregates} ` +
      `FROM fact_energy_flow ${where} GROUP BY region_code, ${hour}, source_code ${onConflict}`
    );
  }
  if (client === 'mssql') {
    const hour = 'DATEADD(hour, DATEDIFF(hour, 0, ts_utc), 0)';
    return (
      'MERGE [agg_energy_flow_hourly] WITH (HOLDLOCK) AS t USING (' +
      `SELECT region_code, ${hour} AS hour_utc, source_code, ${aggregates} ` +
      `FROM fact_energy_flow ${where} GROUP BY region_code, ${hour}, source_code) AS s ` +
      'ON t.[region_code] = s.[region_code] AND t.[hour_utc] = s.[hour_utc] AND t.[source_code] = s.[source_code] ' +
      'WHEN MATCHED THEN UPDATE SET t.[energy_mwh] = s.[energy_mwh], t.[avg_mw] = s.[avg_mw], ' +
      't.[max_mw] = s.[max_mw], t.[quarter_hours] = s.[quarter_hours], t.[refreshed_at] = s.[refreshed_at] ' +
      'WHEN NOT MATCHED THEN INSERT ([region_code], [hour_utc], [source_code], [energy_mwh], [avg_mw], ' +
      '[max_mw], [quarter_hours], [refreshed_at]) VALUES (s.[region_code], s.[hour_utc], s.[source_code], ' +
      's.[energy_mwh], s.[avg_mw], s.[max_mw], s.[quarter_hours], s.[refreshed_at]);'
    );
  }
  throw new Error(`migration 013: no statement for knex client ${client}`);
}

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
  await knex.raw(hourlyRefresh(knex.client.config.client as string, regions.length), [
    new Date().toISOString(),
    ...regions,
    from.toISOString(),
    to.toISOString(),
  ]);
}

/** Nothing to undo: the rows are a rollup of the facts, valid with or without this migration. */
export async function down(): Promise<void> {}
