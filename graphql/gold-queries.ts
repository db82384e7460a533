import type { Knex } from 'knex';
import type { Page } from './connection';
import { QueryInputError } from './errors';

/**
 * Read-only queries on Gold, shared by GraphQL and the REST routes. List queries take an optional
 * keyset page (`after` = the sort key of the last row seen) and then return up to `limit + 1` rows,
 * the extra one telling the caller that a next page exists.
 */

export { QueryInputError };

export const MAX_RANGE_DAYS = 31;

/** Keyset condition `(k1, k2, …) > (v1, v2, …)` written out, as SQL Server has no row values. */
export function afterKey(
  query: Knex.QueryBuilder,
  columns: string[],
  values: (string | number)[],
  desc = false,
) {
  const op = desc ? '<' : '>';
  query.where((outer) => {
    columns.forEach((_, i) => {
      outer.orWhere((inner) => {
        for (let j = 0; j < i; j++) inner.where(columns[j] as string, values[j] as string | number);
        inner.where(columns[i] as string, op, values[i] as string | number);
      });
    });
  });
}

/** Keyset page: rows after the cursor's key, then `limit + 1` rows (the extra one says a next page exists). */
export function paged(query: Knex.QueryBuilder, columns: string[], page?: Page, desc = false) {
  if (!page) return;
  if (page.after) afterKey(query, columns, page.after, desc);
  query.limit(page.limit + 1);
}

export interface TimeRange {
  from: Date;
  to: Date;
}

export function checkRange({ from, to }: TimeRange): void {
  if (!(from < to)) throw new QueryInputError('`from` must be before `to`');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new QueryInputError(`the range may span at most ${MAX_RANGE_DAYS} days`);
  }
}

/** Timestamps are stored as UTC ISO strings on SQLite and timestamptz on PostgreSQL. */
export function toDate(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
}

export async function listRegions(db: Knex) {
  const rows = await db('dim_region').select('*').orderBy('region_code');
  return rows.map((r) => ({
    code: r.region_code as string,
    name: r.name as string,
    inRegionalFeed: Boolean(r.in_regional_feed),
    firstSeenAt: toDate(r.first_seen_at),
    lastSeenAt: toDate(r.last_seen_at),
  }));
}

export async function regionalProduction(
  db: Knex,
  regionCode: string,
  range: TimeRange,
  sourceCode?: string,
  page?: Page,
) {
  checkRange(range);
  const query = db('fact_energy_flow as f')
    .join('dim_source as s', 's.source_code', 'f.source_code')
    .where('f.region_code', regionCode)
    .andWhere('f.ts_utc', '>=', range.from.toISOString())
    .andWhere('f.ts_utc', '<', range.to.toISOString())
    .select(
      'f.region_code',
      'f.ts_utc',
      'f.source_code',
      's.label',
      'f.mw',
      'f.coverage_rate_pct',
      'f.load_factor_pct',
    )
    .orderBy([{ column: 'f.ts_utc' }, { column: 'f.source_code' }]);
  if (sourceCode) query.andWhere('f.source_code', sourceCode);
  paged(query, ['f.ts_utc', 'f.source_code'], page);
  const rows = await query;
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    timestamp: toDate(r.ts_utc) as Date,
    sourceCode: r.source_code as string,
    sourceLabel: r.label as string,
    mw: r.mw as number | null,
    coverageRatePct: r.coverage_rate_pct as number | null,
    loadFactorPct: r.load_factor_pct as number | null,
  }));
}

export async function regionalBalance(db: Knex, regionCode: string, range: TimeRange, page?: Page) {
  checkRange(range);
  const query = db('fact_regional_balance')
    .where('region_code', regionCode)
    .andWhere('ts_utc', '>=', range.from.toISOString())
    .andWhere('ts_utc', '<', range.to.toISOString())
    .orderBy('ts_utc');
  paged(query, ['ts_utc'], page);
  const rows = await query;
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    timestamp: toDate(r.ts_utc) as Date,
    consumptionMw: r.consumption_mw as number | null,
    productionMw: r.production_mw as number | null,
    netExchangeMw: r.net_exchange_mw as number | null,
    carbonIntensity: r.carbon_intensity_g_per_kwh as number | null,
    renewableSharePct: r.renewable_share_pct as number | null,
    lowCarbonSharePct: r.low_carbon_share_pct as number | null,
  }));
}

