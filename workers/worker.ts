import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../lib/log';
import { installTemporalRuntime } from '../lib/metrics/temporal-runtime';
import { startProcessMetrics } from './process-metrics';
import { buildActivityDeps } from './dependencies';
import { keepLivenessFile } from './liveness';
import { configOrExit, fail } from './main-helpers';
import { createWorkers, defaultWorkflowSource } from './workers';
import { startTracing } from '../lib/tracing/provider';
import { temporalConnectionOptions } from '../lib/temporal-security';

/**
 * Worker process against TEMPORAL_ADDRESS: the task queues of `GPS_WORKER_QUEUES` (both by
 * default; one per process in production). Stops cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'worker' });
  installTemporalRuntime(config, log);
  const metrics = await startProcessMetrics(config, log);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const deps = await buildActivityDeps(config, log);
  const tracing = startTracing(config, 'gps-worker');
  const workers = await createWorkers(
    connection,
    config,
    deps,
    defaultWorkflowSource(tracing !== undefined),
    config.workerQueues,
    tracing,
  );
  const stopLiveness = keepLivenessFile();
  log.info('workers running', {
    roles: config.workerQueues,
    taskQueues: config.temporal.declarations.taskQueues,
    address: config.temporal.address,
    traces: config.observability.traces?.url,
  });
  await Promise.all(workers.map((w) => w.run()));
  stopLiveness();
  await deps.db.destroy();
  await connection.close();
  await metrics?.close();
  // After the workers stopped: the last workflow and activity spans are flushed, not dropped.
  await tracing?.shutdown();
}

main().catch(fail);
