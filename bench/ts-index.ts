import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { alertContext, quarterHourWindow, readPrices, readRegionalRows } from '../activities/alerts';
import { readAlertRules } from '../activities/alerts/rules-config';
import { isoOf } from '../activities/alerts/rules/types';
import { cleanEco2mixRegional, mergeIntoSilver } from '../activities/sources/rte-regional/silver';
import { REGIONS } from '../lib/domain/regions';
import { LocalLake } from '../lib/lake/local-lake';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import { startTestPostgres } from '../test/helpers/postgres';
import { freshGoldDatabase } from './fresh-gold-db';
import { timeGold } from './gold-timing';
import { assertSameGold, goldSummary } from './gold-summary';
import { machineLine } from './machine';

/**
 * Whether the ts_utc indexes of the regional facts (migration 020) pay for themselves: the alert
 * evaluation reads them by time range alone (activities/alerts/index.ts), which the primary keys,
 * led by the region, cannot serve. Per dialect and round, a year of SYNTHETIC Gold is loaded day by
 * day into a fresh database without and with the two indexes (alternating which goes first), then the
 * alert evaluation's reads run for windows spread over the year. Prints the medians of both
 * sides' load time and read time, and beside them the same SELECTs with every region named (so
 * the primary keys can serve them); fails unless both sides hold the same facts and read the same
 * rows.
 * Usage: npm run bench:ts-index -- [days=365] [sqlite|pg|both] [rounds=2]
 */

/** The indexes of migration 020, dropped on the side that goes without. */
const WITHOUT_INDEXES = ['DROP INDEX ix_energy_flow_ts', 'DROP INDEX ix_regional_balance_ts'];
const READS_PER_WINDOW = 3;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function buildSilver(lake: LocalLake, days: number): Promise<string[]> {
  const generator = syntheticEco2mixRegional(new Date('2025-01-01T00:00:00Z'), days * 96);
  const allDays: string[] = [];
  for (let week = 0; week * 7 < days; week++) {
    const records: Record<string, unknown>[] = [];
    const n = (Math.min(days, week * 7 + 7) - week * 7) * 96 * 12;
    for (let i = 0; i < n; i++) records.push(generator.next().value as Record<string, unknown>);
    const { clean } = cleanEco2mixRegional(
      records,
      records.map(() => 'bronze/bench/synthetic'),
    );
    allDays.push(...(await mergeIntoSilver(lake, clean)));
  }
  return allDays;
}

/**
 * The SELECTs of readRegionalRows, bare, as it writes them (by time range alone) or with every
 * region of the feed named, which lets the primary keys (led by the region) serve the range.
 */
async function bareReads(db: Knex, from: string, to: string, flowFrom: string, byRegion: boolean) {
  const regions = REGIONS.filter((r) => r.inRegionalFeed).map((r) => r.code);
  const balance = db('fact_regional_balance')
    .select('region_code', 'ts_utc', 'consumption_mw', 'production_mw', 'net_exchange_mw')
    .where('ts_utc', '>=', from)
    .andWhere('ts_utc', '<', to);
  const flows = db('fact_energy_flow')
    .select('region_code', 'ts_utc', 'source_code', 'mw')
    .whereIn('source_code', ['eolien', 'solaire', 'nucleaire'])
    .andWhere('ts_utc', '>=', flowFrom)
    .andWhere('ts_utc', '<', to);
  if (byRegion) {
    void balance.whereIn('region_code', regions);
    void flows.whereIn('region_code', regions);
  }
  const b = (await balance) as { production_mw: number | null }[];
  const f = (await flows) as { mw: number | null }[];
  const sum =
    b.reduce((x, r) => x + Number(r.production_mw ?? 0), 0) + f.reduce((x, r) => x + Number(r.mw ?? 0), 0);
  return `${b.length}+${f.length} rows, sum ${sum.toFixed(3)}`;
}