export interface AuditFilter {
  source?: string;
  step?: string;
  status?: string;
  workflowId?: string;
  from?: Date;
  to?: Date;
}

export async function auditLog(db: Knex, filter: AuditFilter, page: Page) {
  if (filter.from && filter.to && !(filter.from < filter.to))
    throw new QueryInputError('`from` must be before `to`');
  const query = db('ingestion_audit').orderBy('id', 'desc');
  paged(query, ['id'], page, true);
  if (filter.source) query.where('source', filter.source);
  if (filter.step) query.where('step', filter.step);
  if (filter.status) query.where('status', filter.status);
  if (filter.workflowId) query.where('workflow_id', filter.workflowId);
  if (filter.from) query.where('at', '>=', filter.from.toISOString());
  if (filter.to) query.where('at', '<', filter.to.toISOString());
  const rows = await query;
  return rows.map((r) => ({
    id: r.id as number,
    workflowId: r.workflow_id as string,
    runId: r.run_id as string,
    workflowType: r.workflow_type as string,
    step: r.step as string,
    source: r.source as string,
    status: r.status as string,
    attempt: r.attempt as number,
    rows: r.rows as number | null,
    bytes: r.bytes === null ? null : Number(r.bytes),
    durationMs: r.duration_ms as number | null,
    error: r.error as string | null,
    at: toDate(r.at) as Date,
  }));
}

export async function qualityResults(db: Knex, filter: { dataset?: string; outcome?: string }, page: Page) {
  if (filter.outcome && !['pass', 'fail'].includes(filter.outcome))
    throw new QueryInputError('outcome is pass or fail');
  const query = db('quality_results').orderBy('id', 'desc');
  paged(query, ['id'], page, true);
  if (filter.dataset) query.where({ dataset: filter.dataset });
  if (filter.outcome) query.where({ outcome: filter.outcome });
  const rows = await query;
  return rows.map((r) => ({
    id: r.id as number,
    gate: r.gate as string,
    dataset: r.dataset as string,
    windowStart: toDate(r.window_start) as Date,
    windowEnd: toDate(r.window_end) as Date,
    severity: r.severity as string,
    observed: r.observed as number | null,
    threshold: r.threshold as string,
    outcome: r.outcome as string,
    description: r.description as string,
    workflowId: r.workflow_id as string,
    checkedAt: toDate(r.checked_at) as Date,
  }));
}

export const MAX_HOURLY_RANGE_DAYS = 93;

/** Hourly rollup rows of one region for the UTC hours starting in [from, to). */
export async function hourlyEnergy(db: Knex, regionCode: string, range: TimeRange, page?: Page) {
  if (!(range.from < range.to)) throw new QueryInputError('`from` must be before `to`');
  if (range.to.getTime() - range.from.getTime() > MAX_HOURLY_RANGE_DAYS * 86_400_000) {
    throw new QueryInputError(`the range may span at most ${MAX_HOURLY_RANGE_DAYS} days`);
  }
  const query = db('agg_energy_flow_hourly')
    .where('region_code', regionCode)
    .andWhere('hour_utc', '>=', range.from.toISOString())
    .andWhere('hour_utc', '<', range.to.toISOString())
    .orderBy([{ column: 'hour_utc' }, { column: 'source_code' }]);
  paged(query, ['hour_utc', 'source_code'], page);
  const rows = await query;
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    hour: toDate(r.hour_utc) as Date,
    sourceCode: r.source_code as string,
    energyMwh: r.energy_mwh as number | null,
    avgMw: r.avg_mw as number | null,
    maxMw: r.max_mw as number | null,
    quarterHours: Number(r.quarter_hours),
  }));
}

