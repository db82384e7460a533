import type { Knex } from 'knex';
import { parisCalendar, parisMidnightUtc } from '../../lib/domain/paris-time';
import { REGIONS } from '../../lib/domain/regions';
import { decodeCursor, encodeCursor } from '../connection';
import { QueryInputError } from '../errors';
import { afterKey, toDate } from '../gold-queries';
import type { Granularity } from './params';

/**
 * Regional series for the REST routes and the CSV export: one item per region and period
 * (quarter-hour, UTC hour or Paris day), ordered by region then time. Quarter-hours come from the
 * facts; hours and days from the rollups the gold load maintains (lib/sql-dialect.ts
 * BALANCE_AGGREGATES: mean power; intensity and shares weighted by production, so an hour's
 * intensity is that of the energy produced in it, not the mean of four ratios).
 */

const FEED_REGIONS = REGIONS.filter((r) => r.inRegionalFeed).map((r) => r.code);

export interface SeriesSelection {
  regionCode?: string;
  from: Date;
  to: Date;
  granularity: Granularity;
  /** Production sources to detail; undefined: all. Only read when `withProduction`. */
  sources?: string[];
}

/** The selection of a validated REST query (graphql/rest/params.ts). */
export function seriesSelection(q: {
  region_code?: string;
  from: Date;
  to: Date;
  granularity: Granularity;
  source?: string[];
}): SeriesSelection {
  return { regionCode: q.region_code, from: q.from, to: q.to, granularity: q.granularity, sources: q.source };
}

export interface SeriesItem {
  regionCode: string;
  periodStart: Date;
  /** Quarter-hours of facts behind the item (1 at 15 min; 4 an hour, 92/96/100 a day when complete). */
  quarterHours: number;
  consumptionMw: number | null;
  productionMw: number | null;
  netExchangeMw: number | null;
  carbonIntensity: number | null;
  renewableSharePct: number | null;
  lowCarbonSharePct: number | null;
  /** Mean MW per source over the period. */
  productionBySource?: Record<string, number | null>;
}

