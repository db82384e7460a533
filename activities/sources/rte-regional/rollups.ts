import type { Knex } from 'knex';
import { countRows } from '../../quality';
import { parisCalendar, parisMidnightUtc } from '../../../lib/domain/paris-time';
import { REGIONS } from '../../../lib/domain/regions';
import {
  balanceRollupRefreshStatement,
  dailyEnergyRefreshStatement,
  hourlyEnergyRefreshStatement,
  sqlDialect,
} from '../../../lib/sql-dialect';
import type { UpsertColumns, UpsertSpec } from '../../../lib/upsert';
import { loadIntoWindow, type WindowColumns } from './window-load';

/**
 * The rollups of the regional facts (energy flow per UTC hour and Paris date, balance per UTC hour
 * and Paris date), kept in step with the facts by the loader (./gold.ts) in the load's transaction.
 */

export const HOURLY_UPSERT: UpsertSpec = {
  table: 'agg_energy_flow_hourly',
  key: ['region_code', 'hour_utc', 'source_code'],
  values: ['energy_mwh', 'avg_mw', 'max_mw', 'quarter_hours'],
  touch: ['refreshed_at'],
  pgTypes: {
    region_code: 'text',
    hour_utc: 'timestamptz',
    source_code: 'text',
    energy_mwh: 'float8',
    avg_mw: 'float8',
    max_mw: 'float8',
    quarter_hours: 'int',
    refreshed_at: 'timestamptz',
  },
};

const HOURLY_WINDOW: WindowColumns = { region: 'region_code', instant: 'hour_utc' };

/**
 * The hourly rollup of the energy-flow rows of a load, with the same aggregates as
 * `hourlyEnergyRefreshStatement` (energy = sum of MW x 0.25 h, mean and max of the values,
 * values counted). Exact only when these rows are every fact of their hours: the caller checks.
 */
export function hourlyRollupOf(flows: UpsertColumns, refreshedAt: string): UpsertColumns {
  const region = flows.region_code as string[];
  const source = flows.source_code as string[];
  const ts = flows.ts_utc as string[];
  const mw = flows.mw as (number | null)[];
  const out = {
    region_code: [] as string[],
    hour_utc: [] as string[],
    source_code: [] as string[],
    energy_mwh: [] as (number | null)[],
    avg_mw: [] as (number | null)[],
    max_mw: [] as (number | null)[],
    quarter_hours: [] as number[],
    refreshed_at: [] as string[],
  };
  const sums: number[] = [];
  // Groups by (region, hour), then by source. Rows come in key order, so consecutive rows share
  // their region and instant: the (region, hour) entry is looked up when either changes, not per row.
  const groupsOfHour = new Map<string, Map<string, number>>();
  let groups = new Map<string, number>();
  let lastRegion: string | undefined;
  let lastTs: string | undefined;
  let hour = '';
  for (let i = 0; i < region.length; i++) {
    const r = region[i]!;
    const t = ts[i]!;
    if (r !== lastRegion || t !== lastTs) {
      // Instants are stored as toISOString() text: the first 13 characters are the UTC hour.
      const h = `${t.slice(0, 13)}:00:00.000Z`;
      if (r !== lastRegion || h !== hour) {
        hour = h;
        const key = `${r}|${h}`;
        let found = groupsOfHour.get(key);
        if (!found) groupsOfHour.set(key, (found = new Map()));
        groups = found;
      }
      lastRegion = r;
      lastTs = t;
    }
    let g = groups.get(source[i]!);
    if (g === undefined) {
      g = out.region_code.length;
      groups.set(source[i]!, g);
      out.region_code.push(r);
      out.hour_utc.push(hour);
      out.source_code.push(source[i]!);
      out.max_mw.push(null);
      out.quarter_hours.push(0);
      sums.push(0);
    }
    const value = mw[i];
    if (value === null || value === undefined) continue;
    sums[g] = sums[g]! + value;
    out.quarter_hours[g] = out.quarter_hours[g]! + 1;
    const max = out.max_mw[g];
    if (max === null || max === undefined || value > max) out.max_mw[g] = value;
  }
  for (let g = 0; g < out.region_code.length; g++) {
    const n = out.quarter_hours[g]!;
    out.energy_mwh.push(n ? sums[g]! * 0.25 : null);
    out.avg_mw.push(n ? sums[g]! / n : null);
    out.refreshed_at.push(refreshedAt);
  }
  return out;
}

/** The whole UTC hours [hourFrom, hourTo) holding the instants from `first` to `last`. */
function wholeHours(first: string, last: string): { hourFrom: string; hourTo: string } {
  const hour = 3_600_000;
  return {
    hourFrom: new Date(Math.floor(Date.parse(first) / hour) * hour).toISOString(),
    hourTo: new Date(Math.floor(Date.parse(last) / hour) * hour + hour).toISOString(),
  };
}