/** fact_weather rows of one region for the UTC hours starting in [from, to). */
export async function weather(db: Knex, regionCode: string, range: TimeRange, page?: Page) {
  if (!(range.from < range.to)) throw new QueryInputError('`from` must be before `to`');
  if (range.to.getTime() - range.from.getTime() > MAX_HOURLY_RANGE_DAYS * 86_400_000) {
    throw new QueryInputError(`the range may span at most ${MAX_HOURLY_RANGE_DAYS} days`);
  }
  const query = db('fact_weather')
    .where('region_code', regionCode)
    .andWhere('hour_utc', '>=', range.from.toISOString())
    .andWhere('hour_utc', '<', range.to.toISOString())
    .orderBy('hour_utc');
  paged(query, ['hour_utc'], page);
  const rows = await query;
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    hour: toDate(r.hour_utc) as Date,
    temperatureC: r.temperature_c as number | null,
    windSpeedMs: r.wind_speed_ms as number | null,
    solarIrradianceWm2: r.solar_irradiance_wm2 as number | null,
    precipitationMm: r.precipitation_mm as number | null,
    cloudCoverPct: r.cloud_cover_pct as number | null,
    gridPoints: Number(r.grid_points),
  }));
}

export const MAX_DAILY_RANGE_DAYS = 400;

/** Daily energy per source from the rollup; dates are Paris calendar days, `to` inclusive. */
export async function dailyEnergy(db: Knex, regionCode: string, from: string, to: string, page?: Page) {
  const key = (d: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d))
      throw new QueryInputError(`dates are YYYY-MM-DD, got ${JSON.stringify(d)}`);
    return Number(d.replace(/-/g, ''));
  };
  const [fromKey, toKey] = [key(from), key(to)];
  if (fromKey > toKey) throw new QueryInputError('`from` must not be after `to`');
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_DAILY_RANGE_DAYS) {
    throw new QueryInputError(`the range may span at most ${MAX_DAILY_RANGE_DAYS} days`);
  }
  const query = db('agg_energy_flow_daily as a')
    .join('dim_date as d', 'd.date_key', 'a.date_key')
    .where('a.region_code', regionCode)
    .whereBetween('a.date_key', [fromKey, toKey])
    .select(
      'a.region_code',
      'a.date_key',
      'd.calendar_date',
      'a.source_code',
      'a.energy_mwh',
      'a.avg_mw',
      'a.max_mw',
      'a.quarter_hours',
    )
    .orderBy([{ column: 'a.date_key' }, { column: 'a.source_code' }]);
  paged(query, ['a.date_key', 'a.source_code'], page);
  const rows = await query;
  return rows.map((r) => ({
    regionCode: r.region_code as string,
    date: dateKeyToIso(r.calendar_date),
    sourceCode: r.source_code as string,
    energyMwh: r.energy_mwh as number | null,
    avgMw: r.avg_mw as number | null,
    maxMw: r.max_mw as number | null,
    quarterHours: r.quarter_hours as number,
  }));
}

/** SQLite returns the stored 'YYYY-MM-DD'; PostgreSQL a Date at local midnight of that day. */
function dateKeyToIso(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

export const MAX_MAINTENANCE_RANGE_DAYS = 400;

/** Events overlapping [from, to): maintenance is planned months ahead, hence the longer range. */
export async function maintenanceEvents(db: Knex, range: TimeRange, regionCode?: string, page?: Page) {
  if (!(range.from < range.to)) throw new QueryInputError('`from` must be before `to`');
  if (range.to.getTime() - range.from.getTime() > MAX_MAINTENANCE_RANGE_DAYS * 86_400_000) {
    throw new QueryInputError(`the range may span at most ${MAX_MAINTENANCE_RANGE_DAYS} days`);
  }
  const query = db('fact_maintenance_event')
    .where('start_utc', '<', range.to.toISOString())
    .andWhere('end_utc', '>', range.from.toISOString())
    .orderBy([{ column: 'start_utc' }, { column: 'event_id' }]);
  if (regionCode) query.andWhere('region_code', regionCode);
  paged(query, ['start_utc', 'event_id'], page);
  const rows = await query;
  return rows.map((r) => ({
    eventId: r.event_id as string,
    unit: r.unit as string,
    zone: r.zone as string,
    regionCode: r.region_code as string | null,
    type: r.event_type as string,
    start: toDate(r.start_utc) as Date,
    end: toDate(r.end_utc) as Date,
    unavailableMw: r.unavailable_mw as number,
    description: r.description as string | null,
    firstSeenAt: toDate(r.first_seen_at) as Date,
    lastSeenAt: toDate(r.last_seen_at) as Date,
  }));
}
