import type { Knex } from 'knex';
import {
  countRows,
  inWindow,
  type DatasetDeclaration,
  type GateWindow,
  type QualityGate,
} from '../../quality';
import { freshnessGate, rangeGate, type RangeRule } from '../../gate-kinds';

/**
 * Gates of fact_weather (region x UTC hour means of the ERA5 grid points), over the hours a run
 * loaded. Silver already drops readings outside what Earth allows; these judge the regional means
 * against what French weather allows, and flag without changing a value.
 */

const HOUR_MS = 3_600_000;

// ERA5T trails real time by about 5 days; twice that means the extract we are pointed at stopped.
export const WEATHER_STALE_AFTER_DAYS = 10;

const weatherIn = (db: Knex, w: GateWindow) => inWindow(db('fact_weather'), w, 'hour_utc');

/** Every range is blocking: outside it the value is a unit or accumulation error, not weather. */
interface WeatherRange extends Pick<RangeRule, 'name' | 'column' | 'unit'> {
  min: number;
  max: number;
  /** Why a regional hourly mean outside min..max is certainly wrong. */
  why: string;
}

const RANGES: readonly WeatherRange[] = [
  {
    name: 'temperature_plausible',
    column: 'temperature_c',
    unit: '°C',
    // French point records are -41 °C (Mouthe, 1985) and 46 °C (2019); a regional mean cannot pass them.
    min: -45,
    max: 50,
    why: 'beyond the French point records, which a regional mean cannot pass',
  },
  {
    name: 'wind_speed_plausible',
    column: 'wind_speed_ms',
    unit: 'm/s',
    // The 1999 and 2009 storms gusted 40-55 m/s at points; a regional hourly mean above 40 m/s never happened.
    min: 0,
    max: 40,
    why: 'no storm on record gave a regional hourly mean 10 m wind above 40 m/s (km/h or knots read as m/s)',
  },
  {
    name: 'irradiance_plausible',
    column: 'solar_irradiance_wm2',
    unit: 'W/m²',
    // 1 361 W/m² is the solar constant at the top of the atmosphere: the surface cannot receive more.
    min: 0,
    max: 1_361,
    why: 'above the solar constant: an accumulation over more than the hour divided as if hourly',
  },
  {
    name: 'precipitation_plausible',
    column: 'precipitation_mm',
    unit: 'mm/h',
    // The worst Cévennes downpours reach about 100 mm in an hour at a point, never as a regional mean.
    min: 0,
    max: 100,
    why: 'negative, or a regional hourly mean no downpour reaches (metres read as millimetres)',
  },
  {
    name: 'cloud_cover_plausible',
    column: 'cloud_cover_pct',
    unit: '%',
    // A fraction of the sky: outside 0..100 % (plus float rounding) the unit is wrong.
    min: 0,
    max: 100.000001,
    why: 'a share of the sky cannot leave 0..100 %',
  },
];

export const WEATHER_GATES: readonly QualityGate[] = [
  ...RANGES.map(({ why, ...rule }) =>
    rangeGate({
      ...rule,
      severity: 'blocking',
      table: 'fact_weather',
      timeColumn: 'hour_utc',
      description: `regional hourly ${rule.column} within ${rule.min}..${Math.floor(rule.max)} ${rule.unit}: ${why}`,
    }),
  ),
  {
    name: 'weather_completeness',
    severity: 'warning',
    // A hole is a region whose every grid point was rejected that hour: the rest of the hour is sound.
    description: 'every hour of the window has a row for every region the window has',
    async check({ db }, w) {
      const hours = Math.round((Date.parse(w.to) - Date.parse(w.from)) / HOUR_MS);
      const [regions] = (await weatherIn(db, w).countDistinct({ n: 'region_code' })) as {
        n: number | string;
      }[];
      const expected = hours * Number(regions?.n ?? 0);
      const rows = await countRows(weatherIn(db, w));
      return {
        observed: expected - rows,
        threshold: `= 0 of ${expected} region-hours missing`,
        passed: rows >= expected,
      };
    },
  },
  freshnessGate({
    table: 'fact_weather',
    column: 'hour_utc',
    maxAge: WEATHER_STALE_AFTER_DAYS,
    unit: 'days',
    description: `the newest weather hour in gold is less than ${WEATHER_STALE_AFTER_DAYS} days old`,
  }),
];

/** Named here, not in weather.ts, which imports this file: the name is read at load time. */
export const WEATHER_REGIONAL_DATASET: DatasetDeclaration = {
  name: 'weather_regional',
  goldTables: ['fact_weather'],
  gates: WEATHER_GATES,
};

/** The whole UTC hours from `firstHour` to `lastHour`, both loaded, as a window (end exclusive). */
export function hourWindow(firstHour: string, lastHour: string): GateWindow {
  const hourOf = (t: string) => Math.floor(Date.parse(t) / HOUR_MS) * HOUR_MS;
  return {
    from: new Date(hourOf(firstHour)).toISOString(),
    to: new Date(hourOf(lastHour) + HOUR_MS).toISOString(),
  };
}
