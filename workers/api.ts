import { Client, Connection } from '@temporalio/client';
import { createReaderDb } from '../lib/db';
import { createLogger } from '../lib/log';
import { configOrExit, fail } from './main-helpers';
import { startProcessMetrics } from './process-metrics';
import { startApiServer } from '../graphql/server';
import { temporalConnectionOptions } from '../lib/temporal-security';
import { startTracing } from '../lib/tracing/provider';
import { tracingClientInterceptors } from '../lib/tracing/temporal';

/** API process: reads Gold with the read-only principal; run history and schedules from Temporal. */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'api' });
  const db = createReaderDb(config.db);
  // Lazy: the API starts (and /readyz says why it is not ready) while Temporal is still down.
  const connection = Connection.lazy(temporalConnectionOptions(config.temporal));
  const tracing = startTracing(config, 'gps-api');
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    interceptors: tracingClientInterceptors(tracing),
  });
  const api = await startApiServer(config, db, { temporal, log });
  log.info('API listening', { url: api.url, auth: config.auth.mode });
  const metrics = await startProcessMetrics(config, log);
  const stop = async () => {
    await api.close();
    await metrics?.close();
    await connection.close();
    await db.destroy();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(fail);
