import { createLogger } from '../lib/log';
import { configOrExit, fail } from './main-helpers';
import { startProcessMetrics } from './process-metrics';
import { startApiCluster } from './api-cluster';
import { startApiProcess } from './api-process';

/**
 * API process: reads Gold with the read-only principal; run history and schedules from Temporal.
 * With GPS_API_PROCESSES > 1 this process only supervises that many API processes on its port
 * and serves their metrics together.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'api' });
  const clustered = config.api.processes > 1;
  const api = clustered ? await startApiCluster(config, log) : await startApiProcess(config, log);
  log.info('API listening', { url: api.url, auth: config.auth.mode, processes: config.api.processes });
  const metrics = await startProcessMetrics(config, log, { withApiProcesses: clustered });
  const stop = async () => {
    await api.close();
    await metrics?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(fail);
