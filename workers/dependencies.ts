import type { ActivityDeps } from '../activities';
import type { Config } from '../activities/config';
import { createWriterDb } from '../lib/db';
import { prepareGoldDatabase } from '../db/prepare';
import { OdreClient } from '../lib/http/odre-client';
import { createLake } from '../lib/lake';
import { createLogger, type Logger } from '../lib/log';
import { activityContextLogger } from '../activities/activity-log';
import { createSecretProvider } from '../lib/secrets';

/** Builds what activities need from the configuration: the writer principal, the lake, the clients. */
export async function buildActivityDeps(
  config: Config,
  log: Logger = createLogger({ component: 'worker' }),
): Promise<ActivityDeps> {
  const db = createWriterDb(config.db);
  await prepareGoldDatabase(db, config.db);
  const secrets = createSecretProvider(config.secrets);
  const odreApiKey = await secrets.get('odre-api-key');
  log.info('ODRE API key', { configured: odreApiKey !== undefined, from: secrets.description });
  return {
    config,
    db,
    lake: createLake(config.lake),
    odre: new OdreClient({
      baseUrl: config.rte.baseUrl,
      apiKey: odreApiKey,
      timeoutMs: config.rte.httpTimeoutMs,
    }),
    secrets,
    log: activityContextLogger(log),
  };
}
