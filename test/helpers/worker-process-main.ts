import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../activities/config';
import type { LakeStore } from '../../lib/lake';
import { silentLogger } from '../../lib/log';
import { buildActivityDeps } from '../../workers/dependencies';
import { createWorkers } from '../../workers/workers';

/**
 * A worker in its own process, so a test can SIGKILL it mid-activity like a crashed host: the
 * ingest and transform task queues from GPS_TEMPORAL_YAML with the real activities, configured
 * from the environment like workers/worker.ts. GPS_TEST_WORKFLOW_BUNDLE names a pre-built workflow bundle
 * (bundling again in every process would cost seconds). GPS_TEST_LAKE_LATENCY_MS slows every
 * lake call, so a transform lasts long enough to be killed inside (GPS_TEST_LAKE_ONE_AT_A_TIME:
 * one call at a time). Prints "ready <identity>" once
 * polling: the identity its workers give the server, which names them in workflow histories.
 */

/**
 * Every lake call waits `ms` first; with `oneAtATime`, calls also wait for each other, like a
 * store reached through one slow connection: a transform's partition writes then follow one
 * another even where the code overlaps them, so a test can kill it between two.
 */
function slowed(lake: LakeStore, ms: number, oneAtATime: boolean): LakeStore {
  const pause = () => new Promise((resolve) => setTimeout(resolve, ms));
  let queue: Promise<unknown> = Promise.resolve();
  return new Proxy(lake, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const call = async (...args: unknown[]) => {
        await pause();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
      if (!oneAtATime) return call;
      return (...args: unknown[]) => {
        const result = queue.then(() => call(...args));
        queue = result.catch(() => undefined);
        return result;
      };
    },
  });
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const deps = await buildActivityDeps(config, silentLogger);
  const latencyMs = Number(process.env.GPS_TEST_LAKE_LATENCY_MS ?? 0);
  if (latencyMs > 0)
    deps.lake = slowed(deps.lake, latencyMs, process.env.GPS_TEST_LAKE_ONE_AT_A_TIME === 'true');
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const bundlePath = process.env.GPS_TEST_WORKFLOW_BUNDLE;
  const workers = await createWorkers(
    connection,
    config,
    deps,
    bundlePath ? { workflowBundle: { codePath: bundlePath } } : undefined,
  );
  const running = Promise.all(workers.map((w) => w.run()));
  process.stdout.write(`ready ${workers[0]?.options.identity ?? ''}\n`);
  await running;
  await deps.db.destroy();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
