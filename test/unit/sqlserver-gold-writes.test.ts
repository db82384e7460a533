import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import { MockActivityEnvironment } from '@temporalio/testing';
import { audited } from '../../activities/audit';
import { loadEco2mixRegionalDays } from '../../activities/sources/rte-regional/gold';
import { runGates } from '../../activities/quality';
import { markAssetsSeen } from '../../activities/asset-registry';
import { cleanEco2mixRegional } from '../../activities/sources/rte-regional/silver';
import { advanceWatermark } from '../../activities/watermark';
import { seedDimensions } from '../../db/seeds/dimensions';
import { REGIONS } from '../../lib/domain/regions';
import { LocalLake } from '../../lib/lake/local-lake';
import { loadFixture } from '../../replay/odre-replay-server';
import {
  balanceRollupRefreshStatement,
  dailyEnergyRefreshStatement,
  hourBucket,
  hourlyEnergyRefreshStatement,
  insertOrIgnore,
} from '../../lib/sql-dialect';
import { mssqlRecorder } from '../helpers/mssql-recorder';

/**
 * SQL Server / Azure SQL cannot run here. Each write of the gold path runs against knex's mssql
 * client with a recording connection (test/helpers/mssql-recorder.ts): the T-SQL and parameters
 * below are what tedious would be handed. Expected texts are written out by hand.
 */

const placeholders = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `@p${from + i}`).join(', ');
const noStatement = /ON CONFLICT|onConflict|strftime|date_trunc|excluded\./i;

test('hour bucket: UTC hour through DATEADD/DATEDIFF on SQL Server', () => {
  expect(hourBucket('mssql')).toBe('DATEADD(hour, DATEDIFF(hour, 0, ts_utc), 0)');
  expect(hourBucket('pg', 'f.ts_utc')).toBe("date_trunc('hour', f.ts_utc)");
  expect(hourBucket('sqlite')).toBe("strftime('%Y-%m-%dT%H:00:00.000Z', ts_utc)");
});

test('hourly rollup refresh is one MERGE over the grouped facts, parameters in the caller order', async () => {
  const { db, statements } = mssqlRecorder();
  const regions = REGIONS.map((r) => r.code);
  const at = '2025-03-01T10:05:00.000Z';
  await db.raw(hourlyEnergyRefreshStatement('mssql', regions.length), [
    at,
    ...regions,
    '2025-03-01T00:00:00.000Z',
    '2025-03-01T02:00:00.000Z',
  ]);
  const n = regions.length;
  expect(statements).toHaveLength(1);
  expect(statements[0]!.sql).toBe(
    'MERGE [agg_energy_flow_hourly] WITH (HOLDLOCK) AS t USING (' +
      'SELECT region_code, DATEADD(hour, DATEDIFF(hour, 0, ts_utc), 0) AS hour_utc, source_code, ' +
      'SUM(mw) * 0.25 AS energy_mwh, AVG(mw) AS avg_mw, MAX(mw) AS max_mw, COUNT(mw) AS quarter_hours, @p0 AS refreshed_at ' +
      `FROM fact_energy_flow WHERE region_code IN (${placeholders(1, n)}) AND ts_utc >= @p${n + 1} AND ts_utc < @p${n + 2} ` +
      'GROUP BY region_code, DATEADD(hour, DATEDIFF(hour, 0, ts_utc), 0), source_code) AS s ' +
      'ON t.[region_code] = s.[region_code] AND t.[hour_utc] = s.[hour_utc] AND t.[source_code] = s.[source_code] ' +
      'WHEN MATCHED THEN UPDATE SET t.[energy_mwh] = s.[energy_mwh], t.[avg_mw] = s.[avg_mw], t.[max_mw] = s.[max_mw], ' +
      't.[quarter_hours] = s.[quarter_hours], t.[refreshed_at] = s.[refreshed_at] ' +
      'WHEN NOT MATCHED THEN INSERT ([region_code], [hour_utc], [source_code], [energy_mwh], [avg_mw], [max_mw], [quarter_hours], [refreshed_at]) ' +
      'VALUES (s.[region_code], s.[hour_utc], s.[source_code], s.[energy_mwh], s.[avg_mw], s.[max_mw], s.[quarter_hours], s.[refreshed_at]);',
  );
  expect(statements[0]!.bindings).toEqual([
    at,
    ...regions,
    '2025-03-01T00:00:00.000Z',
    '2025-03-01T02:00:00.000Z',
  ]);
  await db.destroy();
});

