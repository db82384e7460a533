import type { PlatformConfig } from '../lib/config';
import type { Logger } from '../lib/log';
import { clusterMetricsSource } from '../lib/metrics/cluster';
import { processMetrics } from '../lib/metrics/registry';
import { startMetricsServer, type MetricsServer } from '../lib/metrics/server';

/**
 * The process's `/metrics` listener when GPS_METRICS_PORT is set; undefined otherwise.
 * `withApiProcesses`: this process started API processes (workers/api-cluster.ts), and the
 * listener adds their registries to its own, since they share one port and cannot each be scraped.
 */
export async function startProcessMetrics(
  config: Pick<PlatformConfig, 'observability'>,
  log: Logger,
  { withApiProcesses = false }: { withApiProcesses?: boolean } = {},
): Promise<MetricsServer | undefined> {
  const listen = config.observability.metrics;
  if (!listen) return undefined;
  const own = processMetrics().registry;
  const server = await startMetricsServer(withApiProcesses ? clusterMetricsSource(own) : own, listen);
  log.info('metrics listening', { url: server.url });
  return server;
}
