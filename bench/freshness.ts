import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createReaderDb } from '../lib/db';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import { watcherStateQuery } from '../workflows/watch-rte-regional-freshness';
import { ensureFreshnessWatcher, FRESHNESS_WATCHER_ID } from '../workers/freshness-watcher';
import { startDevServer } from '../test/helpers/temporal';
import { startTestPlatform } from '../test/helpers/platform';
import { machineLine, percentile } from './machine';

/**
 * Freshness: the replay server publishes a new quarter-hour (12 regions, SYNTHETIC values) at a
 * random moment; we time until the API's read-only principal sees all 12 rows in Gold. Runs the
 * real platform pieces: Temporal dev server, both workers, the watcher with its default probe
 * interval (override with the second argument), SQLite gold.
 * Usage: npm run bench:freshness -- [trials=10] [probeSeconds=30]
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const trials = Number(process.argv[2] ?? 10);
  const probeSeconds = process.argv[3];
  const env = await startDevServer();
  const platform = await startTestPlatform(
    env,
    probeSeconds ? { GPS_FRESHNESS_PROBE_SECONDS: probeSeconds } : {},
  );
  const reader = createReaderDb(platform.config.db);
  const interval = platform.config.rte.freshnessProbeSeconds;
  try {
    await ensureFreshnessWatcher(env.client, platform.config);
    const watcher = env.client.workflow.getHandle(FRESHNESS_WATCHER_ID);
    let first: string | undefined;
    while (!first) {
      await new Promise((r) => setTimeout(r, 250));
      first = (await watcher.query(watcherStateQuery)).lastSeen;
    }
    let lastSeen: string = first;
    process.stdout.write(
      `watcher up (probe every ${interval} s); ${trials} publications at random moments\n`,
    );

    const latencies: number[] = [];
    for (let t = 0; t < trials; t++) {
      await new Promise((r) => setTimeout(r, Math.random() * interval * 1000));
      const next = new Date(Date.parse(lastSeen) + 900_000);
      platform.replay.publish('eco2mix-regional-tr', [...syntheticEco2mixRegional(next, 1, 100 + t)]);
      const published = performance.now();
      for (;;) {
        const [row] = await reader('fact_regional_balance')
          .where({ ts_utc: next.toISOString() })
          .count({ n: '*' });
        if (Number(row?.n) === 12) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (performance.now() - published) / 1000;
      latencies.push(seconds);
      process.stdout.write(
        `  trial ${t + 1}: ${next.toISOString()} queryable in gold after ${seconds.toFixed(1)} s\n`,
      );
      lastSeen = next.toISOString();
      // Let the watcher record it before the next publication.
      while ((await watcher.query(watcherStateQuery)).lastSeen !== lastSeen) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    process.stdout.write(
      [
        `freshness over ${trials} publications, probe every ${interval} s:`,
        `  p50 ${percentile(sorted, 50).toFixed(1)} s   p95 ${percentile(sorted, 95).toFixed(1)} s   max ${sorted[sorted.length - 1]?.toFixed(1)} s   (target p95 <= 60 s)`,
        `  ${machineLine()}`,
        '',
      ].join('\n'),
    );
    await watcher.terminate('bench over');
  } finally {
    await reader.destroy();
    await platform.stop();
    await env.teardown();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
