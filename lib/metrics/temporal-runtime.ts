import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { PlatformConfig } from '../config';
import type { Logger } from '../log';
import { temporalSdkLogger } from '../temporal-log';

/**
 * Installs the Temporal SDK runtime of a worker process: its logs through our JSON logger, and
 * when GPS_TEMPORAL_METRICS_ADDRESS is set, its Prometheus exporter (`temporal_*` metrics:
 * schedule-to-start latency, task slots, poll failures) on that address. Must run before the
 * first NativeConnection, which would otherwise install the default runtime.
 */
export function installTemporalRuntime(
  config: Pick<PlatformConfig, 'observability'>,
  log: Logger,
  options: Pick<RuntimeOptions, 'shutdownSignals'> = {},
): void {
  const bindAddress = config.observability.temporalMetricsAddress;
  Runtime.install({
    ...options,
    logger: temporalSdkLogger(log),
    telemetryOptions: bindAddress
      ? // Seconds, like every other duration Prometheus sees from this platform (default: ms).
        { metrics: { prometheus: { bindAddress, useSecondsForDurations: true } } }
      : undefined,
  });
}