test('daily rollup refresh is a MERGE keyed on region, Paris date and source, summed from the hourly rollup', async () => {
  const { db, statements } = mssqlRecorder();
  const regions = REGIONS.map((r) => r.code);
  const n = regions.length;
  await db.raw(dailyEnergyRefreshStatement('mssql', n, 2), [
    '2025-03-02T00:00:00.000Z',
    20250301,
    ...regions,
    '2025-02-28T23:00:00.000Z',
    '2025-03-01T23:00:00.000Z',
    20250302,
    ...regions,
    '2025-03-01T23:00:00.000Z',
    '2025-03-02T23:00:00.000Z',
  ]);
  // Per date: its key, the regions, then its UTC hour range.
  const perDate = (first: number) =>
    `SELECT CAST(@p${first} AS INTEGER) AS date_key, region_code, source_code, energy_mwh, max_mw, quarter_hours ` +
    `FROM agg_energy_flow_hourly WHERE region_code IN (${placeholders(first + 1, n)}) ` +
    `AND hour_utc >= @p${first + n + 1} AND hour_utc < @p${first + n + 2}`;
  expect(statements[0]!.sql).toBe(
    'MERGE [agg_energy_flow_daily] WITH (HOLDLOCK) AS t USING (' +
      'SELECT region_code, date_key, source_code, SUM(energy_mwh) AS energy_mwh, ' +
      'SUM(energy_mwh) * 4 / NULLIF(SUM(quarter_hours), 0) AS avg_mw, MAX(max_mw) AS max_mw, ' +
      'SUM(quarter_hours) AS quarter_hours, @p0 AS refreshed_at ' +
      `FROM (${perDate(1)} UNION ALL ${perDate(n + 4)}) AS per_date WHERE 1 = 1 ` +
      'GROUP BY region_code, date_key, source_code) AS s ' +
      'ON t.[region_code] = s.[region_code] AND t.[date_key] = s.[date_key] AND t.[source_code] = s.[source_code] ' +
      'WHEN MATCHED THEN UPDATE SET t.[energy_mwh] = s.[energy_mwh], t.[avg_mw] = s.[avg_mw], t.[max_mw] = s.[max_mw], ' +
      't.[quarter_hours] = s.[quarter_hours], t.[refreshed_at] = s.[refreshed_at] ' +
      'WHEN NOT MATCHED THEN INSERT ([region_code], [date_key], [source_code], [energy_mwh], [avg_mw], [max_mw], [quarter_hours], [refreshed_at]) ' +
      'VALUES (s.[region_code], s.[date_key], s.[source_code], s.[energy_mwh], s.[avg_mw], s.[max_mw], s.[quarter_hours], s.[refreshed_at]);',
  );
  expect([statements[0]!.types[1], statements[0]!.types[n + 4]]).toEqual(['Int', 'Int']);
  await db.destroy();
});

test('the same builders keep the ON CONFLICT form on SQLite and PostgreSQL', () => {
  expect(hourlyEnergyRefreshStatement('pg', 2)).toBe(
    'INSERT INTO agg_energy_flow_hourly (region_code, hour_utc, source_code, energy_mwh, avg_mw, max_mw, quarter_hours, refreshed_at) ' +
      "SELECT region_code, date_trunc('hour', ts_utc) AS hour_utc, source_code, SUM(mw) * 0.25 AS energy_mwh, AVG(mw) AS avg_mw, " +
      'MAX(mw) AS max_mw, COUNT(mw) AS quarter_hours, ? AS refreshed_at FROM fact_energy_flow ' +
      "WHERE region_code IN (?, ?) AND ts_utc >= ? AND ts_utc < ? GROUP BY region_code, date_trunc('hour', ts_utc), source_code " +
      'ON CONFLICT (region_code, hour_utc, source_code) DO UPDATE SET energy_mwh = excluded.energy_mwh, avg_mw = excluded.avg_mw, ' +
      'max_mw = excluded.max_mw, quarter_hours = excluded.quarter_hours, refreshed_at = excluded.refreshed_at',
  );
  expect(dailyEnergyRefreshStatement('sqlite', 1, 1)).toContain(
    'FROM agg_energy_flow_hourly WHERE region_code IN (?) AND hour_utc >= ? AND hour_utc < ?) AS per_date WHERE 1 = 1 ' +
      'GROUP BY region_code, date_key, source_code ON CONFLICT (region_code, date_key, source_code)',
  );
});

