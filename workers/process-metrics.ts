import type { PlatformConfig } from '../lib/config';
import type { Logger } from '../lib/log';
import { processMetrics } from '../lib/metrics/registry';
import { startMetricsServer, type MetricsServer } from '../lib/metrics/server';

/** The process's `/metrics` listener when GPS_METRICS_PORT is set; undefined otherwise. */
export async function startProcessMetrics(
  config: Pick<PlatformConfig, 'observability'>,
  log: Logger,
): Promise<MetricsServer | undefined> {
  const listen = config.observability.metrics;
  if (!listen) return undefined;
  const server = await startMetricsServer(processMetrics().registry, listen);
  log.info('metrics listening', { url: server.url });
  return server;
}
