import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import type { Knex } from 'knex';
import { parisCalendar } from '../../lib/domain/paris-time';
import { findRegion } from '../../lib/domain/regions';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import type { CsvQuery } from './params';
import { parisLocalText, utcText } from './paris-local';
import { regionalSeriesPage, seriesSelection, type SeriesItem } from './regional-series';

/**
 * The regional production series as a CSV a French Excel opens as it is: UTF-8 with a BOM (or
 * accents break), `;` between cells (`,` is the decimal mark), CRLF, decimal comma by default,
 * Paris wall-clock time beside UTC. Text cells that a spreadsheet would run as a formula are
 * prefixed with an apostrophe (OWASP CSV injection); numbers are ours and stay numbers.
 * Streamed page by page, so a year of quarter-hours never sits in memory.
 */

const EXPORT_PAGE = 5_000;
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function formatNumber(value: number, decimal: 'comma' | 'point'): string {
  const text = String(Math.round(value * 1000) / 1000);
  return decimal === 'comma' ? text.replace('.', ',') : text;
}

function columns(sources: string[]) {
  return [
    { key: 'region_code', header: 'region_code' },
    { key: 'region_name', header: 'region_name' },
    { key: 'utc', header: 'period_start_utc' },
    { key: 'paris', header: 'period_start_europe_paris' },
    { key: 'quarter_hours', header: 'quarter_hours' },
    { key: 'consumption_mw', header: 'consumption_mw' },
    { key: 'production_total_mw', header: 'production_total_mw' },
    { key: 'net_exchange_mw', header: 'net_exchange_mw' },
    { key: 'carbon_intensity', header: 'carbon_intensity_g_per_kwh' },
    { key: 'renewable_share_pct', header: 'renewable_share_pct' },
    { key: 'low_carbon_share_pct', header: 'low_carbon_share_pct' },
    ...sources.map((s) => ({ key: `src_${s}`, header: `${s}_mw` })),
  ];
}

function record(item: SeriesItem, sources: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {
    region_code: item.regionCode,
    region_name: findRegion(item.regionCode)?.name ?? '',
    utc: utcText(item.periodStart),
    paris: parisLocalText(item.periodStart),
    quarter_hours: item.quarterHours,
    consumption_mw: item.consumptionMw,
    production_total_mw: item.productionMw,
    net_exchange_mw: item.netExchangeMw,
    carbon_intensity: item.carbonIntensity,
    renewable_share_pct: item.renewableSharePct,
    low_carbon_share_pct: item.lowCarbonSharePct,
  };
  for (const s of sources) row[`src_${s}`] = item.productionBySource?.[s] ?? null;
  return row;
}

export function exportFileName(q: CsvQuery): string {
  // Paris dates, as a user in France names the days they asked for.
  const day = (d: Date) => parisCalendar(d).calendarDate;
  return `regional-production_${q.region_code ?? 'all'}_${day(q.from)}_${day(q.to)}_${q.granularity}.csv`;
}

export async function streamRegionalCsv(
  db: Knex,
  q: CsvQuery,
  res: Response,
  pageSize = EXPORT_PAGE,
): Promise<void> {
  const sources = q.source ?? PRODUCTION_SOURCES.map((s) => s.code);
  const selection = { ...seriesSelection(q), sources };
  // The first page is read before any byte is sent, so a failing query still gets a JSON error.
  const first = await regionalSeriesPage(db, selection, { limit: pageSize }, { withProduction: true });

  async function* records() {
    let page = first;
    for (;;) {
      for (const item of page.items) yield record(item, sources);
      if (!page.nextCursor) return;
      page = await regionalSeriesPage(
        db,
        selection,
        { limit: pageSize, cursor: page.nextCursor },
        { withProduction: true },
      );
    }
  }

  res.status(200);
  res.set('content-type', 'text/csv; charset=utf-8');
  res.set('content-disposition', `attachment; filename="${exportFileName(q)}"`);
  res.set('x-total-count', String(first.total));
  await pipeline(
    Readable.from(records()),
    stringify({
      bom: true,
      header: true,
      delimiter: ';',
      record_delimiter: 'windows',
      columns: columns(sources),
      cast: {
        number: (value) => formatNumber(value, q.decimal),
        string: (value) => neutralise(value),
      },
    }),
    res,
  );
}
