import type { Knex } from 'knex';
import type { Page } from './connection';
import { QueryInputError, toDate, type TimeRange } from './gold-queries';
import { keysetPage } from './gold-queries-national';
import { findRegion } from '../lib/domain/regions';

/**
 * Read-only queries that cross the regional feed with the reference data: demographics of
 * dim_region (population, area), energy per inhabitant and per km² over a range, installed
 * capacity per source and year, and load factors per source over a range.
 */

/**
 * Per-capita figures are aggregates over fact_regional_balance: a whole year may be asked for,
 * since one query serves every region (timings: bench/README.md, "Query range limits").
 */
export const MAX_AGGREGATE_RANGE_DAYS = 366;
/**
 * Load factors read fact_energy_flow (9 rows per quarter-hour), so a call covers a quarter at
 * most and a year is four calls; energy and capacity hours add up across calls (timings:
 * bench/README.md, "Query range limits").
 */
export const MAX_LOAD_FACTOR_RANGE_DAYS = 93;
const QUARTER_HOUR_MS = 15 * 60_000;

export function checkAggregateRange({ from, to }: TimeRange, maxDays = MAX_AGGREGATE_RANGE_DAYS): void {
  if (!(from < to)) throw new QueryInputError('`from` must be before `to`');
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) {
    throw new QueryInputError(`the range may span at most ${maxDays} days`);
  }
}

export function checkRegionCode(code: string): string {
  if (!findRegion(code)) {
    throw new QueryInputError(
      `unknown regionCode ${JSON.stringify(code.slice(0, 20))}: an INSEE region code such as "75"`,
    );
  }
  return code;
}

/** Quarter-hour instants t with from <= t < to (the rows a complete feed would hold). */
export function expectedQuarterHours({ from, to }: TimeRange): number {
  return Math.ceil(to.getTime() / QUARTER_HOUR_MS) - Math.ceil(from.getTime() / QUARTER_HOUR_MS);
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface RegionDemographics {
  regionCode: string;
  population: number | null;
  populationYear: number | null;
  areaKm2: number | null;
  areaSource: string | null;
}

/** Demographics of the given regions, one query whatever their number. */
export async function regionDemographics(db: Knex, codes: readonly string[]): Promise<RegionDemographics[]> {
  const rows = await db('dim_region')
    .whereIn('region_code', [...codes])
    .select('region_code', 'population', 'population_year', 'area_km2', 'area_source');
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    // bigint: PostgreSQL answers a string
    population: num(r.population),
    populationYear: num(r.population_year),
    areaKm2: num(r.area_km2),
    areaSource: (r.area_source ?? null) as string | null,
  }));
}

export interface RegionBalanceTotals {
  regionCode: string;
  /** Quarter-hours of fact_regional_balance in the range. */
  quarterHours: number;
  consumptionQuarterHours: number;
  productionQuarterHours: number;
  /** Sums of the quarter-hour powers, MW (energy is this x 0.25 h). */
  consumptionMwSum: number | null;
  productionMwSum: number | null;
}

/**
 * Consumption and production summed over [from, to) for the given regions, from
 * fact_regional_balance (its primary key is region x instant, so each region is a range seek).
 * One query whatever the number of regions; regions without a row in the range are absent.
 */
export async function regionBalanceTotals(
  db: Knex,
  codes: readonly string[],
  range: TimeRange,
): Promise<RegionBalanceTotals[]> {
  checkAggregateRange(range);
  const rows = (await db('fact_regional_balance')
    .whereIn('region_code', [...codes])
    .andWhere('ts_utc', '>=', range.from.toISOString())
    .andWhere('ts_utc', '<', range.to.toISOString())
    .groupBy('region_code')
    .select('region_code')
    .count({ n: '*' })
    .count({ n_consumption: 'consumption_mw' })
    .count({ n_production: 'production_mw' })
    .sum({ consumption: 'consumption_mw' })
    .sum({ production: 'production_mw' })) as Record<string, unknown>[];
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    quarterHours: Number(r.n),
    consumptionQuarterHours: Number(r.n_consumption),
    productionQuarterHours: Number(r.n_production),
    consumptionMwSum: num(r.consumption),
    productionMwSum: num(r.production),
  }));
}

