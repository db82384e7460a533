import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../activities/config';
import { silentLogger } from '../../lib/log';
import { buildActivityDeps } from '../../workers/dependencies';
import { createWorkers } from '../../workers/workers';

/**
 * A worker in its own process, so a test can SIGKILL it mid-activity like a crashed host: the
 * ingest and transform task queues from GPS_TEMPORAL_YAML with the real activities, configured
 * from the environment like workers/worker.ts. GPS_TEST_WORKFLOW_BUNDLE names a pre-built workflow bundle
 * (bundling again in every process would cost seconds). Prints "ready" once polling.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const deps = await buildActivityDeps(config, silentLogger);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const bundlePath = process.env.GPS_TEST_WORKFLOW_BUNDLE;
  const workers = await createWorkers(
    connection,
    config,
    deps,
    bundlePath ? { workflowBundle: { codePath: bundlePath } } : undefined,
  );
  const running = Promise.all(workers.map((w) => w.run()));
  process.stdout.write('ready\n');
  await running;
  await deps.db.destroy();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