test('dim_date rows: insert the missing dates only, through MERGE … WHEN NOT MATCHED', async () => {
  const { db, statements } = mssqlRecorder();
  const row = (key: number, date: string, weekday: number) => ({
    date_key: key,
    calendar_date: date,
    year: 2025,
    month: 5,
    day: key % 100,
    iso_weekday: weekday,
    is_weekend: weekday >= 6,
    is_holiday: key === 20250501,
    holiday_name: key === 20250501 ? 'Fête du Travail' : null,
  });
  await insertOrIgnore(
    db,
    'dim_date',
    ['date_key'],
    [row(20250501, '2025-05-01', 4), row(20250503, '2025-05-03', 6)],
  );
  expect(statements.map((s) => s.sql)).toEqual([
    'MERGE [dim_date] WITH (HOLDLOCK) AS t USING (VALUES ' +
      `(${placeholders(0, 9)}), (${placeholders(9, 9)})) ` +
      'AS s ([date_key], [calendar_date], [year], [month], [day], [iso_weekday], [is_weekend], [is_holiday], [holiday_name]) ' +
      'ON t.[date_key] = s.[date_key] ' +
      'WHEN NOT MATCHED THEN INSERT ([date_key], [calendar_date], [year], [month], [day], [iso_weekday], [is_weekend], [is_holiday], [holiday_name]) ' +
      'VALUES (s.[date_key], s.[calendar_date], s.[year], s.[month], s.[day], s.[iso_weekday], s.[is_weekend], s.[is_holiday], s.[holiday_name]);',
  ]);
  expect(statements[0]!.types.slice(0, 9)).toEqual([
    'Int',
    'NVarChar',
    'Int',
    'Int',
    'Int',
    'Int',
    'Bit',
    'Bit',
    'NVarChar',
  ]);
  await db.destroy();
});

test('a year of dates stays under SQL Server’s 2 100 parameters per statement', async () => {
  const { db, statements } = mssqlRecorder();
  const rows = Array.from({ length: 366 }, (_, i) => ({
    date_key: 20240000 + i,
    a: 1,
    b: 2,
    c: 3,
    d: 4,
    e: 5,
    f: 6,
    g: 7,
    h: 8,
  }));
  await insertOrIgnore(db, 'dim_date', ['date_key'], rows);
  expect(statements.map((s) => s.bindings.length)).toEqual([1998, 1296]);
  await db.destroy();
});

