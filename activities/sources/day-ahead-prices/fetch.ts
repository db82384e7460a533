import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { AUDIT_STEP } from '../../audit-vocabulary';
import { reportProgress } from '../../heartbeat';
import { quarantinePayload, writeBronze } from '../../bronze/lake-objects';
import { readWatermark } from '../../watermark';
import {
  HttpStatusError,
  HttpTimeoutError,
  PayloadError,
  parseRetryAfter,
} from '../../../lib/http/odre-client';
import { A44FormatError, isNoMatchingData, parseEntsoeDocument } from './a44';
import type { DayAheadConfig } from './config';

export const SOURCE = 'day-ahead-prices' as const;
export const BRONZE_PREFIX = 'bronze/entsoe/day-ahead-prices';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DayAheadWindow {
  from: string;
  to: string;
}

export interface DayAheadFetchResult {
  /** Set when the source is not configured (no token in live mode): nothing was asked. */
  skipped?: string;
  window?: DayAheadWindow;
  /** Bronze keys of the documents received, acknowledgements included. */
  objects: { key: string; isNew: boolean }[];
  /** Slices the API answered with "No matching data found" (reason code 999). */
  emptySlices: number;
}

/** `YYYYMMDDHHMM` in UTC, the API's periodStart/periodEnd format. */
export function entsoePeriod(t: number): string {
  return new Date(t).toISOString().replace(/[-:T]/g, '').slice(0, 12);
}

/**
 * The window of a run: from the watermark less the overlap (first run: `initialDays` before
 * today, UTC), up to the end of tomorrow (UTC), so tomorrow's delivery day published at about
 * 12:45 CET is read the same day; cut into slices of `sliceDays`.
 */
export function dayAheadWindow(
  config: Pick<DayAheadConfig, 'initialDays' | 'overlapHours' | 'sliceDays'>,
  watermark: string | undefined,
  now: number,
): { window: DayAheadWindow; slices: [number, number][] } {
  const today = Math.floor(now / DAY) * DAY;
  const to = today + 2 * DAY;
  const from =
    watermark === undefined
      ? today - config.initialDays * DAY
      : Math.floor((Date.parse(watermark) - config.overlapHours * HOUR) / HOUR) * HOUR;
  const start = Math.min(from, to - DAY);
  const slices: [number, number][] = [];
  for (let t = start; t < to; t += config.sliceDays * DAY)
    slices.push([t, Math.min(t + config.sliceDays * DAY, to)]);
  return { window: { from: new Date(start).toISOString(), to: new Date(to).toISOString() }, slices };
}

/** The URL without its token: what errors, logs and Bronze metadata may carry. */
const redact = (url: string) => url.replace(/securityToken=[^&]*/, 'securityToken=***');

async function getOnce(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; body: string; retryAfter: string | null }> {
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/xml' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      body: await response.text(),
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new HttpTimeoutError(`no complete answer from ${redact(url)} within ${timeoutMs} ms`);
    }
    throw new Error(`request to ${redact(url)} failed: ${e.message}`, { cause: err });
  }
}

/** An acknowledgement in an error answer: its reason says more than the status. */
function ackOf(body: string): { code: string; text: string } | undefined {
  try {
    const doc = parseEntsoeDocument(body);
    return doc.kind === 'acknowledgement' ? doc : undefined;
  } catch {
    return undefined;
  }
}

export function createDayAheadFetch(deps: ActivityDeps) {
  return async function dayAheadPricesToBronze(input: { now?: string } = {}): Promise<DayAheadFetchResult> {
    const config = deps.config.dayAhead;
    const outcome = await audited(deps.db, { step: AUDIT_STEP.toBronze, source: SOURCE }, async () => {
      const token = await deps.secrets.get('entsoe-token');
      if (!token && !config.replay) {
        const skipped = `no ENTSO-E token (GPS_ENTSOE_TOKEN or its Key Vault secret): day-ahead prices not fetched`;
        return {
          skipped,
          details: {},
          result: { skipped, objects: [], emptySlices: 0 } as DayAheadFetchResult,
        };
      }
      const now = input.now ? Date.parse(input.now) : Date.now();
      const { window, slices } = dayAheadWindow(config, await readWatermark(deps.db, SOURCE), now);
      const objects: DayAheadFetchResult['objects'] = [];
      let emptySlices = 0;
      let bytes = 0;
      for (const [from, to] of slices) {
        const params: Record<string, string> = {
          documentType: 'A44',
          in_Domain: config.biddingZone,
          out_Domain: config.biddingZone,
          periodStart: entsoePeriod(from),
          periodEnd: entsoePeriod(to),
        };
        const query = new URLSearchParams({ ...params, ...(token ? { securityToken: token } : {}) });
        const url = `${config.baseUrl}?${query}`;
        const { status, body, retryAfter } = await getOnce(url, config.timeoutMs);
        if (status < 200 || status >= 300) {
          const ack = ackOf(body);
          if (ack && isNoMatchingData(ack)) emptySlices++;
          else {
            throw new HttpStatusError(
              redact(url),
              status,
              parseRetryAfter(retryAfter),
              ack ? `acknowledgement ${ack.code}: ${ack.text}` : body.slice(0, 300),
            );
          }
        } else {
          let points = 0;
          let kind: 'publication' | 'acknowledgement';
          try {
            const doc = parseEntsoeDocument(body);
            kind = doc.kind;
            if (doc.kind === 'publication') points = doc.rows.length;
            if (doc.kind === 'acknowledgement' && !isNoMatchingData(doc)) {
              throw new PayloadError(
                `ENTSO-E refused ${redact(url)}: acknowledgement ${doc.code}: ${doc.text}`,
                'schema',
                body,
              );
            }
            if (doc.kind === 'acknowledgement') emptySlices++;
          } catch (err) {
            if (!(err instanceof A44FormatError)) throw err;
            const key = await quarantinePayload(deps.lake, SOURCE, body, err.message);
            // Not XML at all is often a cut answer (retried); well-formed but another document is a change.
            throw new PayloadError(
              `body from ${redact(url)} quarantined at ${key}: ${err.message}`,
              err.message.startsWith('not well-formed') ? 'malformed' : 'schema',
              body,
            );
          }
          if (kind === 'publication') {
            const stored = await writeBronze(deps.lake, BRONZE_PREFIX, 'xml', body, {
              source: SOURCE,
              url: config.baseUrl,
              params,
              httpStatus: status,
              recordCount: points,
              fetchedAt: new Date().toISOString(),
            });
            objects.push({ key: stored.key, isNew: stored.isNew });
            bytes += stored.bytes;
          }
        }
        reportProgress();
      }
      const result: DayAheadFetchResult = { window, objects, emptySlices };
      return {
        rows: objects.length,
        bytes,
        details: { window, slices: slices.length, emptySlices, objects: objects.map((o) => o.key) },
        result,
      };
    });
    return outcome.result;
  };
}
