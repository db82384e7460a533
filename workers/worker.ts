import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../lib/log';
import { buildActivityDeps } from './dependencies';
import { configOrExit, fail } from './main-helpers';
import { createWorkers } from './workers';

/** Worker process: both task queues against TEMPORAL_ADDRESS. Stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'worker' });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const deps = await buildActivityDeps(config, log);
  const workers = await createWorkers(connection, config, deps);
  log.info('workers running', {
    taskQueues: config.temporal.declarations.taskQueues,
    address: config.temporal.address,
  });
  await Promise.all(workers.map((w) => w.run()));
  await deps.db.destroy();
  await connection.close();
}

main().catch(fail);
