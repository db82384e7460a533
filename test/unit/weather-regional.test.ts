import pl from 'nodejs-polars';
import { aggregateWeather } from '../../activities/sources/era5/weather';
import { regionLocator } from '../../lib/geo/region-lookup';

/** ERA5 grid points to region x hour, on a hand-made grid with values computed by hand. */

test('the region outlines place cities in their INSEE region and the sea in none', () => {
  const locate = regionLocator();
  expect(
    [
      [2.35, 48.85], // Paris
      [4.83, 45.76], // Lyon
      [5.37, 43.3], // Marseille
      [-4.49, 48.39], // Brest
      [8.74, 41.93], // Ajaccio
      [7.75, 48.58], // Strasbourg
      [-0.58, 44.84], // Bordeaux
      [-6, 46], // Bay of Biscay
      [6.14, 46.2], // Geneva
    ].map(([lon, lat]) => locate(lon as number, lat as number) ?? null),
  ).toEqual(['11', '84', '93', '53', '94', '44', '75', null, null]);
});

test('grid points are averaged per region and hour; out-of-range readings are rejected, sea points counted', () => {
  const h1 = new Date('2025-01-01T00:00:00Z');
  const h2 = new Date('2025-01-01T01:00:00Z');
  // Two points in Île-de-France, one in Lyon's region, one at sea; two hours.
  const rows = [
    {
      time: h1,
      latitude: 48.75,
      longitude: 2.5,
      t2m: 283.15,
      u10: 3,
      v10: 4,
      ssrd: 360_000,
      tp: 0.001,
      tcc: 0.5,
    },
    { time: h1, latitude: 48.75, longitude: 2.25, t2m: 285.15, u10: 0, v10: 0, ssrd: 0, tp: 0, tcc: 1 },
    { time: h1, latitude: 45.75, longitude: 4.75, t2m: 400, u10: 1, v10: 1, ssrd: 0, tp: 0, tcc: 0 },
    { time: h1, latitude: 46, longitude: -6, t2m: 284, u10: 9, v10: 9, ssrd: 0, tp: 0, tcc: 0 },
    {
      time: h2,
      latitude: 48.75,
      longitude: 2.5,
      t2m: 283.15,
      u10: 3,
      v10: 4,
      ssrd: 360_000,
      tp: 0.001,
      tcc: 0.5,
    },
    { time: h2, latitude: 48.75, longitude: 2.25, t2m: 285.15, u10: 0, v10: 0, ssrd: 0, tp: 0, tcc: 1 },
    {
      time: h2,
      latitude: 45.75,
      longitude: 4.75,
      t2m: 273.15,
      u10: 0,
      v10: 2,
      ssrd: 7_200,
      tp: 0.002,
      tcc: 0.25,
    },
    { time: h2, latitude: 46, longitude: -6, t2m: 284, u10: 9, v10: 9, ssrd: 0, tp: 0, tcc: 0 },
  ];
  const grid = pl.DataFrame(rows).withColumns(pl.col('time').cast(pl.Datetime('ms', 'UTC')));
  const { hourly, rejected, pointsInRegions, pointsOutside } = aggregateWeather(grid);

  expect([pointsInRegions, pointsOutside, rejected.height]).toEqual([3, 1, 1]);
  expect(rejected.getColumn('reason').toArray()).toEqual(['t2m 400.0 K is outside 180..340 K']);
  const out: Record<string, unknown>[] = (hourly.toRecords() as Record<string, unknown>[]).map((r) => ({
    ...r,
    ts_utc: new Date(r.ts_utc as Date).toISOString(),
  }));
  const close = (x: unknown) => Math.round((x as number) * 1e9) / 1e9;
  expect(out.map((r) => [r.region_code, r.ts_utc, r.grid_points])).toEqual([
    ['11', '2025-01-01T00:00:00.000Z', 2],
    ['11', '2025-01-01T01:00:00.000Z', 2],
    ['84', '2025-01-01T01:00:00.000Z', 1],
  ]);
  const idf = out[0] as Record<string, unknown>;
  // (10 + 12) / 2 °C; wind (5 + 0) / 2; ssrd 360 000 J/m² over an hour = 100 W/m², mean with 0;
  // tp 1 mm and 0; cloud 50 % and 100 %.
  expect(
    [
      idf.temperature_c,
      idf.wind_speed_ms,
      idf.solar_irradiance_wm2,
      idf.precipitation_mm,
      idf.cloud_cover_pct,
    ].map(close),
  ).toEqual([11, 2.5, 50, 0.5, 75]);
  const lyon = out[2] as Record<string, unknown>;
  expect(
    [
      lyon.temperature_c,
      lyon.wind_speed_ms,
      lyon.solar_irradiance_wm2,
      lyon.precipitation_mm,
      lyon.cloud_cover_pct,
    ].map(close),
  ).toEqual([0, 2, 2, 2, 25]);
});
