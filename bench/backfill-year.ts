import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import type { BackfillProgress } from '../workflows/backfill-rte-regional';
import { namespaceOf, startDevServer } from '../test/helpers/temporal';
import { WorkerProcesses } from '../test/helpers/worker-process';
import { startTestPlatform } from '../test/helpers/platform';
import { backfillBreakdown, formatBreakdown } from './backfill-breakdown';
import { assertSameGold, goldSummary, type GoldSummary } from './gold-summary';
import { machineLine } from './machine';
import { sqliteMedallionOnce } from './medallion-year';

/**
 * History backfill of the 12 regions from a replay of the consolidated dataset (SYNTHETIC values
 * shaped like eco2mix-regional-cons-def), through the real workflow on the Temporal dev server:
 * JSON export per chunk -> Bronze -> Silver -> one child per chunk for Gold (one load) and its
 * gates, SQLite Gold. Paired in the same process with `bench:year`'s data path on SQLite over the
 * same records, Gold loaded chunkDays days at a time as the child loads it, alternating, so the
 * ratio is what orchestration, the stand-in and the gates add to the data work.
 * Fails when the two Gold databases differ (bench/gold-summary.ts: facts, dim_date and rollups).
 * Workers: `split` runs the transform queue in a worker process of its own, as a deployment with
 * GPS_WORKER_QUEUES does; `one` runs both queues in this process.
 * Usage: npm run bench:backfill -- [days=365] [runs=3] [chunkDays=7] [split|one]
 */

type Workers = 'split' | 'one';

const FROM = new Date('2024-01-01T00:00:00Z');

async function backfillOnce(
  env: TestWorkflowEnvironment,
  records: Record<string, unknown>[],
  days: number,
  chunkDays: number,
  run: number,
  workers: Workers,
): Promise<{ seconds: number; summary: GoldSummary }> {
  const platform = await startTestPlatform(env, {
    GPS_FRESHNESS_PROBE_SECONDS: '0',
    GPS_WORKER_QUEUES: workers === 'split' ? 'ingest' : 'ingest,transform',
  });
  let transformProcess: WorkerProcesses | undefined;
  try {
    if (workers === 'split') {
      // Same data dir, so the same lake and Gold file; the default queue names of the platform.
      transformProcess = await WorkerProcesses.prepare(platform.dataDir, 'gps', {
        GPS_ODRE_BASE_URL: platform.replay.baseUrl,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_NAMESPACE: namespaceOf(env),
        GPS_WORKER_QUEUES: 'transform',
        GPS_FRESHNESS_PROBE_SECONDS: '0',
      });
      await transformProcess.start();
    }
    platform.replay.publish('eco2mix-regional-cons-def', records);
    const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
    const to = new Date(FROM.getTime() + days * 86_400_000);
    const workflowId = `bench-backfill-${days}d-${run}-${Date.now()}`;
    const started = performance.now();
    let peakRss = 0;
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const handle = await env.client.workflow.start('backfillRteRegional', {
      taskQueue: ingest,
      workflowId,
      args: [
        {
          from: FROM.toISOString().slice(0, 10),
          to: to.toISOString().slice(0, 10),
          chunkDays,
          transformTaskQueue: transform,
        },
      ],
    });
    const progress = (await handle.result()) as BackfillProgress;
    clearInterval(sample);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `backfill  run ${run}: ${seconds.toFixed(1)} s; ${progress.chunksTotal} chunks of ${chunkDays} days, ${progress.runs} workflow runs, ${progress.records} records (${Math.round(progress.records / seconds)} records/s) -> ${progress.goldRows} gold rows; failed days ${progress.failedDays.length}; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB\n`,
    );
    process.stdout.write(`${formatBreakdown(await backfillBreakdown(env.client, workflowId))}\n`);
    return { seconds, summary: await goldSummary(platform.db, { rollups: true }) };
  } finally {
    await transformProcess?.stopAll();
    await platform.stop();
  }
}

async function yearOnce(
  records: Record<string, unknown>[],
  days: number,
  chunkDays: number,
  run: number,
): Promise<{ seconds: number; summary: GoldSummary }> {
  process.stdout.write(
    `bench:year run ${run} (Gold ${chunkDays} day(s) per load, as the backfill's chunks):\n`,
  );
  const once = await sqliteMedallionOnce(FROM, records[Symbol.iterator](), days, chunkDays);
  return { seconds: once.ms / 1000, summary: once.summary };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const days = Number(process.argv[2] ?? 365);
  const runs = Number(process.argv[3] ?? 3);
  const chunkDays = Number(process.argv[4] ?? 7);
  const workers = (process.argv[5] ?? 'split') as Workers;
  if (workers !== 'split' && workers !== 'one')
    throw new Error(`workers must be split or one, got ${workers}`);
  process.stdout.write(`${machineLine()}; backfill workers: ${workers}\n`);
  const records = [...syntheticEco2mixRegional(FROM, days * 96, 2024)].map((r) => ({
    ...r,
    nature: 'Données consolidées',
  }));
  process.stdout.write(
    `${records.length} SYNTHETIC records (${days} days x 12 regions), ${runs} paired runs\n`,
  );
  const env = await startDevServer();
  const year: number[] = [];
  const backfill: number[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      // Alternate which side goes first, so a slow spell of the shared machine hits both.
      const sides = run % 2 ? (['year', 'backfill'] as const) : (['backfill', 'year'] as const);
      const summaries: Partial<Record<(typeof sides)[number], GoldSummary>> = {};
      for (const side of sides) {
        const r =
          side === 'year'
            ? await yearOnce(records, days, chunkDays, run)
            : await backfillOnce(env, records, days, chunkDays, run, workers);
        (side === 'year' ? year : backfill).push(r.seconds);
        summaries[side] = r.summary;
      }
      assertSameGold(`run ${run} year/backfill Gold`, summaries.year!, summaries.backfill!);
    }
  } finally {
    await env.teardown();
  }
  const y = median(year);
  const b = median(backfill);
  process.stdout.write(
    [
      `bench:year (SQLite, no Temporal, ${chunkDays} day(s) per Gold load): ${year.map((s) => s.toFixed(1)).join(', ')} s; median ${y.toFixed(1)} s`,
      `bench:backfill (Temporal):        ${backfill.map((s) => s.toFixed(1)).join(', ')} s; median ${b.toFixed(1)} s`,
      `backfill / year: ${(b / y).toFixed(2)} (target <= 1.5)`,
      `  ${machineLine()}`,
      '',
    ].join('\n'),
  );
  process.stdout.write(
    'Gold the same on both sides in every run (counts, sums and sample rows of the facts and dim_date; counts and sums of the rollups)\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
