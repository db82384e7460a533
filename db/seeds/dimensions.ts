import type { Knex } from 'knex';
import { REGIONS } from '../../lib/domain/regions';
import { ALL_SOURCES } from '../../lib/domain/sources';
import { insertOrIgnore } from '../../lib/sql-dialect';
import { bulkUpsert, type UpsertSpec } from '../../lib/upsert';

/**
 * Upserts through lib/upsert.ts rather than knex's onConflict, which knex does not compile for
 * SQL Server: one path on SQLite, PostgreSQL (ON CONFLICT) and SQL Server (MERGE). Region status
 * and first/last seen are not seed columns: they belong to the asset registry and the loads.
 */
export const REGION_SEED: UpsertSpec = {
  table: 'dim_region',
  key: ['region_code'],
  values: ['name', 'in_regional_feed'],
  pgTypes: { region_code: 'text', name: 'text', in_regional_feed: 'bool' },
};

export const SOURCE_SEED: UpsertSpec = {
  table: 'dim_source',
  key: ['source_code'],
  values: ['label', 'category', 'renewable', 'low_carbon', 'emission_factor_g', 'emission_factor_ref'],
  pgTypes: {
    source_code: 'text',
    label: 'text',
    category: 'text',
    renewable: 'bool',
    low_carbon: 'bool',
    emission_factor_g: 'float8',
    emission_factor_ref: 'text',
  },
};

/** Static dimensions, upserted so the seed can run at every start. */
export async function seedDimensions(db: Knex): Promise<void> {
  await bulkUpsert(
    db,
    REGION_SEED,
    REGIONS.map((r) => ({ region_code: r.code, name: r.name, in_regional_feed: r.inRegionalFeed })),
  );
  await bulkUpsert(
    db,
    SOURCE_SEED,
    ALL_SOURCES.map((s) => ({
      source_code: s.code,
      label: s.label,
      category: s.category,
      renewable: s.renewable,
      low_carbon: s.lowCarbon,
      emission_factor_g: s.emissionFactorG,
      emission_factor_ref: s.emissionFactorRef,
    })),
  );
  const times = [];
  for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
    const hour = Math.floor(minutes / 60);
    const minute = minutes % 60;
    times.push({
      time_key: minutes,
      hour,
      minute,
      label: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    });
  }
  await insertOrIgnore(db, 'dim_time', ['time_key'], times);
}
