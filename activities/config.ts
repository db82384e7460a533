import {
  loadConfigWith,
  PLATFORM_ENV_VARIABLES,
  type PlatformConfig,
  type ScheduledSource,
  type SlicesConfig,
} from '../lib/config';
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

/**
 * Every environment variable the configuration reads: the platform's and each slice's. Anything
 * else set for a process is ignored by it, which is how a misspelt name goes unnoticed; the
 * compose file is checked against this (test/unit/compose-config.test.ts).
 */
export const CONFIG_ENV_VARIABLES: ReadonlySet<string> = new Set([
  ...PLATFORM_ENV_VARIABLES,
  ...SLICES.flatMap((slice) => Object.keys(slice.env)),
]);

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
