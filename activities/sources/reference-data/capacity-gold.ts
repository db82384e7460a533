import { checkDatasetGates } from '../../dataset-gates';
import { AUDIT_STEP } from '../../audit-vocabulary';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { bulkUpsert, type UpsertSpec } from '../../../lib/upsert';
import { readSilverYear } from './capacity-silver';
import { type GateReport } from '../../quality';
import { INSTALLED_CAPACITY_DATASET, yearWindow } from './gates';

/** Gold `fact_installed_capacity`: region x source x year, upserted from the Silver year partitions. */
export const CAPACITY_UPSERT: UpsertSpec = {
  table: 'fact_installed_capacity',
  key: ['region_code', 'source_code', 'year'],
  values: ['capacity_mw', 'installations', 'bronze_key'],
  touch: ['loaded_at'],
  pgTypes: {
    region_code: 'text',
    source_code: 'text',
    year: 'int',
    capacity_mw: 'float8',
    installations: 'int',
    bronze_key: 'text',
    loaded_at: 'timestamptz',
  },
};

export function createInstalledCapacityGold(deps: ActivityDeps) {
  return async function installedCapacityToGold(input: { years: number[] }): Promise<{ rows: number }> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toGold, source: 'reference-data', dataset: 'installed_capacity' },
      async () => {
        const loadedAt = new Date().toISOString();
        const rows: Record<string, unknown>[] = [];
        for (const year of input.years) {
          for (const r of await readSilverYear(deps.lake, year)) {
            rows.push({
              region_code: r.region_code,
              source_code: r.source_code,
              year: r.year,
              capacity_mw: r.capacity_mw,
              installations: r.installations ?? null,
              bronze_key: r.bronze_key,
              loaded_at: loadedAt,
            });
          }
        }
        await bulkUpsert(deps.db, CAPACITY_UPSERT, rows);
        return { rows: rows.length, details: { years: input.years }, result: { rows: rows.length } };
      },
    );
    return outcome.result;
  };
}

export function createInstalledCapacityGates(deps: ActivityDeps) {
  return async function checkInstalledCapacityGates(input: { years: number[] }): Promise<GateReport> {
    return checkDatasetGates(deps, 'reference-data', INSTALLED_CAPACITY_DATASET, yearWindow(input.years), {
      years: input.years,
    });
  };
}

/**
 * Load factor (%) of a source in a region at an instant: the power produced over the installed
 * power, 100 x MW / installed MW. Undefined (null) without a positive installed capacity, and
 * never clamped: a value above 100 says the capacity figure is out of date, which is worth seeing.
 */
export function loadFactorPct(mw: number | null, installedMw: number | undefined): number | null {
  if (mw === null || installedMw === undefined || !(installedMw > 0)) return null;
  return (100 * mw) / installedMw;
}

/**
 * Installed MW per `region|source` for the year of each instant: the figure of that year, or the
 * latest earlier year when that year is not published yet (the registry is yearly, the feed
 * quarter-hourly). One query for the regions and the latest year asked.
 */
export async function installedCapacityLookup(
  db: Knex,
  regions: string[],
  maxYear: number,
): Promise<(region: string, source: string, year: number) => number | undefined> {
  const rows = await db('fact_installed_capacity')
    .whereIn('region_code', regions)
    .andWhere('year', '<=', maxYear)
    .select('region_code', 'source_code', 'year', 'capacity_mw')
    .orderBy('year');
  const byKey = new Map<string, { year: number; mw: number }[]>();
  for (const r of rows) {
    const key = `${r.region_code}|${r.source_code}`;
    const list = byKey.get(key) ?? [];
    list.push({ year: Number(r.year), mw: Number(r.capacity_mw) });
    byKey.set(key, list);
  }
  return (region, source, year) => {
    const list = byKey.get(`${region}|${source}`);
    if (!list) return undefined;
    let found: number | undefined;
    for (const entry of list) if (entry.year <= year) found = entry.mw;
    return found;
  };
}
