import pl from 'nodejs-polars';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { DATASET, readSilverDay, silverKeyForDay, unpivotProduction } from './silver';
import {
  countRows,
  dayWindow,
  inWindow,
  runGates,
  type GateReport,
  type GateWindow,
  type QualityGate,
} from '../../quality';
import { parisCalendar, parisMidnightUtc, type ParisCalendar } from '../../../lib/domain/paris-time';
import { mixIndicators } from '../../../lib/domain/carbon';
import { calendarCache, ensureDateRows, type CalendarCache } from '../../gold/dim-date';
import { logGoldChange } from '../../gold/change-log';
import { REGIONS } from '../../../lib/domain/regions';
import { PRODUCTION_SOURCES } from '../../../lib/domain/sources';
import {
  balanceRollupRefreshStatement,
  dailyEnergyRefreshStatement,
  hourlyEnergyRefreshStatement,
  sqlDialect,
} from '../../../lib/sql-dialect';
import { upsertColumns, type UpsertColumns, type UpsertSpec } from '../../../lib/upsert';
import { columnValues as column, epochMilliseconds } from '../../../lib/polars-columns';
import { installedCapacityLookup, loadFactorPct } from '../reference-data/capacity-gold';
import { activityOrigin, markAssetsSeen } from '../../asset-registry';

/**
 * Gold loader for eco2mix_regional: silver day partitions -> fact_energy_flow (one row per
 * region x source x quarter-hour) and fact_regional_balance (region x quarter-hour). Upserts on
 * the natural keys that rewrite only changed rows (lib/upsert.ts), so a repeated load changes
 * nothing.
 */

