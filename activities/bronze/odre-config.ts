import { z } from 'zod';
import { ConfigError, defineConfigSlice } from '../../lib/config';
import {
  DEFAULT_PROBE_PLAN,
  worstCaseDailyRequests,
  type ProbePlan,
} from '../../lib/domain/freshness-schedule';

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
    GPS_FRESHNESS_PROBE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(DEFAULT_PROBE_PLAN.sparseSeconds),
    GPS_FRESHNESS_DENSE_PROBE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(60)
      .default(DEFAULT_PROBE_PLAN.denseSeconds),
    GPS_FRESHNESS_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(900)
      .default(DEFAULT_PROBE_PLAN.windowSeconds),
    GPS_FRESHNESS_CYCLE_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(86_400)
      .default(DEFAULT_PROBE_PLAN.cycleSeconds),
    GPS_FRESHNESS_DAILY_REQUESTS: z.coerce.number().int().min(1).default(DEFAULT_PROBE_PLAN.dailyRequests),
    GPS_REPLAY_PORT: port.default(4010),
  },
  build(e, { replay, httpTimeoutMs }) {
    const freshness = {
      cycleSeconds: e.GPS_FRESHNESS_CYCLE_SECONDS,
      denseSeconds: e.GPS_FRESHNESS_DENSE_PROBE_SECONDS,
      windowSeconds: e.GPS_FRESHNESS_WINDOW_SECONDS,
      sparseSeconds: e.GPS_FRESHNESS_PROBE_SECONDS,
      dailyRequests: e.GPS_FRESHNESS_DAILY_REQUESTS,
    };
    if (freshness.sparseSeconds > 0) checkProbePlan(freshness);
    const baseUrl = replay ? `http://127.0.0.1:${e.GPS_REPLAY_PORT}/api/explore/v2.1` : e.GPS_ODRE_BASE_URL;
    return {
      mode: replay ? ('replay' as const) : ('live' as const),
      baseUrl: baseUrl.replace(/\/$/, ''),
      // The bundled recordings are from 2025; a replay run starts before them instead of "24 h ago".
      initialWatermark: e.GPS_RTE_INITIAL_WATERMARK ?? (replay ? '2025-01-01T00:00:00Z' : undefined),
      lookbackHours: e.GPS_RTE_LOOKBACK_HOURS,
      overlapMinutes: e.GPS_RTE_OVERLAP_MINUTES,
      httpTimeoutMs,
      /** Seconds between freshness probes outside the dense window; 0 turns the watcher off. */
      freshnessProbeSeconds: e.GPS_FRESHNESS_PROBE_SECONDS,
      /** When and how often the freshness watcher probes, and its daily request budget. */
      freshness,
      /** Port of the ODRE stand-in (replay/odre-replay-server.ts) in replay mode. */
      replayPort: e.GPS_REPLAY_PORT,
    };
  },
});

/**
 * A plan whose worst day (every window probed to its end, one ingestion page per cycle) would
 * exceed its budget is refused at start: the budget is then a guarantee, not a hope. The watcher
 * also stops at the budget (lib/domain/freshness-schedule.ts), but a plan that reaches it goes blind for the
 * rest of the day.
 */
function checkProbePlan(plan: ProbePlan): void {
  if (2 * plan.windowSeconds >= plan.cycleSeconds) {
    throw new ConfigError(
      `GPS_FRESHNESS_WINDOW_SECONDS (${plan.windowSeconds}) must be under half of GPS_FRESHNESS_CYCLE_SECONDS (${plan.cycleSeconds})`,
    );
  }
  const worst = worstCaseDailyRequests(plan);
  if (worst > plan.dailyRequests) {
    throw new ConfigError(
      `the freshness probe plan can cost ${worst} requests a day, over GPS_FRESHNESS_DAILY_REQUESTS=${plan.dailyRequests}: probe less often (GPS_FRESHNESS_PROBE_SECONDS, GPS_FRESHNESS_DENSE_PROBE_SECONDS) or narrow GPS_FRESHNESS_WINDOW_SECONDS`,
    );
  }
}

export type OdreConfig = ReturnType<typeof odreConfig.build>;
