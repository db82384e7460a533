import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEra5Fetch, type Era5FetchResult } from '../activities/sources/era5/fetch';
import { loadConfig } from '../activities/config';
import { silentLogger } from '../lib/log';
import { generateEra5Parquet } from '../replay/era5-generator';
import { startObjectStoreServer } from '../replay/object-store-server';
import { buildActivityDeps } from '../workers/dependencies';

/**
 * ERA5 streaming: a SYNTHETIC ERA5-shaped Parquet (France, 0.25°, hourly) of at least 1 GB served
 * by the local object-storage server, read by the real activity function (Range chunks -> staging
 * -> one Bronze Parquet per month) in the SDK's mock activity context; Temporal is left out, the
 * code path is the activity's. Reports throughput and peak RSS (target: <= 500 MB).
 * Usage: npm run bench:era5 -- [sizeMB=1100] [chunkMB=8]
 * The npm script sets MALLOC_ARENA_MAX=1, as a worker running this source should: Polars' threads
 * otherwise spread freed month buffers over many glibc arenas that are not given back.
 * The generated file is cached in $TMPDIR/gps-bench-era5/ and reused by later runs.
 */

function vm(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function generate(target: string, sizeMb: number): Promise<void> {
  process.stdout.write(`generating ${sizeMb} MB of synthetic ERA5 into ${target} …\n`);
  const t = performance.now();
  const g = await generateEra5Parquet(target, {
    start: new Date('2022-01-01T00:00:00Z'),
    targetBytes: sizeMb * 1024 * 1024,
  });
  process.stdout.write(
    `  ${g.rows} rows, ${g.hours} hours x ${g.gridPoints} points, ${mb(g.bytes)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s (generator peak RSS ${mb(vm('VmHWM'))} MB)\n`,
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--generate') return generate(process.argv[3] as string, Number(process.argv[4]));
  const sizeMb = Number(process.argv[2] ?? 1100);
  const chunkMb = Number(process.argv[3] ?? 8);
  const cacheDir = path.join(os.tmpdir(), 'gps-bench-era5');
  const source = path.join(cacheDir, `era5-france-synthetic-${sizeMb}mb.parquet`);
  if (!existsSync(source)) {
    // Generated in a child process so the allocator pages it keeps do not count against ingestion.
    const child = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), __filename, '--generate', source, String(sizeMb)],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0) throw new Error(`generator exited with ${child.status}`);
  }

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-era5-run-'));
  const server = await startObjectStoreServer();
  await server.publish('era5/era5-france-synthetic.parquet', source);
  const config = loadConfig({
    NODE_ENV: 'test',
    GPS_DATA_DIR: dataDir,
    GPS_ERA5_URL: server.urlOf('era5/era5-france-synthetic.parquet'),
    GPS_ERA5_CHUNK_BYTES: String(chunkMb * 1024 * 1024),
  });
  const deps = await buildActivityDeps(config, silentLogger);
  const fetchEra5 = createEra5Fetch(deps);

  let peakRss = 0;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const baseline = process.memoryUsage().rss;
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 15_000 });
  const t0 = performance.now();
  const result: Era5FetchResult = await env.run(fetchEra5, {});
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sample);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const bytes = statSync(source).size;
  const lines = [
    '',
    'ERA5 stream (synthetic, France 0.25° hourly): object store -> Range chunks -> Bronze months',
    `  source          ${mb(bytes)} MB, ${result.rows} rows, ${result.partitions.length} month partitions`,
    `  chunk           ${chunkMb} MB (${server.requests.filter((r) => r.range).length} Range requests)`,
    `  wall            ${seconds.toFixed(1)} s`,
    `  throughput      ${(bytes / 1024 / 1024 / seconds).toFixed(1)} MB/s, ${Math.round(result.rows / seconds).toLocaleString('en')} rows/s`,
    `  RSS baseline    ${mb(baseline)} MB (Node + Polars + SQLite + this object server loaded)`,
    `  MALLOC_ARENA_MAX ${process.env.MALLOC_ARENA_MAX ?? 'unset (glibc default: 8 per core)'}`,
    `  peak RSS        ${mb(peakRss)} MB sampled every 25 ms; VmHWM ${mb(vm('VmHWM'))} MB (target <= 500 MB)`,
    `  bronze          ${mb(result.partitions.reduce((n, p) => n + p.bytes, 0))} MB written`,
    '',
  ];
  process.stdout.write(lines.join('\n'));

  await deps.db.destroy();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
