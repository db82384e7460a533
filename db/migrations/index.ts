import type { Knex } from 'knex';
import * as goldCore from './20261128_001_gold_core';
import * as operations from './20261128_002_operations';
import * as quality from './20261128_003_quality';
import * as dailyRollup from './20261128_004_daily_rollup';
import * as maintenance from './20261128_006_maintenance';
import * as national from './20261128_005_national';
import * as referenceData from './20261128_007_reference_data';
import * as weather from './20261128_008_weather';
import * as hourlyRollup from './20261128_009_hourly_rollup';
import * as nationalDetail from './20261128_011_national_detail';
import * as factIntegrityByGates from './20261201_012_fact_integrity_by_gates';
import * as hourlyRollupBackfill from './20261201_013_hourly_rollup_backfill';
import * as scheduleChanges from './20261201_014_schedule_changes';
import * as balanceRollups from './20261201_015_balance_rollups';
import * as balanceRollupsBackfill from './20261201_016_balance_rollups_backfill';
import * as goldChanges from './20261201_017_gold_changes';

/**
 * Migrations are listed here rather than discovered on disk, so the same set runs under tsx,
 * Jest and a compiled build without a loader for .ts files.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261128_001_gold_core': goldCore,
  '20261128_002_operations': operations,
  '20261128_003_quality': quality,
  '20261128_004_daily_rollup': dailyRollup,
  '20261128_006_maintenance': maintenance,
  '20261128_005_national': national,
  '20261128_007_reference_data': referenceData,
  '20261128_008_weather': weather,
  '20261128_009_hourly_rollup': hourlyRollup,
  '20261128_011_national_detail': nationalDetail,
  '20261201_012_fact_integrity_by_gates': factIntegrityByGates,
  '20261201_013_hourly_rollup_backfill': hourlyRollupBackfill,
  '20261201_014_schedule_changes': scheduleChanges,
  '20261201_015_balance_rollups': balanceRollups,
  '20261201_016_balance_rollups_backfill': balanceRollupsBackfill,
  '20261201_017_gold_changes': goldChanges,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
