import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBronze } from '../activities/bronze/lake-objects';
import {
  cleanEco2mixRegional,
  mergeIntoSilver,
  readSilverDay,
} from '../activities/sources/rte-regional/silver';
import { loadEco2mixRegionalDays } from '../activities/sources/rte-regional/gold';
import { BALANCE_INPUT_COLUMNS } from '../activities/sources/rte-regional/gold-mapping';
import type { Config } from '../activities/config';
import type { Knex } from 'knex';
import { createWriterDb } from '../lib/db';
import { prepareGoldDatabase } from '../db/prepare';
import { LocalLake } from '../lib/lake/local-lake';
import { startTestPostgres } from '../test/helpers/postgres';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';

/**
 * One year of SYNTHETIC regional quarter-hours (12 regions x 35 040) through the same functions
 * the activities run: Bronze (one JSON page per day) -> Silver (Polars, one batch per week of
 * pages; both Silver datasets) -> Gold (one load per day, as the per-day child workflows do), on
 * SQLite and PostgreSQL.
 * Temporal is left out on purpose: this measures the data path, not orchestration.
 * Usage: npm run bench:year -- [days=365] [sqlite|pg|both]
 */
export interface MedallionYearOptions {
  /** First day and the records from it on (default: 2025-01-01, the generator's default seed). */
  start?: Date;
  records?: Iterator<Record<string, unknown>>;
  /** Called on the Gold database before it is dropped, after the figures are taken. */
  inspectGold?: (db: Knex) => Promise<void>;
}

/** Runs the year on one dialect, prints its two lines and returns the total wall time in ms. */
export async function runMedallionYear(
  dialect: 'sqlite' | 'pg',
  days: number,
  options: MedallionYearOptions = {},
): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-year-'));
  const lake = new LocalLake(path.join(dir, 'lake'));
  const pg = dialect === 'pg' ? await startTestPostgres() : undefined;
  const dbConfig: Config['db'] = pg
    ? { client: 'pg', writerUrl: pg.writerUrl, readerUrl: pg.readerUrl }
    : { client: 'sqlite', file: path.join(dir, 'gold.sqlite') };
  const db = createWriterDb(dbConfig);
  await prepareGoldDatabase(db, dbConfig);
  let peakRss = 0;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

  // CPU time of this process (every thread, Polars' included; not the PostgreSQL server's): on a
  // shared machine it moves far less than wall time when other work competes for the cores.
  const cpuSeconds = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const start = options.start ?? new Date('2025-01-01T00:00:00Z');
  const generator = options.records ?? syntheticEco2mixRegional(start, days * 96);
  const bronzeKeys: string[] = [];
  // Making the SYNTHETIC pages is not the pipeline: its time and CPU are left out of the figures.
  let generateMs = 0;
  let generateCpu = 0;
  const c0 = cpuSeconds();
  const t0 = performance.now();
  for (let d = 0; d < days; d++) {
    const g = performance.now();
    const gc = cpuSeconds();
    const results: Record<string, unknown>[] = [];
    for (let i = 0; i < 96 * 12; i++) results.push(generator.next().value as Record<string, unknown>);
    const body = JSON.stringify({ total_count: results.length, results });
    generateMs += performance.now() - g;
    generateCpu += cpuSeconds() - gc;
    const meta = {
      source: 'bench',
      url: 'synthetic',
      params: {},
      httpStatus: 200,
      recordCount: results.length,
      fetchedAt: new Date(start.getTime() + d * 86_400_000).toISOString(),
    };
    bronzeKeys.push((await writeBronze(lake, 'bronze/bench/eco2mix-regional', 'json', body, meta)).key);
  }
  const t1 = performance.now() - generateMs;
  const c1 = cpuSeconds() - generateCpu;

  let silverMs = 0;
  let silverRows = 0;
  const allDays: string[] = [];
  for (let i = 0; i < bronzeKeys.length; i += 7) {
    const records = [];
    const origin = [];
    for (const key of bronzeKeys.slice(i, i + 7)) {
      const page = JSON.parse((await lake.get(key)).toString('utf8')) as {
        results: Record<string, unknown>[];
      };
      for (const r of page.results) {
        records.push(r);
        origin.push(key);
      }
    }
    const s = performance.now();
    const { clean } = cleanEco2mixRegional(records, origin);
    allDays.push(...(await mergeIntoSilver(lake, clean)));
    silverMs += performance.now() - s;
    silverRows += records.length;
  }
  const t2 = performance.now() - generateMs;
  const c2 = cpuSeconds() - generateCpu;

  let goldRows = 0;
  for (const day of allDays) {
    // Both Silver datasets of the day, read as the eco2mixRegionalToGold activity reads them.
    const silver = await readSilverDay(lake, day, { wide: BALANCE_INPUT_COLUMNS });
    const result = await loadEco2mixRegionalDays(db, [silver.wide], [day], [silver.production]);
    goldRows += result.energyFlowRows + result.balanceRows;
  }
  const t3 = performance.now() - generateMs;
  const c3 = cpuSeconds() - generateCpu;
  clearInterval(sample);

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `${dialect.padEnd(6)} ${days} days, ${silverRows} records (generated in ${s(generateMs)}, not counted) | bronze ${s(t1 - t0)} | silver ${s(t2 - t1)} (${Math.round(silverRows / (silverMs / 1000)).toLocaleString('en')} rows/s) | gold ${s(t3 - t2)} (${goldRows.toLocaleString('en')} rows, ${Math.round(goldRows / ((t3 - t2) / 1000)).toLocaleString('en')} rows/s) | total ${s(t3 - t0)} | peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
  const cpu = (seconds: number) => `${seconds.toFixed(1)} s`;
  console.log(
    `${''.padEnd(6)} node CPU: bronze ${cpu(c1 - c0)} | silver ${cpu(c2 - c1)} | gold ${cpu(c3 - c2)} | total ${cpu(c3 - c0)}; load average at the end ${os.loadavg()[0]!.toFixed(1)}`,
  );
  await options.inspectGold?.(db);
  await db.destroy();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
  return t3 - t0;
}

async function main(): Promise<void> {
  const days = Number(process.argv[2] ?? 365);
  const which = process.argv[3] ?? 'both';
  console.log(
    `SYNTHETIC data; node ${process.version}; ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  if (which === 'sqlite' || which === 'both') await runMedallionYear('sqlite', days);
  if (which === 'pg' || which === 'both') await runMedallionYear('pg', days);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
