import { Client, Connection } from '@temporalio/client';
import type { PlatformConfig } from '../lib/config';
import { createReaderDb } from '../lib/db';
import type { Logger } from '../lib/log';
import type { LocalSigningKey } from '../graphql/auth';
import { startApiServer, type ApiServer } from '../graphql/server';
import { temporalConnectionOptions } from '../lib/temporal-security';
import { startTracing } from '../lib/tracing/provider';
import { tracingClientInterceptors } from '../lib/tracing/temporal';

/**
 * One API process's server and what it owns: the reader connection to Gold, a lazy Temporal
 * client (the API starts, and /readyz says why it is not ready, while Temporal is still down)
 * and its tracing. `close` stops taking requests, lets the ones in flight finish, then releases
 * the rest.
 */
export async function startApiProcess(
  config: PlatformConfig,
  log: Logger,
  localSigningKey?: LocalSigningKey,
): Promise<ApiServer> {
  const db = createReaderDb(config.db);
  const connection = Connection.lazy(temporalConnectionOptions(config.temporal));
  const tracing = startTracing(config, 'gps-api');
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    interceptors: tracingClientInterceptors(tracing),
  });
  const api = await startApiServer(config, db, { temporal, log, localSigningKey });
  return {
    url: api.url,
    close: async () => {
      await api.close();
      await connection.close();
      await db.destroy();
      await tracing?.shutdown();
    },
  };
}
