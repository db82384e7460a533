import { z } from 'zod';
import { defineConfigSlice } from '../../../lib/config';

const port = z.coerce.number().int().min(1).max(65535);

export const ENTSOE_LIVE_URL = 'https://web-api.tp.entsoe.eu/api';

export const dayAheadConfig = defineConfigSlice({
  key: 'dayAhead',
  env: {
    GPS_ENTSOE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** EIC of the bidding zone asked for (in_Domain = out_Domain for A44). */
    GPS_ENTSOE_BIDDING_ZONE: z.string().min(1).default('10YFR-RTE------C'),
    GPS_DAY_AHEAD_INITIAL_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    GPS_DAY_AHEAD_OVERLAP_HOURS: z.coerce.number().int().min(0).default(48),
    GPS_DAY_AHEAD_SLICE_DAYS: z.coerce.number().int().min(1).max(31).default(3),
    GPS_DAY_AHEAD_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    GPS_ENTSOE_REPLAY_PORT: port.default(4013),
  },
  build(e, { replay }) {
    return {
      /** RESTful API endpoint; in replay mode the local stand-in (replay/entsoe-server.ts). */
      baseUrl:
        e.GPS_ENTSOE_BASE_URL ??
        (replay ? `http://127.0.0.1:${e.GPS_ENTSOE_REPLAY_PORT}/api` : ENTSOE_LIVE_URL),
      biddingZone: e.GPS_ENTSOE_BIDDING_ZONE,
      /** First run: this many days back from today (UTC). */
      initialDays: e.GPS_DAY_AHEAD_INITIAL_DAYS,
      /** Later runs start this long before the watermark, so a republished day is read again. */
      overlapHours: e.GPS_DAY_AHEAD_OVERLAP_HOURS,
      /** One request per slice (the API accepts at most one year per query). */
      sliceDays: e.GPS_DAY_AHEAD_SLICE_DAYS,
      timeoutMs: e.GPS_DAY_AHEAD_TIMEOUT_MS,
      /** Replay mode only: no token is needed by the stand-in, one is still sent if configured. */
      replay,
      replayPort: e.GPS_ENTSOE_REPLAY_PORT,
    };
  },
});

export type DayAheadConfig = ReturnType<typeof dayAheadConfig.build>;
