import { loadConfigWith, type PlatformConfig, type ScheduledSource, type SlicesConfig } from '../lib/config';
import { alertNotifyConfig } from './alerts/notify/config';
import { alertsConfig } from './alerts/rules-config';
import { SOURCES } from './sources/registry';

/**
 * The configuration workers run on: the platform's and every registered source's slice, read
 * as `config.<slice key>` (config.rte, config.maintenance, ...), and the alerts' slices, which are
 * not sources: the rules (`config.alerts`, alerts.yaml) and their notification
 * (`config.alertNotify`). The API reads the same file.
 */
const SLICES = [...SOURCES.map((s) => s.config), alertsConfig, alertNotifyConfig];

export type Config = PlatformConfig & SlicesConfig<typeof SLICES>;

/** How the temporal.yaml check sees the registry. */
export const SCHEDULED_SOURCES: readonly ScheduledSource[] = SOURCES.map((s) => ({
  id: s.id,
  workflow: s.workflow,
  schedule: s.schedule,
}));

/** Builds the configuration from an environment (process.env by default). Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfigWith(env, { slices: SLICES, sources: SCHEDULED_SOURCES });
}

/** A source's configuration slice, as its descriptor's stand-in and activities read it. */
export function sliceOf(config: Config, source: { config?: { key: string } }): unknown {
  return source.config ? (config as unknown as Record<string, unknown>)[source.config.key] : undefined;
}
