import pl from 'nodejs-polars';
import type { CalendarCache } from '../../gold/dim-date';
import { mixIndicators } from '../../../lib/domain/carbon';
import type { ParisCalendar } from '../../../lib/domain/paris-time';
import { PRODUCTION_SOURCES } from '../../../lib/domain/sources';
import type { UpsertColumns, UpsertSpec } from '../../../lib/upsert';
import { columnValues as column, epochMilliseconds } from '../../../lib/polars-columns';
import { loadFactorPct } from '../reference-data/capacity-gold';

/**
 * How Silver rows of eco2mix_regional become Gold rows: the wide rows (one per region x
 * quarter-hour) give `fact_regional_balance`, the production rows (one per region x source x
 * quarter-hour, unpivoted in Silver) give `fact_energy_flow`, both upserted on their natural keys
 * so a repeated load rewrites nothing (lib/upsert.ts).
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
export function stacked(frames: pl.DataFrame[]): pl.DataFrame | undefined {
  const nonEmpty = frames.filter((f) => f.height > 0);
  if (!nonEmpty.length) return undefined;
  return nonEmpty.length === 1 ? nonEmpty[0]! : pl.concat(nonEmpty, { how: 'diagonal' });
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export interface Instant {
  iso: string;
  cal: ParisCalendar;
}

/** The stored form and Paris calendar of each instant, computed once per instant of a load. */
export function instantCache(calendars: CalendarCache): (ms: number) => Instant {
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

/** `fact_regional_balance` columns from the wide Silver rows. */
export function balanceColumns(
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
export function flowColumns(
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
