import { z } from 'zod';
import { defineConfigSlice } from '../../lib/config';

const port = z.coerce.number().int().min(1).max(65535);

/**
 * ODRE (Opendatasoft) settings shared by both eCO2mix feeds, regional and national: one API, one
 * incremental window policy. The API key is a secret and comes from the secret provider.
 */
export const odreConfig = defineConfigSlice({
  key: 'rte',
  env: {
    GPS_ODRE_BASE_URL: z.string().url().default('https://odre.opendatasoft.com/api/explore/v2.1'),
    GPS_RTE_INITIAL_WATERMARK: z.iso.datetime({ offset: true }).optional(),
    GPS_RTE_LOOKBACK_HOURS: z.coerce.number().positive().default(24),
    GPS_RTE_OVERLAP_MINUTES: z.coerce.number().int().min(0).default(60),
    GPS_FRESHNESS_PROBE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    GPS_REPLAY_PORT: port.default(4010),
  },
  build(e, { replay, httpTimeoutMs }) {
    const baseUrl = replay ? `http://127.0.0.1:${e.GPS_REPLAY_PORT}/api/explore/v2.1` : e.GPS_ODRE_BASE_URL;
    return {
      mode: replay ? ('replay' as const) : ('live' as const),
      baseUrl: baseUrl.replace(/\/$/, ''),
      // The bundled recordings are from 2025; a replay run starts before them instead of "24 h ago".
      initialWatermark: e.GPS_RTE_INITIAL_WATERMARK ?? (replay ? '2025-01-01T00:00:00Z' : undefined),
      lookbackHours: e.GPS_RTE_LOOKBACK_HOURS,
      overlapMinutes: e.GPS_RTE_OVERLAP_MINUTES,
      httpTimeoutMs,
      /** Seconds between freshness probes of the regional feed; 0 turns the watcher off. */
      freshnessProbeSeconds: e.GPS_FRESHNESS_PROBE_SECONDS,
      /** Port of the ODRE stand-in (replay/odre-replay-server.ts) in replay mode. */
      replayPort: e.GPS_REPLAY_PORT,
    };
  },
});

export type OdreConfig = ReturnType<typeof odreConfig.build>;
