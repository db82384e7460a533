import path from 'node:path';
import { z } from 'zod';
import { ConfigError, defineConfigSlice } from '../../../lib/config';
import { readMaintenanceSelectors } from '../../../lib/scrape/maintenance-selectors';

const port = z.coerce.number().int().min(1).max(65535);

export const maintenanceConfig = defineConfigSlice({
  key: 'maintenance',
  env: {
    GPS_MAINTENANCE_URL: z.string().url().optional(),
    GPS_MAINTENANCE_YAML: z.string().min(1).default('maintenance.yaml'),
    GPS_MAINTENANCE_MAX_PAGES: z.coerce.number().int().min(1).optional(),
    GPS_MAINTENANCE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    GPS_MAINTENANCE_REPLAY_PORT: port.default(4011),
    GPS_CHROMIUM_PATH: z.string().min(1).optional(),
  },
  build(e, { replay, rawEnv }) {
    const selectorsFile = readMaintenanceSelectors(path.resolve(e.GPS_MAINTENANCE_YAML));
    if (!selectorsFile.ok) throw new ConfigError(selectorsFile.problem);
    const selectors = selectorsFile.value;
    return {
      /** First page of the listing; unset in live mode until an operator names the page to scrape. */
      url:
        e.GPS_MAINTENANCE_URL ??
        (replay ? `http://127.0.0.1:${e.GPS_MAINTENANCE_REPLAY_PORT}/indisponibilites` : undefined),
      selectors: { ...selectors, maxPages: e.GPS_MAINTENANCE_MAX_PAGES ?? selectors.maxPages },
      /** Per navigation (document and the data it loads). */
      timeoutMs: e.GPS_MAINTENANCE_TIMEOUT_MS,
      chromiumPath: e.GPS_CHROMIUM_PATH ?? rawEnv.CHROMIUM_PATH ?? '/usr/bin/chromium',
      replayPort: e.GPS_MAINTENANCE_REPLAY_PORT,
    };
  },
});

export type MaintenanceConfig = ReturnType<typeof maintenanceConfig.build>;
