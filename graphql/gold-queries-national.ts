import type { Knex } from 'knex';
import type { Page } from './connection';
import { afterKey, checkRange, QueryInputError, toDate, type TimeRange } from './gold-queries';
import { NATIONAL_SOURCES } from '../lib/domain/sources';
import { NATIONAL_COMPONENT_SOURCES, NATIONAL_EXCHANGE_BORDERS } from '../lib/domain/national-feed';

/**
 * Read-only queries on the national eCO2mix facts (metropolitan France, per quarter-hour). Every
 * range is [from, to) on the UTC instant and spans at most MAX_RANGE_DAYS (31) days, as the
 * regional facts; lists are keyset-paged on their primary key, which is also their sort order.
 */

/** Keyset page: rows after the cursor, then `limit + 1` rows (the extra one says a next page exists). */
export function keysetPage(query: Knex.QueryBuilder, columns: string[], page?: Page): void {
  if (!page) return;
  if (page.after) afterKey(query, columns, page.after);
  query.limit(page.limit + 1);
}

function oneOf(
  name: string,
  value: string | null | undefined,
  allowed: readonly string[],
): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new QueryInputError(
      `unknown ${name} ${JSON.stringify(value.slice(0, 60))}; expected one of: ${allowed.join(', ')}`,
    );
  }
  return value;
}

export const NATIONAL_SOURCE_CODES = NATIONAL_SOURCES.map((s) => s.code);
export const NATIONAL_COMPONENT_CODES = Object.keys(NATIONAL_COMPONENT_SOURCES);
export { NATIONAL_EXCHANGE_BORDERS };

const inRange = (query: Knex.QueryBuilder, column: string, range: TimeRange) =>
  query.andWhere(column, '>=', range.from.toISOString()).andWhere(column, '<', range.to.toISOString());

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function nationalBalance(db: Knex, range: TimeRange, page?: Page) {
  checkRange(range);
  const query = db('fact_national_balance').orderBy('ts_utc');
  inRange(query, 'ts_utc', range);
  keysetPage(query, ['ts_utc'], page);
  const rows = await query;
  return rows.map((r) => ({
    timestamp: toDate(r.ts_utc) as Date,
    consumptionMw: num(r.consumption_mw),
    forecastDMw: num(r.forecast_d_mw),
    forecastD1Mw: num(r.forecast_d1_mw),
    productionMw: num(r.production_mw),
    netExchangeMw: num(r.net_exchange_mw),
    carbonIntensity: num(r.carbon_intensity_g_per_kwh),
    rteCarbonIntensity: num(r.rte_taux_co2_g_per_kwh),
    renewableSharePct: num(r.renewable_share_pct),
    lowCarbonSharePct: num(r.low_carbon_share_pct),
    nature: (r.nature ?? null) as string | null,
  }));
}

export async function nationalProduction(
  db: Knex,
  range: TimeRange,
  sourceCode?: string | null,
  page?: Page,
) {
  checkRange(range);
  const source = oneOf('sourceCode', sourceCode, NATIONAL_SOURCE_CODES);
  const query = db('fact_national_flow as f')
    .join('dim_source as s', 's.source_code', 'f.source_code')
    .select('f.ts_utc', 'f.source_code', 's.label', 's.category', 'f.mw')
    .orderBy([{ column: 'f.ts_utc' }, { column: 'f.source_code' }]);
  inRange(query, 'f.ts_utc', range);
  if (source) query.andWhere('f.source_code', source);
  keysetPage(query, ['f.ts_utc', 'f.source_code'], page);
  const rows = await query;
  return rows.map((r) => ({
    timestamp: toDate(r.ts_utc) as Date,
    sourceCode: r.source_code as string,
    sourceLabel: r.label as string,
    category: r.category as string,
    mw: num(r.mw),
  }));
}

export async function nationalBreakdown(
  db: Knex,
  range: TimeRange,
  filter: { sourceCode?: string | null; componentCode?: string | null },
  page?: Page,
) {
  checkRange(range);
  const sources = [...new Set(Object.values(NATIONAL_COMPONENT_SOURCES))];
  const source = oneOf('sourceCode', filter.sourceCode, sources);
  const component = oneOf('componentCode', filter.componentCode, NATIONAL_COMPONENT_CODES);
  const query = db('fact_national_breakdown')
    .select('ts_utc', 'component_code', 'source_code', 'mw')
    .orderBy([{ column: 'ts_utc' }, { column: 'component_code' }]);
  inRange(query, 'ts_utc', range);
  if (source) query.andWhere('source_code', source);
  if (component) query.andWhere('component_code', component);
  keysetPage(query, ['ts_utc', 'component_code'], page);
  const rows = await query;
  return rows.map((r) => ({
    timestamp: toDate(r.ts_utc) as Date,
    componentCode: r.component_code as string,
    sourceCode: r.source_code as string,
    mw: num(r.mw),
  }));
}

export async function nationalExchanges(db: Knex, range: TimeRange, border?: string | null, page?: Page) {
  checkRange(range);
  const code = oneOf('border', border, NATIONAL_EXCHANGE_BORDERS);
  const query = db('fact_national_exchange')
    .select('ts_utc', 'border_code', 'commercial_mw')
    .orderBy([{ column: 'ts_utc' }, { column: 'border_code' }]);
  inRange(query, 'ts_utc', range);
  if (code) query.andWhere('border_code', code);
  keysetPage(query, ['ts_utc', 'border_code'], page);
  const rows = await query;
  return rows.map((r) => ({
    timestamp: toDate(r.ts_utc) as Date,
    border: r.border_code as string,
    commercialMw: num(r.commercial_mw),
  }));
}
