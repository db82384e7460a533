import { mkdtempSync, rmSync } from 'node:fs';
import type { Knex } from 'knex';
import os from 'node:os';
import path from 'node:path';
import { writeBronze } from '../activities/bronze/lake-objects';
import { bronzeToRegionalSilver, readSilverDay } from '../activities/sources/rte-regional/silver';
import { goldRowsOf } from '../activities/sources/rte-regional/gold';
import { BALANCE_INPUT_COLUMNS } from '../activities/sources/rte-regional/gold-mapping';
import { LocalLake } from '../lib/lake/local-lake';
import { startTestPostgres } from '../test/helpers/postgres';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import { dateRows } from '../activities/gold/dim-date';
import { loadFloor, type FloorTable } from './gold-floor';
import { assertSameGold, goldSummary, type GoldSummary } from './gold-summary';
import { machineLine } from './machine';
import { freshGoldDatabase } from './fresh-gold-db';
import { cpuSeconds, timeGold } from './gold-timing';

/**
 * One year of SYNTHETIC regional quarter-hours (12 regions x 35 040) through the same functions
 * the activities run: Bronze (one JSON page per day) -> Silver (Polars, one batch per week of
 * pages; both Silver datasets) -> Gold (by default one load per day, as the per-day child
 * workflows do), on SQLite and PostgreSQL.
 * Gold is paired with its floor (bench/gold-floor.ts: the same rows by a bare bulk load into a
 * fresh database of the same schema), alternating which runs first, in several rounds; the run
 * fails unless both sides wrote the same rows, and prints the medians and their ratio.
 * Temporal is left out on purpose: this measures the data path, not orchestration.
 * Usage: npm run bench:year -- [days=365] [sqlite|pg|both] [rounds=3] [daysPerLoad=1]
 * `sqliteMedallionOnce` is one pass of the same path on SQLite, for bench:backfill's pairing.
 */

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The floor: the rows Gold gets, mapped beforehand (not counted), then bulk loaded. */
async function timeFloor(dialect: 'sqlite' | 'pg', db: Knex, lake: LocalLake, allDays: string[]) {
  const p0 = performance.now();
  const loadedAt = new Date().toISOString();
  const flows: FloorTable = { table: 'fact_energy_flow', batches: [] };
  const balances: FloorTable = { table: 'fact_regional_balance', batches: [] };
  const dates = new Map<number, Record<string, unknown>>();
  let rows = 0;
  for (const day of allDays) {
    const silver = await readSilverDay(lake, day, { wide: BALANCE_INPUT_COLUMNS });
    const mapped = await goldRowsOf(db, [silver.wide], [silver.production], loadedAt);
    if (!mapped) continue;
    flows.batches.push(mapped.flows);
    balances.batches.push(mapped.balances);
    rows += mapped.flows.region_code!.length + mapped.balances.region_code!.length;
    for (const d of dateRows(mapped.calendars.all())) dates.set(d.date_key as number, d);
  }
  const dateColumns = Object.keys([...dates.values()][0] ?? {});
  const dim: FloorTable = {
    table: 'dim_date',
    batches: [Object.fromEntries(dateColumns.map((c) => [c, [...dates.values()].map((d) => d[c])]))],
  };
  const prepareMs = performance.now() - p0;
  const c0 = cpuSeconds();
  const t0 = performance.now();
  await loadFloor(dialect, db, [dim, flows, balances]);
  return { ms: performance.now() - t0, prepareMs, rows, cpu: cpuSeconds() - c0 };
}

/**
 * Bronze (one JSON page per day of `records`) then Silver (a batch per week of pages) into `lake`;
 * prints their line and returns the Silver days and the wall time of both, generation left out.
 */
