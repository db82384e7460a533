import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../lib/log';
import { buildActivityDeps } from './dependencies';
import { keepLivenessFile } from './liveness';
import { configOrExit, fail } from './main-helpers';
import { createWorkers } from './workers';

/**
 * Worker process against TEMPORAL_ADDRESS: the task queues of `GPS_WORKER_QUEUES` (both by
 * default; one per process in production). Stops cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'worker' });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const deps = await buildActivityDeps(config, log);
  const workers = await createWorkers(connection, config, deps);
  const stopLiveness = keepLivenessFile();
  log.info('workers running', {
    roles: config.workerQueues,
    taskQueues: config.temporal.declarations.taskQueues,
    address: config.temporal.address,
  });
  await Promise.all(workers.map((w) => w.run()));
  stopLiveness();
  await deps.db.destroy();
  await connection.close();
}

main().catch(fail);
