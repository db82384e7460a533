import { createReaderDb } from '../lib/db';
import { createLogger } from '../lib/log';
import { configOrExit, fail } from '../workers/main-helpers';
import { startApiServer } from './server';

/** API process: reads Gold with the read-only principal. */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'api' });
  const db = createReaderDb(config.db);
  const api = await startApiServer(config, db);
  log.info('API listening', { graphql: `${api.url}/graphql`, auth: config.auth.mode });
  const stop = async () => {
    await api.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(fail);