async function bronzeAndSilver(
  lake: LocalLake,
  label: string,
  days: number,
  start: Date,
  generator: Iterator<Record<string, unknown>>,
): Promise<{ allDays: string[]; ms: number }> {
  let peakRss = 0;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
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
  // A week of Bronze pages per Silver batch, through the activity's own body.
  for (let i = 0; i < bronzeKeys.length; i += 7) {
    const s = performance.now();
    const outcome = await bronzeToRegionalSilver(lake, bronzeKeys.slice(i, i + 7));
    allDays.push(...outcome.days);
    silverMs += performance.now() - s;
    silverRows += outcome.input;
  }
  const t2 = performance.now() - generateMs;
  const c2 = cpuSeconds() - generateCpu;

  clearInterval(sample);

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `${label.padEnd(6)} ${days} days, ${silverRows} records (generated in ${s(generateMs)}, not counted) | bronze ${s(t1 - t0)} | silver ${s(t2 - t1)} (${Math.round(silverRows / (silverMs / 1000)).toLocaleString('en')} rows/s) | peak RSS through Silver ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
  console.log(
    `${''.padEnd(6)} node CPU: bronze ${(c1 - c0).toFixed(1)} s | silver ${(c2 - c1).toFixed(1)} s`,
  );
  return { allDays, ms: t2 - t0 };
}

async function run(
  dialect: 'sqlite' | 'pg',
  days: number,
  rounds: number,
  daysPerLoad: number,
): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-year-'));
  const lake = new LocalLake(path.join(dir, 'lake'));
  const pg = dialect === 'pg' ? await startTestPostgres() : undefined;

  const freshDatabase = (name: string) => freshGoldDatabase(dir, name, pg);

  const start = new Date('2025-01-01T00:00:00Z');
  const generator = syntheticEco2mixRegional(start, days * 96);
  const { allDays } = await bronzeAndSilver(lake, dialect, days, start, generator);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  // Gold and its floor, alternating which goes first, each into a fresh database.
  const gold: number[] = [];
  const floor: number[] = [];
  const goldCpu: number[] = [];
  const floorCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const sides = round % 2 === 0 ? (['gold', 'floor'] as const) : (['floor', 'gold'] as const);
    const summaries: Awaited<ReturnType<typeof goldSummary>>[] = [];
    for (const side of sides) {
      const target = await freshDatabase(`${side}_${round}`);
      try {
        if (side === 'gold') {
          const g = await timeGold(target.db, lake, allDays, daysPerLoad);
          gold.push(g.ms);
          goldCpu.push(g.cpu);
          console.log(
            `${''.padEnd(6)} round ${round + 1} gold  ${s(g.ms)} (of which reading Silver ${s(g.readMs)}; ${g.rows.toLocaleString('en')} rows; node CPU ${g.cpu.toFixed(1)} s)`,
          );
        } else {
          const f = await timeFloor(dialect, target.db, lake, allDays);
          floor.push(f.ms);
          floorCpu.push(f.cpu);
          console.log(
            `${''.padEnd(6)} round ${round + 1} floor ${s(f.ms)} (${f.rows.toLocaleString('en')} rows; node CPU ${f.cpu.toFixed(1)} s; preparing them ${s(f.prepareMs)}, not counted)`,
          );
        }
        summaries.push(await goldSummary(target.db));
      } finally {
        await target.drop();
      }
    }
    assertSameGold(`${dialect} round ${round + 1}`, summaries[0]!, summaries[1]!);
  }
  const goldMedian = median(gold);
  const floorMedian = median(floor);
  console.log(
    `bench:year ${dialect} ${days} days, ${daysPerLoad} day(s) per load, ${rounds} rounds: gold median ${s(goldMedian)} [${gold.map((x) => (x / 1000).toFixed(1)).join(', ')}] | floor median ${s(floorMedian)} [${floor.map((x) => (x / 1000).toFixed(1)).join(', ')}] | gold/floor ${(goldMedian / floorMedian).toFixed(2)} (node CPU: ${(median(goldCpu) / median(floorCpu)).toFixed(2)}${dialect === 'pg' ? ', server not counted' : ''}) | same counts, sums and samples | load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}

export interface SqliteMedallionOnce {
  /** Bronze, Silver and Gold wall time, the making of the records left out. */
  ms: number;
  /** goldSummary of the Gold written, rollups included. */
  summary: GoldSummary;
}

/**
 * One pass of `days` days of `records` (from `start`) through Bronze, Silver and Gold on a fresh
 * SQLite database, Gold loaded `daysPerLoad` days at a time, as a backfill chunk's child loads it.
 */
export async function sqliteMedallionOnce(
  start: Date,
  records: Iterator<Record<string, unknown>>,
  days: number,
  daysPerLoad: number,
): Promise<SqliteMedallionOnce> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-year-'));
  try {
    const lake = new LocalLake(path.join(dir, 'lake'));
    const { allDays, ms } = await bronzeAndSilver(lake, 'sqlite', days, start, records);
    const target = await freshGoldDatabase(dir, 'gold', undefined);
    try {
      const g = await timeGold(target.db, lake, allDays, daysPerLoad);
      console.log(
        `${''.padEnd(6)} gold ${(g.ms / 1000).toFixed(1)} s, ${daysPerLoad} day(s) per load (${g.rows.toLocaleString('en')} rows; node CPU ${g.cpu.toFixed(1)} s)`,
      );
      return { ms: ms + g.ms, summary: await goldSummary(target.db, { rollups: true }) };
    } finally {
      await target.drop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const days = Number(process.argv[2] ?? 365);
  const which = process.argv[3] ?? 'both';
  const rounds = Number(process.argv[4] ?? 3);
  const daysPerLoad = Number(process.argv[5] ?? 1);
  console.log(`SYNTHETIC data; ${machineLine()}`);
  if (which === 'sqlite' || which === 'both') await run('sqlite', days, rounds, daysPerLoad);
  if (which === 'pg' || which === 'both') await run('pg', days, rounds, daysPerLoad);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
