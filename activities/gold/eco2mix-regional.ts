import pl from 'nodejs-polars';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../deps';
import { audited } from '../audit';
import { DATASET, silverKeyForDay } from '../silver/eco2mix-regional';
import { countRows, dayWindow, inWindow, runGates, type GateReport, type QualityGate } from '../quality';
import { nationalHoliday } from '../../lib/domain/french-holidays';
import { parisCalendar, type ParisCalendar } from '../../lib/domain/paris-time';
import { REGIONS } from '../../lib/domain/regions';
import { PRODUCTION_SOURCES, type ProductionSource } from '../../lib/domain/sources';
import { bulkUpsert, type UpsertSpec } from '../../lib/upsert';
import { installedCapacityLookup, loadFactorPct } from './installed-capacity';
import { activityOrigin, markAssetsSeen } from '../registry';

/**
 * Gold loader for eco2mix_regional: silver day partitions -> fact_energy_flow (one row per
 * region x source x quarter-hour) and fact_regional_balance (region x quarter-hour). Upserts on
 * the natural keys that rewrite only changed rows (lib/upsert.ts), so a repeated load changes
 * nothing.
 */

/** Production excludes what the feed reports as consumption by storage (pumping, battery charging). */
const PRODUCING_SOURCES = PRODUCTION_SOURCES.filter(
  (s) => s.code !== 'pompage' && s.code !== 'stockage_batterie',
);

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

export interface MixIndicators {
  productionMw: number | null;
  carbonIntensity: number | null;
  renewableSharePct: number | null;
  lowCarbonSharePct: number | null;
}

/**
 * Production-based indicators of one region and quarter-hour: total production, carbon intensity
 * as the production-weighted mean of the sources' life-cycle factors (gCO2eq/kWh), and the shares
 * of renewable and low-carbon production. Imports are not counted (regional exchanges carry no
 * source); pumping and battery charging are consumption.
 */
export function mixIndicators(
  valueOf: (sourceCode: string) => number | null,
  producing: readonly ProductionSource[] = PRODUCING_SOURCES,
): MixIndicators {
  let total = 0;
  let emissions = 0;
  let renewable = 0;
  let lowCarbon = 0;
  let known = 0;
  for (const source of producing) {
    const mw = valueOf(source.code);
    if (mw === null) continue;
    known++;
    const produced = Math.max(mw, 0);
    total += produced;
    emissions += produced * source.emissionFactorG;
    if (source.renewable) renewable += produced;
    if (source.lowCarbon) lowCarbon += produced;
  }
  if (known === 0)
    return { productionMw: null, carbonIntensity: null, renewableSharePct: null, lowCarbonSharePct: null };
  if (total === 0)
    return { productionMw: 0, carbonIntensity: null, renewableSharePct: null, lowCarbonSharePct: null };
  return {
    productionMw: total,
    carbonIntensity: emissions / total,
    renewableSharePct: (100 * renewable) / total,
    lowCarbonSharePct: (100 * lowCarbon) / total,
  };
}