const FLOW_VALUES = ['date_key', 'time_key', 'mw', 'coverage_rate_pct', 'load_factor_pct'];
const COMMON_PG_TYPES = {
  region_code: 'text',
  ts_utc: 'timestamptz',
  date_key: 'int',
  time_key: 'int',
  loaded_at: 'timestamptz',
};
export const FLOW_UPSERT: UpsertSpec = {
  table: 'fact_energy_flow',
  key: ['region_code', 'source_code', 'ts_utc'],
  values: FLOW_VALUES,
  touch: ['loaded_at'],
  pgTypes: {
    ...COMMON_PG_TYPES,
    source_code: 'text',
    mw: 'float8',
    coverage_rate_pct: 'float8',
    load_factor_pct: 'float8',
  },
};
const BALANCE_VALUES = [
  'date_key',
  'time_key',
  'consumption_mw',
  'production_mw',
  'net_exchange_mw',
  'carbon_intensity_g_per_kwh',
  'renewable_share_pct',
  'low_carbon_share_pct',
  'nature',
];
export const BALANCE_UPSERT: UpsertSpec = {
  table: 'fact_regional_balance',
  key: ['region_code', 'ts_utc'],
  values: BALANCE_VALUES,
  touch: ['loaded_at'],
  pgTypes: {
    ...COMMON_PG_TYPES,
    ...Object.fromEntries(
      BALANCE_VALUES.filter((c) => c.endsWith('_mw') || c.endsWith('_pct') || c.endsWith('_kwh')).map((c) => [
        c,
        'float8',
      ]),
    ),
    nature: 'text',
  },
};

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
  const groupOf = new Map<string, number>();
  for (let i = 0; i < region.length; i++) {
    // Instants are stored as toISOString() text: the first 13 characters are the UTC hour.
    const hour = `${ts[i]!.slice(0, 13)}:00:00.000Z`;
    const key = `${region[i]}|${hour}|${source[i]}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = out.region_code.length;
      groupOf.set(key, g);
      out.region_code.push(region[i]!);
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

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
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
 * row is now a fact), the rollup is summed from the rows in hand and upserted; grouping the facts
 * again in SQL cost 18 ms per day on SQLite (a sort) and 30-55 ms on PostgreSQL. Otherwise (part
 * of an hour loaded, other facts in it) the hours are rebuilt from the facts.
 */
async function refreshHourlyForLoad(
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
    await upsertColumns(db, HOURLY_UPSERT, hourlyRollupOf(flows, refreshedAt));
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

export interface GoldResult {
  days: string[];
  energyFlowRows: number;
  balanceRows: number;
  regions: string[];
  /** Latest instant loaded, UTC ISO; undefined for an empty load. */
  lastInstant?: string;
}

/** The wide Silver columns the balance is computed from; the others stay in Silver. */
export const BALANCE_INPUT_COLUMNS = [
  'region_code',
  'ts_utc',
  'nature',
  'consommation',
  'ech_physiques',
  ...PRODUCTION_SOURCES.map((s) => s.code),
];

/**
 * Frames stacked as they come, not re-sorted: Silver already writes the production rows in the
 * primary-key order of fact_energy_flow (region, instant, source), and sorting on three keys,
 * two of them text, was a visible share of each day's load in profiles.
 */
function stacked(frames: pl.DataFrame[]): pl.DataFrame | undefined {
  const nonEmpty = frames.filter((f) => f.height > 0);
  if (!nonEmpty.length) return undefined;
  return nonEmpty.length === 1 ? nonEmpty[0]! : pl.concat(nonEmpty, { how: 'diagonal' });
}

interface Instant {
  iso: string;
  cal: ParisCalendar;
}

/** The stored form and Paris calendar of each instant, computed once per instant of a load. */
function instantCache(calendars: CalendarCache): (ms: number) => Instant {
  const byMs = new Map<number, Instant>();
  return (ms) => {
    let instant = byMs.get(ms);
    if (!instant) {
      const ts = new Date(ms);
      instant = { iso: ts.toISOString(), cal: calendars.of(ts) };
      byMs.set(ms, instant);
    }
    return instant;
  };
}

/**
 * Loads Silver rows of some days into Gold: `fact_regional_balance` from the wide rows, and
 * `fact_energy_flow` from the production rows (unpivoted from the wide ones when not given).
 * Rows are handed to the upsert column by column. Everything runs in one transaction: the facts,
 * the rollups they feed and the region dimension change together or not at all, so a load that
 * changed no fact knows the rollups already match the facts and leaves them alone.
 */
export async function loadEco2mixRegionalDays(
  db: Knex,
  frames: pl.DataFrame[],
  days: string[],
  production: pl.DataFrame[] = frames.map(unpivotProduction),
): Promise<GoldResult> {
  const loadedAt = new Date().toISOString();
  const wide = stacked(frames);
  const long = stacked(production);
  if (!wide || !long) return { days, energyFlowRows: 0, balanceRows: 0, regions: [] };

  const calendars = calendarCache();
  const instantOf = instantCache(calendars);

  // Installed capacity per region, source and year: the load factor when the feed gives no TCH.
  const wideTs = epochMilliseconds(wide, 'ts_utc');
  const regionsInLoad = [...new Set(column(wide, 'region_code') as string[])];
  const latestYear = new Date(wideTs.reduce((m, t) => (t > m ? t : m), 0)).getUTCFullYear() + 1;
  const installedMw = await installedCapacityLookup(db, regionsInLoad, latestYear);

  const balances = balanceColumns(wide, wideTs, instantOf, loadedAt);
  const flows = flowColumns(long, instantOf, installedMw, loadedAt);

  const seen = new Map<string, { first: string; last: string }>();
  const regionColumn = balances.region_code as string[];
  const tsColumn = balances.ts_utc as string[];
  for (let i = 0; i < regionColumn.length; i++) {
    const code = regionColumn[i]!;
    const ts = tsColumn[i]!;
    const span = seen.get(code);
    if (!span) seen.set(code, { first: ts, last: ts });
    else {
      if (ts < span.first) span.first = ts;
      if (ts > span.last) span.last = ts;
    }
  }

  await db.transaction(async (trx) => {
    await ensureDateRows(trx, calendars.all());
    const flowChanges = await upsertColumns(trx, FLOW_UPSERT, flows);
    const balanceChanges = await upsertColumns(trx, BALANCE_UPSERT, balances);
    if (balanceChanges > 0) {
      await refreshBalanceRollups(trx, [...seen.keys()], tsColumn, [
        ...new Set(calendars.all().map((c) => c.dateKey)),
      ]);
    }
    if (balanceChanges > 0 || flowChanges > 0) await logGoldChange(trx, DATASET, tsColumn, loadedAt);

    if (flowChanges > 0) {
      // Hourly first: the daily rollup is summed from it.
      const spans = [...seen.values()];
      const first = spans.reduce((m, x) => (x.first < m ? x.first : m), spans[0]!.first);
      const last = spans.reduce((m, x) => (x.last > m ? x.last : m), spans[0]!.last);
      await refreshHourlyForLoad(trx, flows, [...seen.keys()], first, last, loadedAt);
      await refreshDailyEnergy(trx, [...new Set(calendars.all().map((c) => c.dateKey))]);
    }

    for (const [code, span] of seen) {
      // Only a wider span rewrites the row: a repeated load leaves the dimension untouched.
      await trx('dim_region')
        .where({ region_code: code })
        .andWhere((q) =>
          q
            .whereNull('first_seen_at')
            .orWhere('first_seen_at', '>', span.first)
            .orWhereNull('last_seen_at')
            .orWhere('last_seen_at', '<', span.last),
        )
        .update({
          first_seen_at: trx.raw(
            'CASE WHEN first_seen_at IS NULL OR first_seen_at > ? THEN ? ELSE first_seen_at END',
            [span.first, span.first],
          ),
          last_seen_at: trx.raw(
            'CASE WHEN last_seen_at IS NULL OR last_seen_at < ? THEN ? ELSE last_seen_at END',
            [span.last, span.last],
          ),
        });
    }
  });

  return {
    days,
    energyFlowRows: long.height,
    balanceRows: wide.height,
    regions: [...seen.keys()].sort(),
    lastInstant: [...seen.values()].reduce<string | undefined>(
      (m, s) => (!m || s.last > m ? s.last : m),
      undefined,
    ),
  };
}

/** `fact_regional_balance` columns from the wide Silver rows. */
function balanceColumns(
  wide: pl.DataFrame,
  ts: Float64Array,
  instantOf: (ms: number) => Instant,
  loadedAt: string,
): UpsertColumns {
  const n = wide.height;
  const perSource = new Map(PRODUCTION_SOURCES.map((s) => [s.code, column(wide, s.code)]));
  const consumption = column(wide, 'consommation');
  const exchange = column(wide, 'ech_physiques');
  const out = {
    region_code: column(wide, 'region_code'),
    ts_utc: new Array<string>(n),
    date_key: new Array<number>(n),
    time_key: new Array<number>(n),
    consumption_mw: new Array<number | null>(n),
    production_mw: new Array<number | null>(n),
    net_exchange_mw: new Array<number | null>(n),
    carbon_intensity_g_per_kwh: new Array<number | null>(n),
    renewable_share_pct: new Array<number | null>(n),
    low_carbon_share_pct: new Array<number | null>(n),
    nature: column(wide, 'nature'),
    loaded_at: new Array<string>(n).fill(loadedAt),
  };
  for (let i = 0; i < n; i++) {
    const { iso, cal } = instantOf(ts[i]!);
    const mix = mixIndicators((code) => num(perSource.get(code)?.[i]));
    out.ts_utc[i] = iso;
    out.date_key[i] = cal.dateKey;
    out.time_key[i] = cal.timeKey;
    out.consumption_mw[i] = num(consumption[i]);
    out.production_mw[i] = mix.productionMw;
    out.net_exchange_mw[i] = num(exchange[i]);
    out.carbon_intensity_g_per_kwh[i] = mix.carbonIntensity;
    out.renewable_share_pct[i] = mix.renewableSharePct;
    out.low_carbon_share_pct[i] = mix.lowCarbonSharePct;
  }
  return out;
}

/**
 * `fact_energy_flow` columns from the production Silver rows; the load factor is the published
 * TCH, else the output over the installed capacity of that year (or the latest before).
 */
function flowColumns(
  long: pl.DataFrame,
  instantOf: (ms: number) => Instant,
  installedMw: (region: string, source: string, year: number) => number | undefined,
  loadedAt: string,
): UpsertColumns {
  const n = long.height;
  const region = column(long, 'region_code') as string[];
  const source = column(long, 'source_code') as string[];
  const ts = epochMilliseconds(long, 'ts_utc');
  const mw = column(long, 'mw');
  const coverage = column(long, 'coverage_rate_pct');
  const published = column(long, 'load_factor_pct');
  const out = {
    region_code: region,
    source_code: source,
    ts_utc: new Array<string>(n),
    date_key: new Array<number>(n),
    time_key: new Array<number>(n),
    mw: new Array<number | null>(n),
    coverage_rate_pct: new Array<number | null>(n),
    load_factor_pct: new Array<number | null>(n),
    loaded_at: new Array<string>(n).fill(loadedAt),
  };
  for (let i = 0; i < n; i++) {
    const { iso, cal } = instantOf(ts[i]!);
    const power = num(mw[i]);
    out.ts_utc[i] = iso;
    out.date_key[i] = cal.dateKey;
    out.time_key[i] = cal.timeKey;
    out.mw[i] = power;
    out.coverage_rate_pct[i] = num(coverage[i]);
    out.load_factor_pct[i] =
      num(published[i]) ?? loadFactorPct(power, installedMw(region[i]!, source[i]!, cal.year));
  }
  return out;
}

/** The dimension table each fact key points at (the key has the same name there). */
const DIMENSION_OF: Record<string, string> = {
  region_code: 'dim_region',
  source_code: 'dim_source',
  date_key: 'dim_date',
  time_key: 'dim_time',
};

/** Fact rows of the window with at least one key that has no row in its dimension. */
async function orphanRows(db: Knex, fact: string, w: GateWindow, keys: string[]): Promise<number> {
  let query = inWindow(db(`${fact} as f`), w, 'f.ts_utc');
  for (const key of keys)
    query = query.leftJoin(`${DIMENSION_OF[key]} as ${key}`, `${key}.${key}`, `f.${key}`);
  return countRows(query.where((q) => keys.reduce((any, key) => any.orWhereNull(`${key}.${key}`), q)));
}

/** Gates guarding the gold tables of eco2mix_regional, checked per UTC day after each load. */
export const ECO2MIX_REGIONAL_GATES: readonly QualityGate[] = [
  {
    name: 'silver_gold_row_count',
    severity: 'blocking',
    description:
      'every silver row of the day is in gold: wide rows = balance rows and production rows = energy-flow rows (rejects are kept apart in silver/_rejected)',
    async check({ db, lake }, w) {
      const day = w.from.slice(0, 10);
      // One column of each is enough to count rows.
      const silver = (await lake.exists(silverKeyForDay(day)))
        ? await readSilverDay(lake, day, { wide: ['region_code'], production: ['region_code'] })
        : undefined;
      const silverWide = silver?.wide.height ?? 0;
      const silverLong = silver?.production.height ?? 0;
      const balance = await countRows(inWindow(db('fact_regional_balance'), w));
      const flows = await countRows(inWindow(db('fact_energy_flow'), w));
      return {
        observed: balance + flows,
        threshold: `= ${silverWide} silver rows + ${silverLong} silver production rows`,
        passed: balance === silverWide && flows === silverLong,
      };
    },
  },
  {
    name: 'energy_flow_completeness',
    severity: 'blocking',
    description: `each balance row has one energy-flow row per source (${PRODUCTION_SOURCES.length})`,
    async check({ db }, w) {
      const balance = await countRows(inWindow(db('fact_regional_balance'), w));
      const flows = await countRows(inWindow(db('fact_energy_flow'), w));
      const expected = balance * PRODUCTION_SOURCES.length;
      return { observed: flows, threshold: `= ${expected}`, passed: flows === expected };
    },
  },
  {
    name: 'unique_natural_key',
    severity: 'blocking',
    description: 'one balance row per region and quarter-hour',
    async check({ db }, w) {
      const dupes = await countRows(
        db.from(
          inWindow(db('fact_regional_balance'), w)
            .select('region_code', 'ts_utc')
            .groupBy('region_code', 'ts_utc')
            .havingRaw('count(*) > 1')
            .as('d'),
        ),
      );
      return { observed: dupes, threshold: '= 0', passed: dupes === 0 };
    },
  },
  {
    name: 'foreign_keys',
    severity: 'blocking',
    description:
      'every fact row points at a known region, source, date and time (the database does not enforce these keys on the regional facts: migration 012)',
    async check({ db }, w) {
      const flows = await orphanRows(db, 'fact_energy_flow', w, [
        'region_code',
        'source_code',
        'date_key',
        'time_key',
      ]);
      const balances = await orphanRows(db, 'fact_regional_balance', w, [
        'region_code',
        'date_key',
        'time_key',
      ]);
      const orphans = flows + balances;
      return { observed: orphans, threshold: '= 0 rows without their dimension row', passed: orphans === 0 };
    },
  },
  {
    name: 'consumption_plausible',
    severity: 'blocking',
    description:
      'regional consumption stays within 0..25 000 MW (Ile-de-France peaks near 15 000); anything above needs a human',
    async check({ db }, w) {
      const outliers = await countRows(
        inWindow(db('fact_regional_balance'), w).where((q) =>
          q.where('consumption_mw', '<', 0).orWhere('consumption_mw', '>', 25_000),
        ),
      );
      return { observed: outliers, threshold: '= 0 rows outside 0..25000 MW', passed: outliers === 0 };
    },
  },
  {
    name: 'consumption_present',
    severity: 'warning',
    description: 'consumption is published for every region and quarter-hour',
    async check({ db }, w) {
      const missing = await countRows(inWindow(db('fact_regional_balance'), w).whereNull('consumption_mw'));
      return { observed: missing, threshold: '= 0 null rows', passed: missing === 0 };
    },
  },
  {
    name: 'freshness',
    severity: 'warning',
    description:
      'the newest quarter-hour in gold is less than 3 hours old (RTE refreshes the real-time set about hourly)',
    async check({ db }) {
      const row = await db('fact_regional_balance').max({ latest: 'ts_utc' }).first();
      const latest = row?.latest ? new Date(row.latest as string).getTime() : 0;
      const ageHours = latest ? (Date.now() - latest) / 3_600_000 : Number.POSITIVE_INFINITY;
      return {
        observed: Number.isFinite(ageHours) ? Math.round(ageHours * 100) / 100 : -1,
        threshold: '< 3 hours',
        passed: ageHours < 3,
      };
    },
  },
];

export function createEco2mixRegionalGold(deps: ActivityDeps) {
  return {
    async eco2mixRegionalToGold(input: { days: string[] }): Promise<GoldResult> {
      const outcome = await audited(deps.db, 'silver-to-gold', 'rte-regional', async () => {
        const wide: pl.DataFrame[] = [];
        const production: pl.DataFrame[] = [];
        for (const day of input.days) {
          const silver = await readSilverDay(deps.lake, day, { wide: BALANCE_INPUT_COLUMNS });
          wide.push(silver.wide);
          production.push(silver.production);
        }
        const result = await loadEco2mixRegionalDays(deps.db, wide, input.days, production);
        // Regions publishing recent data are live assets: discovered, or reactivated after a silence.
        const assetEvents = await markAssetsSeen(deps.db, deps.config.assets, activityOrigin(), {
          source: 'rte-regional',
          seenAt: result.lastInstant ?? new Date().toISOString(),
          now: new Date().toISOString(),
          assets: result.regions.map((code) => ({ type: 'region' as const, code })),
        });
        return {
          rows: result.energyFlowRows + result.balanceRows,
          details: { ...result, assetEvents: assetEvents.length },
          result,
        };
      });
      return outcome.result;
    },

    async checkEco2mixRegionalGates(input: { day: string }): Promise<GateReport> {
      const outcome = await audited(deps.db, 'quality-gates', 'rte-regional', async () => {
        const report = await runGates(
          { db: deps.db, lake: deps.lake },
          DATASET,
          ECO2MIX_REGIONAL_GATES,
          dayWindow(input.day),
        );
        return {
          details: { day: input.day, blockingFailures: report.blockingFailures, warnings: report.warnings },
          report,
        };
      });
      return outcome.report;
    },
  };
}