export interface PerCapita {
  regionCode: string;
  from: Date;
  to: Date;
  population: number | null;
  populationYear: number | null;
  areaKm2: number | null;
  quarterHours: number;
  expectedQuarterHours: number;
  consumptionMwh: number | null;
  productionMwh: number | null;
  consumptionKwhPerInhabitant: number | null;
  productionKwhPerInhabitant: number | null;
  meanConsumptionWPerInhabitant: number | null;
  meanProductionWPerInhabitant: number | null;
  consumptionMwhPerKm2: number | null;
  productionMwhPerKm2: number | null;
  meanConsumptionKwPerKm2: number | null;
  meanProductionKwPerKm2: number | null;
}

/**
 * Energy per inhabitant and per km² (docs/api-gold.md): energy is the sum over the quarter-hours
 * with a value of MW x 0.25 h; mean power is that sum over the same quarter-hours, so a gap in the
 * feed lowers the energy but not the mean. Null where the divisor (population, area) is unknown.
 */
export function perCapita(
  regionCode: string,
  range: TimeRange,
  demographics: RegionDemographics | undefined,
  totals: RegionBalanceTotals | undefined,
): PerCapita {
  const population = demographics?.population ?? null;
  const area = demographics?.areaKm2 ?? null;
  const energy = (sum: number | null | undefined) => (sum === null || sum === undefined ? null : sum * 0.25);
  const mean = (sum: number | null | undefined, n: number | undefined) =>
    sum === null || sum === undefined || !n ? null : sum / n;
  const per = (value: number | null, divisor: number | null, scale: number) =>
    value === null || divisor === null || !(divisor > 0) ? null : (value * scale) / divisor;
  const consumptionMwh = energy(totals?.consumptionMwSum);
  const productionMwh = energy(totals?.productionMwSum);
  const meanConsumptionMw = mean(totals?.consumptionMwSum, totals?.consumptionQuarterHours);
  const meanProductionMw = mean(totals?.productionMwSum, totals?.productionQuarterHours);
  return {
    regionCode,
    from: range.from,
    to: range.to,
    population,
    populationYear: demographics?.populationYear ?? null,
    areaKm2: area,
    quarterHours: totals?.quarterHours ?? 0,
    expectedQuarterHours: expectedQuarterHours(range),
    consumptionMwh,
    productionMwh,
    consumptionKwhPerInhabitant: per(consumptionMwh, population, 1000),
    productionKwhPerInhabitant: per(productionMwh, population, 1000),
    meanConsumptionWPerInhabitant: per(meanConsumptionMw, population, 1e6),
    meanProductionWPerInhabitant: per(meanProductionMw, population, 1e6),
    consumptionMwhPerKm2: per(consumptionMwh, area, 1),
    productionMwhPerKm2: per(productionMwh, area, 1),
    meanConsumptionKwPerKm2: per(meanConsumptionMw, area, 1000),
    meanProductionKwPerKm2: per(meanProductionMw, area, 1000),
  };
}

export async function installedCapacity(
  db: Knex,
  filter: { regionCode?: string | null; year?: number | null },
  page?: Page,
) {
  if (filter.regionCode !== null && filter.regionCode !== undefined) checkRegionCode(filter.regionCode);
  if (filter.year !== null && filter.year !== undefined) {
    if (!Number.isInteger(filter.year) || filter.year < 1900 || filter.year > 2100)
      throw new QueryInputError('`year` must be a year between 1900 and 2100');
  }
  const query = db('fact_installed_capacity as c')
    .join('dim_source as s', 's.source_code', 'c.source_code')
    .select(
      'c.region_code',
      'c.source_code',
      's.label',
      'c.year',
      'c.capacity_mw',
      'c.installations',
      'c.loaded_at',
    )
    .orderBy([{ column: 'c.year' }, { column: 'c.region_code' }, { column: 'c.source_code' }]);
  if (filter.regionCode) query.andWhere('c.region_code', filter.regionCode);
  if (filter.year !== null && filter.year !== undefined) query.andWhere('c.year', filter.year);
  keysetPage(query, ['c.year', 'c.region_code', 'c.source_code'], page);
  const rows = await query;
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    sourceCode: r.source_code as string,
    sourceLabel: r.label as string,
    year: Number(r.year),
    capacityMw: Number(r.capacity_mw),
    installations: num(r.installations),
    loadedAt: toDate(r.loaded_at) as Date,
  }));
}

export interface LoadFactor {
  regionCode: string;
  sourceCode: string;
  sourceLabel: string;
  from: Date;
  to: Date;
  quarterHours: number;
  energyMwh: number | null;
  meanMw: number | null;
  meanLoadFactorPct: number | null;
  loadFactorQuarterHours: number;
  capacityMw: number | null;
  capacityYear: number | null;
  energyLoadFactorPct: number | null;
}