test('seeds: regions and sources upserted by MERGE, quarter-hours inserted when missing', async () => {
  const { db, statements } = mssqlRecorder();
  await seedDimensions(db);
  const sql = statements.map((s) => s.sql).filter((s) => !/^(BEGIN|COMMIT)/.test(s));
  expect(sql).toHaveLength(3);
  expect(sql[0]).toMatch(/^MERGE \[dim_region\] WITH \(HOLDLOCK\) AS t USING \(VALUES \(@p0, @p1, @p2\), /);
  expect(sql[0]).toContain(
    'AS s ([region_code], [name], [in_regional_feed]) ON t.[region_code] = s.[region_code] ' +
      'WHEN MATCHED AND (NOT (t.[name] = s.[name] OR (t.[name] IS NULL AND s.[name] IS NULL)) OR ' +
      'NOT (t.[in_regional_feed] = s.[in_regional_feed] OR (t.[in_regional_feed] IS NULL AND s.[in_regional_feed] IS NULL))) ' +
      'THEN UPDATE SET t.[name] = s.[name], t.[in_regional_feed] = s.[in_regional_feed] ' +
      'WHEN NOT MATCHED THEN INSERT ([region_code], [name], [in_regional_feed]) VALUES (s.[region_code], s.[name], s.[in_regional_feed]);',
  );
  expect(statements.find((s) => s.sql.startsWith('MERGE [dim_region]'))!.bindings).toHaveLength(
    REGIONS.length * 3,
  );
  expect(sql[1]).toMatch(/^MERGE \[dim_source\] WITH \(HOLDLOCK\) AS t USING \(VALUES /);
  expect(sql[1]).toContain(
    'THEN UPDATE SET t.[label] = s.[label], t.[category] = s.[category], t.[renewable] = s.[renewable]',
  );
  expect(sql[2]).toMatch(/^MERGE \[dim_time\] WITH \(HOLDLOCK\) AS t USING \(VALUES /);
  expect(sql[2]).toContain(
    'ON t.[time_key] = s.[time_key] WHEN NOT MATCHED THEN INSERT ([time_key], [hour], [minute], [label])',
  );
  expect(sql[2]).not.toContain('WHEN MATCHED');
  expect(statements.find((s) => s.sql.startsWith('MERGE [dim_time]'))!.bindings).toHaveLength(96 * 4);
  for (const s of sql) expect(s).not.toMatch(noStatement);
  await db.destroy();
});

test('watermark: one MERGE in its own transaction, after reading the current value', async () => {
  const { db, statements } = mssqlRecorder();
  await advanceWatermark(db, 'rte-regional', '2025-01-01T00:00:00Z');
  expect(statements.map((s) => s.sql)).toEqual([
    'select top (@p0) * from [ingestion_watermark] where [source] = @p1',
    'BEGIN TRANSACTION',
    'MERGE [ingestion_watermark] WITH (HOLDLOCK) AS t USING (VALUES (@p0, @p1, @p2)) AS s ([source], [watermark_utc], [updated_at]) ' +
      'ON t.[source] = s.[source] ' +
      'WHEN MATCHED AND (NOT (t.[watermark_utc] = s.[watermark_utc] OR (t.[watermark_utc] IS NULL AND s.[watermark_utc] IS NULL)) ' +
      'OR NOT (t.[updated_at] = s.[updated_at] OR (t.[updated_at] IS NULL AND s.[updated_at] IS NULL))) ' +
      'THEN UPDATE SET t.[watermark_utc] = s.[watermark_utc], t.[updated_at] = s.[updated_at] ' +
      'WHEN NOT MATCHED THEN INSERT ([source], [watermark_utc], [updated_at]) VALUES (s.[source], s.[watermark_utc], s.[updated_at]);',
    'COMMIT',
  ]);
  expect(statements[2]!.bindings.slice(0, 2)).toEqual(['rte-regional', '2025-01-01T00:00:00.000Z']);
  await db.destroy();
});

test('audit rows and quality results are plain INSERTs', async () => {
  const { db, statements } = mssqlRecorder();
  const env = new MockActivityEnvironment();
  await env.run(() =>
    audited(db, { step: AUDIT_STEP.toGold, source: 'rte-regional' }, () => Promise.resolve({ rows: 3 })),
  );
  const lake = new LocalLake('/nonexistent-gps-lake');
  await env.run(() =>
    runGates(
      { db, lake },
      'eco2mix_regional',
      [
        {
          name: 'always_fails',
          severity: 'blocking',
          description: 'd',
          check: () => Promise.resolve({ observed: 1, threshold: '= 0', passed: false }),
        },
      ],
      { from: '2025-01-01T00:00:00.000Z', to: '2025-01-02T00:00:00.000Z' },
    ),
  );
  const audit =
    'insert into [ingestion_audit] ([at], [attempt], [bytes], [details], [duration_ms], [error], [rows], [run_id], [source], [status], [step], [workflow_id], [workflow_type]) ' +
    `values (${placeholders(0, 13)})`;
  expect(statements.map((s) => s.sql)).toEqual([
    audit,
    audit,
    'insert into [quality_results] ([checked_at], [dataset], [description], [gate], [observed], [outcome], [run_id], [severity], [threshold], [window_end], [window_start], [workflow_id]) ' +
      `values (${placeholders(0, 12)})`,
    'insert into [ingestion_audit] ([at], [attempt], [details], [error], [run_id], [source], [status], [step], [workflow_id], [workflow_type]) ' +
      `values (${placeholders(0, 10)})`,
  ]);
  expect(statements[1]!.bindings).toEqual(expect.arrayContaining(['succeeded', AUDIT_STEP.toGold, 3]));
  expect(statements[3]!.bindings).toEqual(expect.arrayContaining(['alert', 'quality:always_fails']));
  await db.destroy();
});

test('asset registry: discovery is recorded in one transaction of plain statements', async () => {
  const { db, statements } = mssqlRecorder();
  await markAssetsSeen(
    db,
    { staleAfterMs: 86_400_000, inactiveAfterMs: 30 * 86_400_000 },
    { workflowId: 'w', runId: 'r', workflowType: 'ingest', attempt: 1 },
    {
      source: 'rte-regional',
      seenAt: '2025-01-01T00:00:00Z',
      now: '2025-01-01T01:00:00Z',
      assets: [{ type: 'region', code: '11' }],
    },
  );
  expect(statements.map((s) => s.sql)).toEqual([
    'BEGIN TRANSACTION',
    'select top (@p0) * from [asset_registry] where [asset_type] = @p1 and [asset_code] = @p2',
    'insert into [asset_registry] ([asset_code], [asset_type], [first_seen_at], [last_seen_at], [last_seen_by], [name], [region_code], [status], [status_changed_at]) ' +
      `values (${placeholders(0, 9)})`,
    `insert into [asset_events] ([asset_code], [asset_type], [at], [details], [event], [from_status], [source], [to_status]) values (${placeholders(0, 8)})`,
    `insert into [ingestion_audit] ([at], [attempt], [details], [run_id], [source], [status], [step], [workflow_id], [workflow_type]) values (${placeholders(0, 9)})`,
    'update [dim_region] set [status] = @p0 where [region_code] = @p1;select @@rowcount',
    'COMMIT',
  ]);
  await db.destroy();
});

test('the regional gold load sends SQL Server only T-SQL', async () => {
  const { db, statements } = mssqlRecorder();
  // One real recorded page through the real silver cleaning: the frame the loader gets in production.
  const records = loadFixture('eco2mix-regional-tr').slice(0, 2);
  const { clean } = cleanEco2mixRegional(
    records,
    records.map(() => 'test'),
  );
  await loadEco2mixRegionalDays(db, [clean], ['2025-03-01']);
  for (const s of statements) expect(s.sql).not.toMatch(noStatement);
  expect(statements.some((s) => s.sql.startsWith('MERGE [agg_energy_flow_hourly]'))).toBe(true);
  await db.destroy();
});

test('balance rollups: MERGE per hour on SQL Server, intensity and shares weighted by production', () => {
  const weighted = (c: string) =>
    `SUM(${c} * production_mw) / NULLIF(SUM(CASE WHEN ${c} IS NOT NULL THEN production_mw END), 0) AS ${c}`;
  const bucket = 'DATEADD(hour, DATEDIFF(hour, 0, ts_utc), 0)';
  expect(
    balanceRollupRefreshStatement('mssql', 'hour', 'region_code IN (?) AND ts_utc >= ? AND ts_utc < ?'),
  ).toBe(
    'MERGE [agg_regional_balance_hourly] WITH (HOLDLOCK) AS t USING (' +
      `SELECT region_code, ${bucket} AS hour_utc, AVG(consumption_mw) AS consumption_mw, ` +
      'AVG(production_mw) AS production_mw, AVG(net_exchange_mw) AS net_exchange_mw, ' +
      `${weighted('carbon_intensity_g_per_kwh')}, ${weighted('renewable_share_pct')}, ${weighted('low_carbon_share_pct')}, ` +
      'COUNT(*) AS quarter_hours, ? AS refreshed_at FROM fact_regional_balance ' +
      `WHERE region_code IN (?) AND ts_utc >= ? AND ts_utc < ? GROUP BY region_code, ${bucket}) AS s ` +
      'ON t.[region_code] = s.[region_code] AND t.[hour_utc] = s.[hour_utc] ' +
      'WHEN MATCHED THEN UPDATE SET t.[consumption_mw] = s.[consumption_mw], t.[production_mw] = s.[production_mw], ' +
      't.[net_exchange_mw] = s.[net_exchange_mw], t.[carbon_intensity_g_per_kwh] = s.[carbon_intensity_g_per_kwh], ' +
      't.[renewable_share_pct] = s.[renewable_share_pct], t.[low_carbon_share_pct] = s.[low_carbon_share_pct], ' +
      't.[quarter_hours] = s.[quarter_hours], t.[refreshed_at] = s.[refreshed_at] ' +
      'WHEN NOT MATCHED THEN INSERT ([region_code], [hour_utc], [consumption_mw], [production_mw], [net_exchange_mw], ' +
      '[carbon_intensity_g_per_kwh], [renewable_share_pct], [low_carbon_share_pct], [quarter_hours], [refreshed_at]) ' +
      'VALUES (s.[region_code], s.[hour_utc], s.[consumption_mw], s.[production_mw], s.[net_exchange_mw], ' +
      's.[carbon_intensity_g_per_kwh], s.[renewable_share_pct], s.[low_carbon_share_pct], s.[quarter_hours], s.[refreshed_at]);',
  );
  expect(balanceRollupRefreshStatement('sqlite', 'day', 'date_key IN (?)')).toMatch(
    /^INSERT INTO agg_regional_balance_daily .* GROUP BY region_code, date_key ON CONFLICT \(region_code, date_key\) DO UPDATE SET consumption_mw = excluded\.consumption_mw/,
  );
});