/** Silver rows read column by column: far cheaper than one JS object per row from Polars. */
function* silverRows(frames: pl.DataFrame[]): Generator<(column: string) => unknown> {
  for (const unsorted of frames) {
    // Primary-key order (region, instant): inserts append to the B-tree instead of scattering.
    const frame = unsorted.sort(['region_code', 'ts_utc']);
    const columns = new Map(frame.columns.map((c) => [c, frame.getColumn(c).toArray() as unknown[]]));
    for (let i = 0; i < frame.height; i++) yield (column) => columns.get(column)?.[i] ?? null;
  }
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Recomputes the daily rollup of the given Paris dates from the facts. A date spans two UTC days,
 * so it is always rebuilt from every fact row it has, whichever load brought them.
 * (SQLite and PostgreSQL; SQL Server would need the MERGE form.)
 */
/** The UTC hour of `ts_utc` as the dialect stores instants: ISO text on SQLite, timestamptz elsewhere. */
function hourBucket(db: Knex): string {
  return db.client.config.client === 'better-sqlite3'
    ? "strftime('%Y-%m-%dT%H:00:00.000Z', ts_utc)"
    : "date_trunc('hour', ts_utc)";
}

/**
 * Recomputes the hourly rollup of the UTC hours in [from, to) from the facts, for every region
 * and source: a quarter-hour loaded later lands in an hour rebuilt whole.
 */
export async function refreshHourlyEnergy(db: Knex, from: string, to: string): Promise<void> {
  const hourFrom = new Date(Math.floor(Date.parse(from) / 3_600_000) * 3_600_000).toISOString();
  const hourTo = new Date(Math.ceil((Date.parse(to) + 1) / 3_600_000) * 3_600_000).toISOString();
  const regions = REGIONS.map((r) => r.code);
  const bucket = hourBucket(db);
  await db.raw(
    `INSERT INTO agg_energy_flow_hourly (region_code, hour_utc, source_code, energy_mwh, avg_mw, max_mw, quarter_hours, refreshed_at)
     SELECT region_code, ${bucket}, source_code, SUM(mw) * 0.25, AVG(mw), MAX(mw), COUNT(mw), ?
     FROM fact_energy_flow
     WHERE region_code IN (${regions.map(() => '?').join(', ')}) AND ts_utc >= ? AND ts_utc < ?
     GROUP BY region_code, ${bucket}, source_code
     ON CONFLICT (region_code, hour_utc, source_code) DO UPDATE SET
       energy_mwh = excluded.energy_mwh, avg_mw = excluded.avg_mw, max_mw = excluded.max_mw,
       quarter_hours = excluded.quarter_hours, refreshed_at = excluded.refreshed_at`,
    [new Date().toISOString(), ...regions, hourFrom, hourTo],
  );
}

export async function refreshDailyEnergy(db: Knex, dateKeys: number[]): Promise<void> {
  if (!dateKeys.length) return;
  // A Paris date lies within [UTC midnight - 2 h, UTC midnight + 24 h): that instant range per
  // region lets the primary key (region, instant, source) find the rows without a full scan.
  const utcMidnights = dateKeys.map((k) =>
    Date.UTC(Math.floor(k / 10_000), Math.floor((k % 10_000) / 100) - 1, k % 100),
  );
  const from = new Date(Math.min(...utcMidnights) - 2 * 3_600_000).toISOString();
  const to = new Date(Math.max(...utcMidnights) + 24 * 3_600_000).toISOString();
  const regions = REGIONS.map((r) => r.code);
  await db.raw(
    `INSERT INTO agg_energy_flow_daily (region_code, date_key, source_code, energy_mwh, avg_mw, max_mw, quarter_hours, refreshed_at)
     SELECT region_code, date_key, source_code, SUM(mw) * 0.25, AVG(mw), MAX(mw), COUNT(mw), ?
     FROM fact_energy_flow
     WHERE region_code IN (${regions.map(() => '?').join(', ')}) AND ts_utc >= ? AND ts_utc < ?
       AND date_key IN (${dateKeys.map(() => '?').join(', ')})
     GROUP BY region_code, date_key, source_code
     ON CONFLICT (region_code, date_key, source_code) DO UPDATE SET
       energy_mwh = excluded.energy_mwh, avg_mw = excluded.avg_mw, max_mw = excluded.max_mw,
       quarter_hours = excluded.quarter_hours, refreshed_at = excluded.refreshed_at`,
    [new Date().toISOString(), ...regions, from, to, ...dateKeys],
  );
}

/** Paris dates of the loaded instants, in dim_date with weekend and holiday flags. */
export async function ensureDateRows(db: Knex, calendars: ParisCalendar[]): Promise<void> {
  const dates = [...new Map(calendars.map((c) => [c.dateKey, c])).values()].map((c) => ({
    date_key: c.dateKey,
    calendar_date: c.calendarDate,
    year: c.year,
    month: c.month,
    day: c.day,
    iso_weekday: c.isoWeekday,
    is_weekend: c.isoWeekday >= 6,
    is_holiday: nationalHoliday(c.calendarDate) !== undefined,
    holiday_name: nationalHoliday(c.calendarDate)?.name ?? null,
  }));
  if (dates.length) await db('dim_date').insert(dates).onConflict('date_key').ignore();
}

/** Paris calendar of each instant, computed once per instant of a load. */
export function calendarCache(): { of(ts: Date): ParisCalendar; all(): ParisCalendar[] } {
  const calendars = new Map<number, ParisCalendar>();
  return {
    of(ts) {
      const cached = calendars.get(ts.getTime());
      if (cached) return cached;
      const cal = parisCalendar(ts);
      calendars.set(ts.getTime(), cal);
      return cal;
    },
    all: () => [...calendars.values()],
  };
}

export interface GoldResult {
  days: string[];
  energyFlowRows: number;
  balanceRows: number;
  regions: string[];
  /** Latest instant loaded, UTC ISO; undefined for an empty load. */
  lastInstant?: string;
}

export async function loadEco2mixRegionalDays(
  db: Knex,
  frames: pl.DataFrame[],
  days: string[],
): Promise<GoldResult> {
  const loadedAt = new Date().toISOString();

  const calendars = calendarCache();

  // Installed capacity per region, source and year: the load factor when the feed gives no TCH.
  const regionsInLoad = [
    ...new Set(frames.flatMap((f) => f.getColumn('region_code').unique().toArray() as string[])),
  ];
  const latestYear = frames.reduce((y, f) => {
    const max = f.height ? (f.getColumn('ts_utc').max() as unknown as Date | number) : undefined;
    return max === undefined ? y : Math.max(y, new Date(max).getUTCFullYear() + 1);
  }, 0);
  const installedMw = await installedCapacityLookup(db, regionsInLoad, latestYear);

  const flows: Record<string, unknown>[] = [];
  const balances: Record<string, unknown>[] = [];
  const seen = new Map<string, { first: string; last: string }>();
  for (const value of silverRows(frames)) {
    const regionCode = value('region_code') as string;
    const instant = value('ts_utc') as Date;
    const ts = instant.toISOString();
    const cal = calendars.of(instant);
    for (const source of PRODUCTION_SOURCES) {
      flows.push({
        region_code: regionCode,
        source_code: source.code,
        ts_utc: ts,
        date_key: cal.dateKey,
        time_key: cal.timeKey,
        mw: num(value(source.code)),
        coverage_rate_pct: source.coverageColumn ? num(value(source.coverageColumn)) : null,
        load_factor_pct:
          (source.loadFactorColumn ? num(value(source.loadFactorColumn)) : null) ??
          loadFactorPct(num(value(source.code)), installedMw(regionCode, source.code, cal.year)),
        loaded_at: loadedAt,
      });
    }
    const mix = mixIndicators((code) => num(value(code)));
    balances.push({
      region_code: regionCode,
      ts_utc: ts,
      date_key: cal.dateKey,
      time_key: cal.timeKey,
      consumption_mw: num(value('consommation')),
      production_mw: mix.productionMw,
      net_exchange_mw: num(value('ech_physiques')),
      carbon_intensity_g_per_kwh: mix.carbonIntensity,
      renewable_share_pct: mix.renewableSharePct,
      low_carbon_share_pct: mix.lowCarbonSharePct,
      nature: value('nature'),
      loaded_at: loadedAt,
    });
    const span = seen.get(regionCode);
    if (!span) seen.set(regionCode, { first: ts, last: ts });
    else {
      if (ts < span.first) span.first = ts;
      if (ts > span.last) span.last = ts;
    }
  }

  await ensureDateRows(db, calendars.all());

  await bulkUpsert(db, FLOW_UPSERT, flows);
  await bulkUpsert(db, BALANCE_UPSERT, balances);

  await refreshDailyEnergy(db, [...new Set(calendars.all().map((c) => c.dateKey))]);
  const instants = [...seen.values()];
  if (instants.length) {
    await refreshHourlyEnergy(
      db,
      instants.reduce((m, x) => (x.first < m ? x.first : m), instants[0]!.first),
      instants.reduce((m, x) => (x.last > m ? x.last : m), instants[0]!.last),
    );
  }

  for (const [code, span] of seen) {
    await db('dim_region')
      .where({ region_code: code })
      .update({
        first_seen_at: db.raw(
          'CASE WHEN first_seen_at IS NULL OR first_seen_at > ? THEN ? ELSE first_seen_at END',
          [span.first, span.first],
        ),
        last_seen_at: db.raw(
          'CASE WHEN last_seen_at IS NULL OR last_seen_at < ? THEN ? ELSE last_seen_at END',
          [span.last, span.last],
        ),
      });
  }
  return {
    days,
    energyFlowRows: flows.length,
    balanceRows: balances.length,
    regions: [...seen.keys()].sort(),
    lastInstant: [...seen.values()].reduce<string | undefined>(
      (m, s) => (!m || s.last > m ? s.last : m),
      undefined,
    ),
  };
}

/** Gates guarding the gold tables of eco2mix_regional, checked per UTC day after each load. */
export const ECO2MIX_REGIONAL_GATES: readonly QualityGate[] = [
  {
    name: 'silver_gold_row_count',
    severity: 'blocking',
    description:
      'every silver row of the day is a gold balance row (silver rows = gold rows; rejects are kept apart in silver/_rejected)',
    async check({ db, lake }, w) {
      const key = silverKeyForDay(w.from.slice(0, 10));
      const silver = (await lake.exists(key)) ? pl.readParquet(await lake.get(key)).height : 0;
      const gold = await countRows(inWindow(db('fact_regional_balance'), w));
      return { observed: gold, threshold: `= ${silver} silver rows`, passed: gold === silver };
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
    description: 'every fact row points at a known region, source, date and time',
    async check({ db }, w) {
      const orphans = await countRows(
        inWindow(db('fact_energy_flow as f'), w, 'f.ts_utc')
          .leftJoin('dim_region as r', 'r.region_code', 'f.region_code')
          .leftJoin('dim_source as s', 's.source_code', 'f.source_code')
          .leftJoin('dim_date as d', 'd.date_key', 'f.date_key')
          .leftJoin('dim_time as t', 't.time_key', 'f.time_key')
          .where((q) =>
            q
              .whereNull('r.region_code')
              .orWhereNull('s.source_code')
              .orWhereNull('d.date_key')
              .orWhereNull('t.time_key'),
          ),
      );
      return { observed: orphans, threshold: '= 0', passed: orphans === 0 };
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
    async loadGoldEco2mixRegional(input: { days: string[] }): Promise<GoldResult> {
      const outcome = await audited(deps.db, 'silver-to-gold', 'rte-regional', async () => {
        const frames: pl.DataFrame[] = [];
        for (const day of input.days) {
          frames.push(pl.readParquet(await deps.lake.get(silverKeyForDay(day))));
        }
        const result = await loadEco2mixRegionalDays(deps.db, frames, input.days);
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

    async checkGoldEco2mixRegional(input: { day: string }): Promise<GateReport> {
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
