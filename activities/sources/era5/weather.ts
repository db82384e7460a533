import { checkDatasetGates } from '../../dataset-gates';
import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { reportProgress } from '../../heartbeat';
import { mergeIntoDayPartitions } from '../../silver/day-partitions';
import { regionLocator } from '../../../lib/geo/region-lookup';
import { upsertColumns, type UpsertSpec } from '../../../lib/upsert';
import { parquetBytes } from '../../../lib/parquet';
import { type GateReport } from '../../quality';
import { hourWindow, WEATHER_REGIONAL_DATASET } from './gates';

/**
 * Silver dataset `weather_regional` and its Gold table `fact_weather`: ERA5 grid points (Bronze
 * month partitions) placed in their region with the region outlines, then averaged per region and
 * UTC hour. Grid points at sea or abroad belong to no region and are counted, not averaged.
 * Readings outside physical bounds are rejected with their reason before averaging.
 */
export const WEATHER_DATASET = WEATHER_REGIONAL_DATASET.name;
const SILVER_PREFIX = `silver/${WEATHER_DATASET}`;
const REJECTED_PREFIX = `silver/_rejected/${WEATHER_DATASET}`;

/** Kelvin bounds of a 2 m temperature on Earth, with margin. */
const T2M_RANGE_K = [180, 340] as const;

export const WEATHER_UPSERT: UpsertSpec = {
  table: 'fact_weather',
  key: ['region_code', 'hour_utc'],
  values: [
    'temperature_c',
    'wind_speed_ms',
    'solar_irradiance_wm2',
    'precipitation_mm',
    'cloud_cover_pct',
    'grid_points',
  ],
  touch: ['loaded_at'],
  pgTypes: {
    region_code: 'text',
    hour_utc: 'timestamptz',
    temperature_c: 'float8',
    wind_speed_ms: 'float8',
    solar_irradiance_wm2: 'float8',
    precipitation_mm: 'float8',
    cloud_cover_pct: 'float8',
    grid_points: 'int',
    loaded_at: 'timestamptz',
  },
};

export interface WeatherAggregate {
  hourly: pl.DataFrame;
  rejected: pl.DataFrame;
  pointsInRegions: number;
  pointsOutside: number;
}

/** Grid points of one ERA5 frame -> one row per region and hour. */
export function aggregateWeather(grid: pl.DataFrame, locate = regionLocator()): WeatherAggregate {
  const points = grid.select('latitude', 'longitude').unique();
  const lats = points.getColumn('latitude').toArray() as number[];
  const lons = points.getColumn('longitude').toArray() as number[];
  const codes = lats.map((lat, i) => locate(lons[i] as number, lat) ?? null);
  const placed = pl.DataFrame(
    { latitude: lats, longitude: lons, region_code: codes },
    {
      schema: {
        latitude: grid.getColumn('latitude').dtype,
        longitude: grid.getColumn('longitude').dtype,
        region_code: pl.Utf8,
      },
    },
  );

  const reason = pl
    .when(pl.col('t2m').isNull())
    .then(pl.lit('t2m is missing'))
    .when(pl.col('t2m').lt(T2M_RANGE_K[0]).or(pl.col('t2m').gt(T2M_RANGE_K[1])))
    .then(pl.format(`t2m {} K is outside ${T2M_RANGE_K[0]}..${T2M_RANGE_K[1]} K`, pl.col('t2m')))
    .when(pl.col('tp').lt(0).or(pl.col('ssrd').lt(0)))
    .then(pl.lit('negative precipitation or radiation'))
    .otherwise(pl.lit(null))
    .alias('reason');
  const judged = grid.join(placed, { on: ['latitude', 'longitude'] }).withColumns(reason);
  const inRegion = judged.filter(pl.col('region_code').isNotNull());
  const rejected = inRegion.filter(pl.col('reason').isNotNull());
  const hourly = inRegion
    .filter(pl.col('reason').isNull())
    .groupBy(['region_code', 'time'])
    .agg(
      pl.col('t2m').cast(pl.Float64).mean().sub(273.15).alias('temperature_c'),
      pl
        .col('u10')
        .cast(pl.Float64)
        .pow(2)
        .add(pl.col('v10').cast(pl.Float64).pow(2))
        .pow(0.5)
        .mean()
        .alias('wind_speed_ms'),
      // ERA5 hourly ssrd is accumulated over the hour (J/m²): / 3600 s gives the mean W/m².
      pl.col('ssrd').cast(pl.Float64).mean().div(3600).alias('solar_irradiance_wm2'),
      pl.col('tp').cast(pl.Float64).mean().mul(1000).alias('precipitation_mm'),
      pl.col('tcc').cast(pl.Float64).mean().mul(100).alias('cloud_cover_pct'),
      pl.col('t2m').count().cast(pl.Int32).alias('grid_points'),
    )
    .rename({ time: 'ts_utc' })
    .sort(['ts_utc', 'region_code']);
  const outside = codes.filter((c) => c === null).length;
  return { hourly, rejected, pointsInRegions: codes.length - outside, pointsOutside: outside };
}

export interface WeatherResult {
  partitions: number;
  silverRows: number;
  goldRows: number;
  rejectedRows: number;
  pointsOutsideRegions: number;
}

export function createWeatherRegional(deps: ActivityDeps) {
  return async function weatherRegionalToGold(input: { partitionKeys: string[] }): Promise<WeatherResult> {
    const outcome = await audited(deps.db, { step: AUDIT_STEP.toGold, source: 'era5' }, async () => {
      const locate = regionLocator();
      const result: WeatherResult = {
        partitions: 0,
        silverRows: 0,
        goldRows: 0,
        rejectedRows: 0,
        pointsOutsideRegions: 0,
      };
      for (const key of input.partitionKeys) {
        const { hourly, rejected, pointsOutside } = aggregateWeather(
          pl.readParquet(await deps.lake.get(key)),
          locate,
        );
        if (rejected.height) {
          const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
          await deps.lake.put(`${REJECTED_PREFIX}/${digest}.parquet`, parquetBytes(rejected));
        }
        await mergeIntoDayPartitions(deps.lake, hourly, SILVER_PREFIX, ['region_code', 'ts_utc']);
        const loadedAt = new Date().toISOString();
        const column = (c: string) => hourly.getColumn(c).toArray() as unknown[];
        await upsertColumns(deps.db, WEATHER_UPSERT, {
          region_code: column('region_code'),
          hour_utc: column('ts_utc').map((t) => new Date(t as Date).toISOString()),
          ...Object.fromEntries(WEATHER_UPSERT.values.map((c) => [c, column(c)])),
          loaded_at: column('region_code').map(() => loadedAt),
        });
        result.partitions += 1;
        result.silverRows += hourly.height;
        result.goldRows += hourly.height;
        result.rejectedRows += rejected.height;
        result.pointsOutsideRegions = pointsOutside;
        reportProgress(result.partitions);
      }
      return { rows: result.goldRows, details: { ...result }, result };
    });
    return outcome.result;
  };
}

export function createWeatherGates(deps: ActivityDeps) {
  return async function checkWeatherRegionalGates(input: {
    firstHour: string;
    lastHour: string;
  }): Promise<GateReport> {
    return checkDatasetGates(
      deps,
      'era5',
      WEATHER_REGIONAL_DATASET,
      hourWindow(input.firstHour, input.lastHour),
    );
  };
}
