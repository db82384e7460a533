import knex, { type Knex } from 'knex';
import { FLOW_UPSERT } from '../../activities/sources/rte-regional/gold-mapping';
import { migrationSource } from '../../db/migrations';
import { mergeStatement, onConflictStatement } from '../../lib/upsert';

/**
 * SQL Server / Azure SQL cannot run here: the statements we would send are compiled and compared
 * to the expected T-SQL instead. knex compiles for mssql without its driver.
 */

test('the gold upsert becomes a MERGE that rewrites changed rows only', () => {
  const spec = { ...FLOW_UPSERT, values: ['mw'], touch: ['loaded_at'] };
  expect(mergeStatement(spec, ['region_code', 'source_code', 'ts_utc', 'mw', 'loaded_at'], 2)).toBe(
    'MERGE [fact_energy_flow] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)) ' +
      'AS s ([region_code], [source_code], [ts_utc], [mw], [loaded_at]) ' +
      'ON t.[region_code] = s.[region_code] AND t.[source_code] = s.[source_code] AND t.[ts_utc] = s.[ts_utc] ' +
      'WHEN MATCHED AND (NOT (t.[mw] = s.[mw] OR (t.[mw] IS NULL AND s.[mw] IS NULL))) THEN UPDATE SET t.[mw] = s.[mw], t.[loaded_at] = s.[loaded_at] ' +
      'WHEN NOT MATCHED THEN INSERT ([region_code], [source_code], [ts_utc], [mw], [loaded_at]) ' +
      'VALUES (s.[region_code], s.[source_code], s.[ts_utc], s.[mw], s.[loaded_at]);',
  );
});

test('SQLite and PostgreSQL share one ON CONFLICT form', () => {
  expect(
    onConflictStatement(
      { ...FLOW_UPSERT, values: ['mw'], touch: [] },
      ['region_code', 'source_code', 'ts_utc', 'mw'],
      'VALUES (?, ?, ?, ?)',
    ),
  ).toBe(
    'INSERT INTO "fact_energy_flow" ("region_code", "source_code", "ts_utc", "mw") VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT ("region_code", "source_code", "ts_utc") DO UPDATE SET "mw" = excluded."mw" ' +
      'WHERE NOT ("fact_energy_flow"."mw" = excluded."mw" OR ("fact_energy_flow"."mw" IS NULL AND excluded."mw" IS NULL))',
  );
});

test('every migration compiles to T-SQL with the expected types and keys', async () => {
  const mssql = knex({ client: 'mssql' });
  const statements: string[] = [];
  // Record the DDL instead of running it: the migrations only use knex.schema.
  const recorder = {
    schema: {
      createTable: (name: string, build: (t: Knex.CreateTableBuilder) => void) => {
        statements.push(mssql.schema.createTable(name, build).toString());
        return Promise.resolve();
      },
      alterTable: (name: string, build: (t: Knex.AlterTableBuilder) => void) => {
        statements.push(mssql.schema.alterTable(name, build).toString());
        return Promise.resolve();
      },
    },
  } as unknown as Knex;
  for (const name of await migrationSource.getMigrations([])) {
    // 013 moves data, not schema (run on SQLite in migration-013-sqlite.test.ts); its MERGE is a
    // frozen copy of the hourly refresh that sqlserver-gold-writes.test.ts compiled when 013 shipped.
    if (name === '20261201_013_hourly_rollup_backfill') continue;
    // 016 likewise, a frozen copy of the balance rollup refreshes.
    if (name === '20261201_016_balance_rollups_backfill') continue;
    await (await migrationSource.getMigration(name)).up(recorder);
  }
  const ddl = statements.join('\n');
  expect(statements).toHaveLength(35); // 014 schedule_changes, 015 the two balance rollups, 017 gold_changes, 018 fact_day_ahead_price, 019 alerts and alert_transitions, 020 the two ts_utc indexes
  // 012: the regional facts and rollups are guarded by the foreign_keys gate, not by the database.
  expect(ddl).toContain(
    'ALTER TABLE [fact_energy_flow] DROP CONSTRAINT [fact_energy_flow_region_code_foreign];\n' +
      'ALTER TABLE [fact_energy_flow] DROP CONSTRAINT [fact_energy_flow_source_code_foreign];\n' +
      'ALTER TABLE [fact_energy_flow] DROP CONSTRAINT [fact_energy_flow_date_key_foreign];\n' +
      'ALTER TABLE [fact_energy_flow] DROP CONSTRAINT [fact_energy_flow_time_key_foreign]',
  );
  expect(ddl).toContain(
    'ALTER TABLE [agg_energy_flow_hourly] DROP CONSTRAINT [agg_energy_flow_hourly_source_code_foreign]',
  );
  expect(ddl).toContain(
    'CONSTRAINT [agg_energy_flow_hourly_pkey] PRIMARY KEY ([region_code], [hour_utc], [source_code])',
  );
  expect(ddl).toContain('CONSTRAINT [fact_weather_pkey] PRIMARY KEY ([region_code], [hour_utc])');
  expect(ddl).toContain(
    'CONSTRAINT [fact_day_ahead_price_pkey] PRIMARY KEY ([bidding_zone], [ts_utc], [resolution_minutes])',
  );
  expect(ddl).toContain(
    'CONSTRAINT [agg_regional_balance_daily_pkey] PRIMARY KEY ([region_code], [date_key])',
  );
  expect(ddl).toContain('CONSTRAINT [fact_national_breakdown_pkey] PRIMARY KEY ([ts_utc], [component_code])');
  // 007 adds its dim_region columns with ALTER: NOT NULL with a default is accepted on existing rows.
  expect(ddl).toContain(
    "ALTER TABLE [dim_region] ADD [population] bigint, [population_year] int, [area_km2] float, [area_source] nvarchar(20), [status] nvarchar(10) not null CONSTRAINT [dim_region_status_default] DEFAULT 'active'",
  );
  expect(ddl).toContain(
    'CREATE TABLE [fact_energy_flow] ([region_code] nvarchar(3) not null, [source_code] nvarchar(40) not null, [ts_utc] datetimeoffset not null',
  );
  expect(ddl).toContain(
    'CONSTRAINT [fact_energy_flow_pkey] PRIMARY KEY ([region_code], [ts_utc], [source_code])',
  );
  expect(ddl).toMatch(/\[mw\] float(?![(]24)/); // float = float(53), the same double precision as SQLite and PostgreSQL
  expect(ddl).toContain('FOREIGN KEY ([region_code]) REFERENCES [dim_region] ([region_code])');
  expect(ddl).toContain('CREATE TABLE [alerts] ([id] int identity(1,1) not null primary key');
  expect(ddl).toContain('FOREIGN KEY ([alert_id]) REFERENCES [alerts] ([id])');
  // 020: the regional facts by instant alone (the alert evaluation's reads).
  expect(ddl).toContain('CREATE INDEX [ix_energy_flow_ts] ON [fact_energy_flow] ([ts_utc])');
  expect(ddl).toContain('CREATE INDEX [ix_regional_balance_ts] ON [fact_regional_balance] ([ts_utc])');
  expect(ddl).not.toMatch(/\breal\b|float\(24\)/);
  await mssql.destroy();
});
