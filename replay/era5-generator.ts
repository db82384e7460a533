import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pl from 'nodejs-polars';
import { mulberry32 } from './seeded-random';

/**
 * SYNTHETIC ERA5 single-levels data shaped like a CDS extract converted to Parquet: one row per
 * hour and 0.25° grid point over metropolitan France, with the ERA5 short names and units
 * (t2m K, u10/v10 m/s, ssrd J/m² accumulated over the hour, tp m, tcc 0..1). The curves are
 * plausible (diurnal and seasonal cycles, a latitude gradient, seeded noise), not real weather.
 *
 * The file is built one chunk of hours at a time so the generator's memory does not grow with the
 * requested size: each chunk is written as its own Parquet file, then Polars' streaming engine
 * concatenates them into the final file with fixed-size row groups (the unit a reader can skip).
 */

export const ERA5_GRID = {
  latMin: 41.25,
  latMax: 51.25,
  lonMin: -5.0,
  lonMax: 9.75,
  step: 0.25,
} as const;

export interface Era5GenerateOptions {
  /** First hour (UTC, truncated to the hour). */
  start: Date;
  /** Stop once the generated hours reach this count… */
  hours?: number;
  /** …or once the estimated output reaches this many bytes (whichever comes first). */
  targetBytes?: number;
  /** Hours per generation chunk (memory bound of the generator). Default 24. */
  chunkHours?: number;
  /** Rows per Parquet row group in the output. Default 65 536. */
  rowGroupSize?: number;
  /** Grid step in degrees (0.25 like ERA5; coarser grids make small test files). */
  step?: number;
  seed?: number;
}

export interface Era5GenerateResult {
  path: string;
  rows: number;
  hours: number;
  bytes: number;
  gridPoints: number;
  first: string;
  last: string;
}

export const ERA5_COLUMNS = [
  'time',
  'latitude',
  'longitude',
  't2m',
  'u10',
  'v10',
  'ssrd',
  'tp',
  'tcc',
] as const;

export function era5Grid(step: number = ERA5_GRID.step): { lat: number[]; lon: number[] } {
  const lat: number[] = [];
  const lon: number[] = [];
  // ERA5 lists latitudes north to south.
  for (let la = ERA5_GRID.latMax; la >= ERA5_GRID.latMin - 1e-9; la -= step) {
    for (let lo = ERA5_GRID.lonMin; lo <= ERA5_GRID.lonMax + 1e-9; lo += step) {
      lat.push(Math.round(la * 100) / 100);
      lon.push(Math.round(lo * 100) / 100);
    }
  }
  return { lat, lon };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function chunkFrame(
  startMs: number,
  hours: number,
  grid: { lat: number[]; lon: number[] },
  random: () => number,
): pl.DataFrame {
  const points = grid.lat.length;
  const n = hours * points;
  const time = new Float64Array(n);
  const lat = new Float32Array(n);
  const lon = new Float32Array(n);
  const t2m = new Float32Array(n);
  const u10 = new Float32Array(n);
  const v10 = new Float32Array(n);
  const ssrd = new Float32Array(n);
  const tp = new Float32Array(n);
  const tcc = new Float32Array(n);
  let i = 0;
  for (let h = 0; h < hours; h++) {
    const t = startMs + h * HOUR_MS;
    const dayOfYear = (t % (365.25 * DAY_MS)) / DAY_MS;
    const season = Math.cos(((dayOfYear - 200) / 365.25) * 2 * Math.PI); // +1 mid-July
    const hourUtc = new Date(t).getUTCHours();
    // A weather system drifting west to east: shared cloud/rain/wind anomaly for the hour.
    const front = Math.sin(t / (3.3 * DAY_MS));
    for (let p = 0; p < points; p++) {
      const la = grid.lat[p] as number;
      const lo = grid.lon[p] as number;
      const solarHour = hourUtc + lo / 15;
      const diurnal = Math.cos(((solarHour - 15) / 24) * 2 * Math.PI); // warmest mid-afternoon
      const local = Math.sin(front * 3 + lo / 4 + la / 6);
      const cloud = Math.min(1, Math.max(0, 0.55 + 0.4 * local + 0.15 * (random() - 0.5)));
      const elevation = Math.max(0, Math.sin(((solarHour - 6) / 12) * Math.PI));
      time[i] = t;
      lat[i] = la;
      lon[i] = lo;
      t2m[i] = 284.5 + 8 * season - 0.6 * (la - 46) + 4.5 * diurnal * (1 - 0.5 * cloud) + random() - 0.5;
      u10[i] = 2.5 + 4 * front + 1.5 * local + 2 * (random() - 0.5);
      v10[i] = 0.8 * local - 1.2 * front + 2 * (random() - 0.5);
      ssrd[i] = Math.round(
        3.0e6 * (0.75 + 0.25 * season) * elevation * (1 - 0.7 * cloud) * (0.95 + 0.1 * random()),
      );
      tp[i] = cloud > 0.8 ? 0.0015 * (cloud - 0.8) * 5 * random() : 0;
      tcc[i] = cloud;
      i++;
    }
  }
  return pl.DataFrame([
    pl.Series('time', time).cast(pl.Int64).cast(pl.Datetime('ms', 'UTC')),
    pl.Series('latitude', lat),
    pl.Series('longitude', lon),
    pl.Series('t2m', t2m),
    pl.Series('u10', u10),
    pl.Series('v10', v10),
    pl.Series('ssrd', ssrd),
    pl.Series('tp', tp),
    pl.Series('tcc', tcc),
  ]);
}

/** Writes a synthetic ERA5-shaped Parquet file to `target` (replaced if present). */
export async function generateEra5Parquet(
  target: string,
  options: Era5GenerateOptions,
): Promise<Era5GenerateResult> {
  const grid = era5Grid(options.step);
  const chunkHours = options.chunkHours ?? 24;
  const maxHours = options.hours ?? Number.POSITIVE_INFINITY;
  const targetBytes = options.targetBytes ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(maxHours) && !Number.isFinite(targetBytes)) {
    throw new Error('give hours or targetBytes');
  }
  const startMs = Math.floor(options.start.getTime() / HOUR_MS) * HOUR_MS;
  const random = mulberry32(options.seed ?? 2024);
  const work = mkdtempSync(path.join(os.tmpdir(), 'era5-gen-'));
  try {
    let hours = 0;
    let chunkBytes = 0;
    let index = 0;
    while (hours < maxHours && chunkBytes < targetBytes) {
      const n = Math.min(chunkHours, maxHours - hours);
      const frame = chunkFrame(startMs + hours * HOUR_MS, n, grid, random);
      const chunkPath = path.join(work, `chunk-${String(index++).padStart(6, '0')}.parquet`);
      frame.writeParquet(chunkPath, { compression: 'zstd' });
      chunkBytes += (await fs.stat(chunkPath)).size;
      hours += n;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp`;
    await pl
      .scanParquet(path.join(work, 'chunk-*.parquet'))
      .sinkParquet(tmp, { compression: 'zstd', rowGroupSize: options.rowGroupSize ?? 65_536 })
      .collect({ streaming: true });
    await fs.rename(tmp, target);
    const rows = hours * grid.lat.length;
    return {
      path: target,
      rows,
      hours,
      bytes: (await fs.stat(target)).size,
      gridPoints: grid.lat.length,
      first: new Date(startMs).toISOString(),
      last: new Date(startMs + (hours - 1) * HOUR_MS).toISOString(),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