/**
 * Recomputes the hourly rollup of the UTC hours in [from, to) from the facts, for every region
 * and source: a quarter-hour loaded later lands in an hour rebuilt whole.
 */
export async function refreshHourlyEnergy(db: Knex, from: string, to: string): Promise<void> {
  const { hourFrom, hourTo } = wholeHours(from, to);
  const regions = REGIONS.map((r) => r.code);
  await db.raw(hourlyEnergyRefreshStatement(sqlDialect(db), regions.length), [
    new Date().toISOString(),
    ...regions,
    hourFrom,
    hourTo,
  ]);
}

/**
 * The hourly rollup of the hours a load touched. When the facts of those whole hours are exactly
 * the loaded rows (a day loaded whole, the usual case: one count proves it, since every loaded
 * row is now a fact), the rollup is summed from the rows in hand and upserted, which spares
 * grouping the facts again in SQL (a sort on SQLite; see bench/README.md for the cost). Otherwise
 * (part of an hour loaded, other facts in it) the hours are rebuilt from the facts.
 */
export async function refreshHourlyForLoad(
  db: Knex,
  flows: UpsertColumns,
  regions: string[],
  first: string,
  last: string,
  refreshedAt: string,
): Promise<void> {
  const { hourFrom, hourTo } = wholeHours(first, last);
  const facts = await countRows(
    db('fact_energy_flow')
      .whereIn('region_code', regions)
      .andWhere('ts_utc', '>=', hourFrom)
      .andWhere('ts_utc', '<', hourTo),
  );
  if (facts === flows.region_code!.length)
    await loadIntoWindow(db, HOURLY_UPSERT, hourlyRollupOf(flows, refreshedAt), HOURLY_WINDOW);
  else await refreshHourlyEnergy(db, first, last);
}

/**
 * Recomputes the daily rollup of the given Paris dates from the hourly rollup, which must already
 * be up to date for every hour of those dates (the load refreshes the hours it touched first).
 * A date spans two UTC days, so it is always rebuilt whole, whichever load brought its hours.
 */
export async function refreshDailyEnergy(db: Knex, dateKeys: number[]): Promise<void> {
  if (!dateKeys.length) return;
  const regions = REGIONS.map((r) => r.code);
  const bindings: (string | number)[] = [new Date().toISOString()];
  for (const dateKey of dateKeys) {
    const from = parisMidnightUtc(dateKey);
    // The next date's midnight: 23, 24 or 25 hours later.
    const next = parisCalendar(new Date(from.getTime() + 26 * 3_600_000)).dateKey;
    bindings.push(dateKey, ...regions, from.toISOString(), parisMidnightUtc(next).toISOString());
  }
  await db.raw(dailyEnergyRefreshStatement(sqlDialect(db), regions.length, dateKeys.length), bindings);
}

/**
 * The balance rollups (per UTC hour and per Paris date) of the regions and instants a load
 * touched, rebuilt from the facts: whole hours and whole dates, whichever load brought them.
 */
export async function refreshBalanceRollups(
  db: Knex,
  regions: string[],
  instants: string[],
  dateKeys: number[],
): Promise<void> {
  if (!regions.length || !instants.length) return;
  const dialect = sqlDialect(db);
  const refreshedAt = new Date().toISOString();
  const first = instants.reduce((m, t) => (t < m ? t : m));
  const last = instants.reduce((m, t) => (t > m ? t : m));
  const { hourFrom, hourTo } = wholeHours(first, last);
  const inRegions = `region_code IN (${regions.map(() => '?').join(', ')})`;
  await db.raw(
    balanceRollupRefreshStatement(dialect, 'hour', `${inRegions} AND ts_utc >= ? AND ts_utc < ?`),
    [refreshedAt, ...regions, hourFrom, hourTo],
  );
  const sorted = [...dateKeys].sort((a, b) => a - b);
  const dayFrom = parisMidnightUtc(sorted[0]!);
  const lastDay = parisMidnightUtc(sorted.at(-1)!);
  const dayTo = parisMidnightUtc(parisCalendar(new Date(lastDay.getTime() + 26 * 3_600_000)).dateKey);
  await db.raw(
    balanceRollupRefreshStatement(
      dialect,
      'day',
      `${inRegions} AND ts_utc >= ? AND ts_utc < ? AND date_key IN (${sorted.map(() => '?').join(', ')})`,
    ),
    [refreshedAt, ...regions, dayFrom.toISOString(), dayTo.toISOString(), ...sorted],
  );
}
