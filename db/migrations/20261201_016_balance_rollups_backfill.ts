import type { Knex } from 'knex';

/**
 * Rolls up, once, the balance facts loaded before migration 015 created the balance rollups;
 * from then on every regional gold load keeps them current.
 *
 * The statements are frozen copies of the gold loader's balance refreshes as they were when this
 * migration shipped, so this migration does on every database what it did on the first, whatever
 * the loader becomes. Bindings: refreshedAt, from, to.
 */
const weightedByProduction = (column: string) =>
  `SUM(${column} * production_mw) / NULLIF(SUM(CASE WHEN ${column} IS NOT NULL THEN production_mw END), 0) AS ${column}`;

const VALUE_COLUMNS = [
  'consumption_mw',
  'production_mw',
  'net_exchange_mw',
  'carbon_intensity_g_per_kwh',
  'renewable_share_pct',
  'low_carbon_share_pct',
  'quarter_hours',
  'refreshed_at',
];

const AGGREGATES = [
  'AVG(consumption_mw) AS consumption_mw',
  'AVG(production_mw) AS production_mw',
  'AVG(net_exchange_mw) AS net_exchange_mw',
  weightedByProduction('carbon_intensity_g_per_kwh'),
  weightedByProduction('renewable_share_pct'),
  weightedByProduction('low_carbon_share_pct'),
  'COUNT(*) AS quarter_hours',
  '? AS refreshed_at',
].join(', ');

function balanceRefresh(client: string, grain: 'hour' | 'day'): string {
  const table = grain === 'hour' ? 'agg_regional_balance_hourly' : 'agg_regional_balance_daily';
  const periodColumn = grain === 'hour' ? 'hour_utc' : 'date_key';
  let period: string;
  if (grain === 'day') period = 'date_key';
  else if (client === 'better-sqlite3') period = "strftime('%Y-%m-%dT%H:00:00.000Z', ts_utc)";
  else if (client === 'pg') period = "date_trunc('hour', ts_utc)";
  else if (client === 'mssql') period = 'DATEADD(hour, DATEDIFF(hour, 0, ts_utc), 0)';
  else throw new Error(`migration 016: no statement for knex client ${client}`);
  const periodSelect = period === periodColumn ? period : `${period} AS ${periodColumn}`;
  const select =
    `SELECT region_code, ${periodSelect}, ${AGGREGATES} ` +
    `FROM fact_regional_balance WHERE ts_utc >= ? AND ts_utc < ? GROUP BY region_code, ${period}`;
  const columns = ['region_code', periodColumn, ...VALUE_COLUMNS];
  if (client !== 'mssql') {
    return (
      `INSERT INTO ${table} (${columns.join(', ')}) ${select} ` +
      `ON CONFLICT (region_code, ${periodColumn}) DO UPDATE SET ` +
      VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')
    );
  }
  return (
    `MERGE [${table}] WITH (HOLDLOCK) AS t USING (${select}) AS s ` +
    `ON t.[region_code] = s.[region_code] AND t.[${periodColumn}] = s.[${periodColumn}] ` +
    `WHEN MATCHED THEN UPDATE SET ${VALUE_COLUMNS.map((c) => `t.[${c}] = s.[${c}]`).join(', ')} ` +
    `WHEN NOT MATCHED THEN INSERT (${columns.map((c) => `[${c}]`).join(', ')}) ` +
    `VALUES (${columns.map((c) => `s.[${c}]`).join(', ')});`
  );
}

export async function up(knex: Knex): Promise<void> {
  const [{ n } = { n: 0 }] = await knex('fact_regional_balance').count({ n: '*' });
  if (Number(n) === 0) return;
  const client = knex.client.config.client as string;
  const bindings = [new Date().toISOString(), '1970-01-01T00:00:00.000Z', '9999-01-01T00:00:00.000Z'];
  await knex.raw(balanceRefresh(client, 'hour'), bindings);
  await knex.raw(balanceRefresh(client, 'day'), bindings);
}

/** Nothing to undo: the rows are a rollup of the facts. */
export async function down(): Promise<void> {}