/**
 * Load factor per source of one region over [from, to), two ways (docs/api-gold.md):
 * `meanLoadFactorPct` is the mean of fact_energy_flow.load_factor_pct (RTE's TCH as published,
 * or 100 x MW / installed MW where the feed gave none) over the quarter-hours that have one;
 * `energyLoadFactorPct` is 100 x energy / (installed MW x hours with a value), with the installed
 * capacity of each quarter-hour's Paris year from fact_installed_capacity (that year, else the
 * latest before, as the loader does). Paged on the source code.
 */
export async function loadFactors(db: Knex, regionCode: string, range: TimeRange, page: Page) {
  checkRegionCode(regionCode);
  checkAggregateRange(range, MAX_LOAD_FACTOR_RANGE_DAYS);
  const groups = (await db('fact_energy_flow as f')
    .where('f.region_code', regionCode)
    .andWhere('f.ts_utc', '>=', range.from.toISOString())
    .andWhere('f.ts_utc', '<', range.to.toISOString())
    .modify((q) => {
      if (page.after) q.andWhere('f.source_code', '>', String(page.after[0]));
    })
    .groupByRaw('f.source_code, f.date_key / 10000')
    .select('f.source_code', db.raw('f.date_key / 10000 as year'))
    .count({ n_mw: 'f.mw' })
    .sum({ mw: 'f.mw' })
    .count({ n_lf: 'f.load_factor_pct' })
    .sum({ lf: 'f.load_factor_pct' })) as Record<string, unknown>[];
  if (!groups.length) return [];
  const years = groups.map((g) => Number(g.year));
  const [capacities, labels] = await Promise.all([
    db('fact_installed_capacity')
      .where('region_code', regionCode)
      .andWhere('year', '<=', Math.max(...years))
      .select('source_code', 'year', 'capacity_mw')
      .orderBy('year'),
    db('dim_source').select('source_code', 'label'),
  ]);
  const capacityOf = (source: string, year: number) => {
    let found: { year: number; mw: number } | undefined;
    for (const c of capacities) {
      if (c.source_code === source && Number(c.year) <= year)
        found = { year: Number(c.year), mw: Number(c.capacity_mw) };
    }
    return found;
  };
  const labelOf = new Map(labels.map((l) => [l.source_code as string, l.label as string]));

  const bySource = new Map<
    string,
    {
      n: number;
      mw: number | null;
      nLf: number;
      lf: number;
      capacityHours: number | null;
      capacityYear: number | null;
    }
  >();
  for (const g of groups) {
    const source = g.source_code as string;
    const n = Number(g.n_mw);
    const mw = num(g.mw);
    const acc = bySource.get(source) ?? {
      n: 0,
      mw: null,
      nLf: 0,
      lf: 0,
      capacityHours: 0,
      capacityYear: null,
    };
    acc.n += n;
    if (mw !== null) acc.mw = (acc.mw ?? 0) + mw;
    acc.nLf += Number(g.n_lf);
    acc.lf += num(g.lf) ?? 0;
    if (n > 0) {
      const capacity = capacityOf(source, Number(g.year));
      // A year with values but no capacity figure leaves the energy-based factor undefined.
      if (!capacity || !(capacity.mw > 0)) acc.capacityHours = null;
      else if (acc.capacityHours !== null) {
        acc.capacityHours += capacity.mw * n * 0.25;
        acc.capacityYear = Math.max(acc.capacityYear ?? capacity.year, capacity.year);
      }
    }
    bySource.set(source, acc);
  }
  const rows: LoadFactor[] = [...bySource.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([source, acc]) => {
      const energyMwh = acc.mw === null ? null : acc.mw * 0.25;
      const hours = acc.n * 0.25;
      return {
        regionCode,
        sourceCode: source,
        sourceLabel: labelOf.get(source) ?? source,
        from: range.from,
        to: range.to,
        quarterHours: acc.n,
        energyMwh,
        meanMw: acc.mw === null || !acc.n ? null : acc.mw / acc.n,
        meanLoadFactorPct: acc.nLf ? acc.lf / acc.nLf : null,
        loadFactorQuarterHours: acc.nLf,
        capacityMw: acc.capacityHours && hours ? acc.capacityHours / hours : null,
        capacityYear: acc.capacityHours ? acc.capacityYear : null,
        energyLoadFactorPct:
          energyMwh === null || !acc.capacityHours ? null : (100 * energyMwh) / acc.capacityHours,
      };
    });
  return rows.slice(0, page.limit + 1);
}