/** The alert evaluation's reads for a quarter-hour window at noon UTC of each given day. */
async function timeReads(db: Knex, days: string[]) {
  const rules = readAlertRules(path.join(__dirname, '..', 'alerts.yaml'));
  const times: number[] = [];
  const bare = { byTime: [] as number[], byRegion: [] as number[] };
  const fingerprint: string[] = [];
  for (const day of days) {
    const from = `${day}T12:00:00.000Z`;
    const w = quarterHourWindow({ from, to: isoOf(Date.parse(from) + 15 * 60_000) });
    const { spanStart, contextStart } = alertContext(w, rules);
    for (let i = 0; i < READS_PER_WINDOW; i++) {
      const t = performance.now();
      const rows = await readRegionalRows(db, isoOf(contextStart), w.to, isoOf(spanStart));
      const prices = await readPrices(db, isoOf(spanStart), w.to);
      times.push(performance.now() - t);
      const b0 = performance.now();
      const byTime = await bareReads(db, isoOf(contextStart), w.to, isoOf(spanStart), false);
      const b1 = performance.now();
      const byRegion = await bareReads(db, isoOf(contextStart), w.to, isoOf(spanStart), true);
      bare.byTime.push(b1 - b0);
      bare.byRegion.push(performance.now() - b1);
      if (byTime !== byRegion) throw new Error(`${day}: the bare reads differ: ${byTime} <> ${byRegion}`);
      if (i === 0) {
        const sum = rows.reduce(
          (s, r) => s + (r.productionMw ?? 0) + (r.windMw ?? 0) + (r.nuclearMw ?? 0),
          0,
        );
        fingerprint.push(`${day}: ${rows.length} rows, ${prices.length} prices, sum ${sum.toFixed(3)}`);
      }
    }
  }
  return {
    ms: median(times),
    byTimeMs: median(bare.byTime),
    byRegionMs: median(bare.byRegion),
    fingerprint: fingerprint.join('; '),
  };
}

async function run(dialect: 'sqlite' | 'pg', days: number, rounds: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-ts-index-'));
  const lake = new LocalLake(path.join(dir, 'lake'));
  const pg = dialect === 'pg' ? await startTestPostgres() : undefined;
  try {
    const allDays = await buildSilver(lake, days);
    const windows = [0.2, 0.4, 0.6, 0.8, 1].map(
      (f) => allDays[Math.min(allDays.length - 1, Math.floor(f * allDays.length) - 1)]!,
    );
    const load = { plain: [] as number[], indexed: [] as number[] };
    const loadCpu = { plain: [] as number[], indexed: [] as number[] };
    const read = { plain: [] as number[], indexed: [] as number[] };
    const byRegion = { plain: [] as number[], indexed: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const sides = round % 2 === 0 ? (['plain', 'indexed'] as const) : (['indexed', 'plain'] as const);
      const summaries: Awaited<ReturnType<typeof goldSummary>>[] = [];
      const fingerprints: string[] = [];
      for (const side of sides) {
        const target = await freshGoldDatabase(dir, `${side}_${round}`, pg);
        try {
          if (side === 'plain') for (const sql of WITHOUT_INDEXES) await target.db.raw(sql);
          const g = await timeGold(target.db, lake, allDays, 1);
          const r = await timeReads(target.db, windows);
          load[side].push(g.ms);
          loadCpu[side].push(g.cpu);
          read[side].push(r.ms);
          byRegion[side].push(r.byRegionMs);
          fingerprints.push(r.fingerprint);
          console.log(
            `${dialect.padEnd(6)} round ${round + 1} ${side.padEnd(7)} load ${(g.ms / 1000).toFixed(1)} s (node CPU ${g.cpu.toFixed(1)} s), alert reads ${r.ms.toFixed(0)} ms (median of ${windows.length} windows x ${READS_PER_WINDOW}); bare SELECTs by time ${r.byTimeMs.toFixed(0)} ms, by region and time ${r.byRegionMs.toFixed(0)} ms`,
          );
          summaries.push(await goldSummary(target.db));
        } finally {
          await target.drop();
        }
      }
      assertSameGold(`${dialect} round ${round + 1}`, summaries[0]!, summaries[1]!);
      if (fingerprints[0] !== fingerprints[1])
        throw new Error(`${dialect} round ${round + 1}: the reads differ:\n${fingerprints.join('\n')}`);
    }
    const [lp, li, rp, ri] = [
      median(load.plain),
      median(load.indexed),
      median(read.plain),
      median(read.indexed),
    ];
    console.log(
      `bench:ts-index ${dialect} ${days} days, ${rounds} rounds: gold load plain ${(lp / 1000).toFixed(1)} s, indexed ${(li / 1000).toFixed(1)} s (x${(li / lp).toFixed(2)}; node CPU x${(median(loadCpu.indexed) / median(loadCpu.plain)).toFixed(2)}${dialect === 'pg' ? ', server not counted' : ''}) | alert reads plain ${rp.toFixed(0)} ms, indexed ${ri.toFixed(0)} ms (x${(ri / rp).toFixed(3)}) | bare SELECTs naming the regions: plain ${median(byRegion.plain).toFixed(0)} ms, indexed ${median(byRegion.indexed).toFixed(0)} ms | same facts and reads | load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const days = Number(process.argv[2] ?? 365);
  const which = process.argv[3] ?? 'both';
  const rounds = Number(process.argv[4] ?? 2);
  console.log(`SYNTHETIC data; ${machineLine()}`);
  if (which === 'sqlite' || which === 'both') await run('sqlite', days, rounds);
  if (which === 'pg' || which === 'both') await run('pg', days, rounds);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
