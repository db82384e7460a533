import { DefaultLogger, Runtime } from '@temporalio/worker';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import type { BackfillProgress } from '../workflows/backfill-rte-regional';
import { startDevServer } from '../test/helpers/temporal';
import { startTestPlatform } from '../test/helpers/platform';
import { machineLine } from './machine';

/**
 * History backfill of one year for the 12 regions, from a replay of the consolidated dataset
 * (SYNTHETIC values shaped like eco2mix-regional-cons-def), through the real workflow on the
 * Temporal dev server: JSON export per chunk -> Bronze -> Silver -> one child per day for Gold
 * and its gates, SQLite gold. Prints wall time and throughput.
 * Usage: npm run bench:backfill -- [days=365] [chunkDays=7]
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const days = Number(process.argv[2] ?? 365);
  const chunkDays = Number(process.argv[3] ?? 7);
  const env = await startDevServer();
  const platform = await startTestPlatform(env, { GPS_FRESHNESS_PROBE_SECONDS: '0' });
  try {
    const from = new Date('2024-01-01T00:00:00Z');
    const to = new Date(from.getTime() + days * 86_400_000);
    const records = [...syntheticEco2mixRegional(from, days * 96, 2024)].map((r) => ({
      ...r,
      nature: 'Données consolidées',
    }));
    platform.replay.publish('eco2mix-regional-cons-def', records);
    process.stdout.write(`replaying ${records.length} SYNTHETIC records (${days} days x 12 regions)\n`);

    const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
    const started = performance.now();
    let peakRss = 0;
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const handle = await env.client.workflow.start('backfillRteRegional', {
      taskQueue: ingest,
      workflowId: `bench-backfill-${days}d`,
      args: [
        {
          from: from.toISOString().slice(0, 10),
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
      [
        `backfill ${progress.from}..${progress.to} in ${progress.chunksTotal} chunks of ${chunkDays} days, ${progress.runs} workflow runs:`,
        `  wall time ${seconds.toFixed(1)} s; ${progress.records} records (${Math.round(progress.records / seconds)} records/s) -> ${progress.goldRows} gold rows; failed days ${progress.failedDays.length}`,
        `  peak RSS of this process (replay server + workers + Polars) ${(peakRss / 2 ** 20).toFixed(0)} MB`,
        `  ${machineLine()}`,
        '',
      ].join('\n'),
    );
  } finally {
    await platform.stop();
    await env.teardown();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