export interface SeriesPage {
  items: SeriesItem[];
  total: number;
  nextCursor: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Period key of a row: its ISO instant at 15 min and per hour, its Paris date key per day. */
type PeriodKey = string | number;

interface PeriodRow {
  region_code: string;
  period: string | Date | number;
  quarter_hours: number | string;
  consumption_mw: unknown;
  production_mw: unknown;
  net_exchange_mw: unknown;
  carbon_intensity_g_per_kwh: unknown;
  renewable_share_pct: unknown;
  low_carbon_share_pct: unknown;
}

const BALANCE_COLUMNS = [
  'consumption_mw',
  'production_mw',
  'net_exchange_mw',
  'carbon_intensity_g_per_kwh',
  'renewable_share_pct',
  'low_carbon_share_pct',
];

/** The balance per period: the facts at 15 min, the balance rollups per hour and per day. */
function balanceQuery(db: Knex, sel: SeriesSelection): Knex.QueryBuilder {
  const regions = sel.regionCode ? [sel.regionCode] : FEED_REGIONS;
  const [table, period] =
    sel.granularity === '15min'
      ? ['fact_regional_balance', 'ts_utc']
      : sel.granularity === 'hour'
        ? ['agg_regional_balance_hourly', 'hour_utc']
        : ['agg_regional_balance_daily', 'date_key'];
  const [from, to] =
    sel.granularity === 'day' ? dayKeys(sel) : [sel.from.toISOString(), sel.to.toISOString()];
  const rows = db(table)
    .whereIn('region_code', regions)
    .andWhere(period, '>=', from)
    .andWhere(period, '<', to)
    .select(
      'region_code',
      `${period} as period`,
      sel.granularity === '15min' ? db.raw('1 as quarter_hours') : 'quarter_hours',
      ...BALANCE_COLUMNS,
    );
  // Wrapped so every form exposes `period` to the keyset condition; the planners flatten it back
  // onto the table's primary key (region_code, period).
  return db.from(rows.as('g')).select('*');
}

/** Paris dates whose midnight lies in [from, to), as date keys [first, end). */
function dayKeys(sel: SeriesSelection): [number, number] {
  const key = (d: Date, roundUp: boolean) => {
    const cal = parisCalendar(d);
    const atMidnight = parisMidnightUtc(cal.dateKey).getTime() === d.getTime();
    return roundUp && !atMidnight ? parisCalendar(new Date(d.getTime() + 86_400_000)).dateKey : cal.dateKey;
  };
  return [key(sel.from, true), key(sel.to, true)];
}

// SQLite hands instants back as the ISO strings they were written as; PostgreSQL as Dates.
const STORED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function periodKey(row: { period: string | Date | number }, granularity: Granularity): PeriodKey {
  if (granularity === 'day') return Number(row.period);
  const p = row.period;
  return typeof p === 'string' && STORED_ISO.test(p) ? p : (toDate(p as string | Date) as Date).toISOString();
}

// A year of days asks for the same 365 midnights for every region: compute each once.
const midnights = new Map<number, Date>();

function parisMidnight(dateKey: number): Date {
  let midnight = midnights.get(dateKey);
  if (!midnight) {
    midnight = parisMidnightUtc(dateKey);
    if (midnights.size > 20_000) midnights.clear();
    midnights.set(dateKey, midnight);
  }
  return midnight;
}

function periodStart(key: PeriodKey, granularity: Granularity): Date {
  return granularity === 'day' ? parisMidnight(key as number) : new Date(key as string);
}

async function productionBySource(
  db: Knex,
  sel: SeriesSelection,
  regions: string[],
  first: PeriodKey,
  last: PeriodKey,
): Promise<Map<string, Record<string, number | null>>> {
  const [table, column, value] =
    sel.granularity === '15min'
      ? ['fact_energy_flow', 'ts_utc', 'mw']
      : sel.granularity === 'hour'
        ? ['agg_energy_flow_hourly', 'hour_utc', 'avg_mw']
        : ['agg_energy_flow_daily', 'date_key', 'avg_mw'];
  const query = db(table)
    .whereIn('region_code', regions)
    .andWhere(column, '>=', first)
    .andWhere(column, '<=', last)
    .select('region_code', `${column} as period`, 'source_code', `${value} as mw`);
  if (sel.sources) query.whereIn('source_code', sel.sources);
  const bySlot = new Map<string, Record<string, number | null>>();
  for (const row of await query) {
    const slot = `${row.region_code}|${periodKey(row, sel.granularity)}`;
    let sources = bySlot.get(slot);
    if (!sources) bySlot.set(slot, (sources = {}));
    sources[row.source_code as string] = num(row.mw);
  }
  return bySlot;
}

/**
 * One page of the series. The total is counted on the first page and carried in the cursor, so
 * later pages cost one query each.
 */
export async function regionalSeriesPage(
  db: Knex,
  sel: SeriesSelection,
  page: { limit: number; cursor?: string },
  options: { withProduction: boolean },
): Promise<SeriesPage> {
  let total: number | undefined;
  let after: (string | number)[] | undefined;
  if (page.cursor) {
    const [t, region, period] = decodeCursor(page.cursor, 3);
    const validPeriod =
      sel.granularity === 'day'
        ? Number.isInteger(period) && (period as number) > 19_000_000 && (period as number) < 30_000_000
        : typeof period === 'string' &&
          !Number.isNaN(Date.parse(period)) &&
          /^\d{4}-\d{2}-\d{2}T/.test(period);
    if (!Number.isInteger(t) || (t as number) < 0 || !FEED_REGIONS.includes(String(region)) || !validPeriod) {
      throw new QueryInputError('`cursor` is not a cursor returned by this API for this granularity');
    }
    total = t as number;
    after = [region as string, period as string | number];
  }
  const query = balanceQuery(db, sel).orderBy([{ column: 'region_code' }, { column: 'period' }]);
  if (after) afterKey(query, ['region_code', 'period'], after);
  const [rows, counted] = await Promise.all([
    query.clone().limit(page.limit + 1) as Promise<PeriodRow[]>,
    total === undefined ? db.from(balanceQuery(db, sel).as('s')).count({ n: '*' }) : undefined,
  ]);
  total ??= Number(counted?.[0]?.n ?? 0);

  const pageRows = rows.slice(0, page.limit);
  const items: SeriesItem[] = pageRows.map((r) => ({
    regionCode: r.region_code,
    periodStart: periodStart(periodKey(r, sel.granularity), sel.granularity),
    quarterHours: Number(r.quarter_hours),
    consumptionMw: num(r.consumption_mw),
    productionMw: num(r.production_mw),
    netExchangeMw: num(r.net_exchange_mw),
    carbonIntensity: num(r.carbon_intensity_g_per_kwh),
    renewableSharePct: num(r.renewable_share_pct),
    lowCarbonSharePct: num(r.low_carbon_share_pct),
  }));

  if (options.withProduction && pageRows.length) {
    const keys = pageRows.map((r) => periodKey(r, sel.granularity));
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const regions = [...new Set(pageRows.map((r) => r.region_code))];
    const bySlot = await productionBySource(db, sel, regions, sorted[0]!, sorted.at(-1)!);
    items.forEach((item, i) => {
      item.productionBySource = bySlot.get(`${item.regionCode}|${keys[i]}`) ?? {};
    });
  }

  const last = pageRows.at(-1);
  const nextCursor =
    rows.length > page.limit && last
      ? encodeCursor([total, last.region_code, periodKey(last, sel.granularity)])
      : null;
  return { items, total, nextCursor };
}
