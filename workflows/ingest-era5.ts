import {
  log,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import type { Era5FetchResult } from '../activities/sources/era5';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE, GPS_WINDOW_END, GPS_WINDOW_START } from './search-attributes';
import { SOURCE_FETCH } from './retry-policies';

export interface IngestEra5Input {
  /** Part of every scheduled workflow's input (workers/schedules.ts); unused here: ERA5 stops at Bronze for now. */
  transformTaskQueue: string;
  /** Another object than GPS_ERA5_URL (a backfill of an older extract). */
  url?: string;
}

/**
 * A long streaming read: a short heartbeat timeout so a killed worker's attempt is declared lost
 * within seconds and retried, resuming from the last heartbeated chunk instead of the first byte.
 */
export const ERA5_STREAM: ActivityOptions = {
  ...SOURCE_FETCH,
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '15 seconds',
  retry: { ...SOURCE_FETCH.retry, initialInterval: '1s', maximumAttempts: 10 },
};

/** ERA5 weather Parquet (object storage) -> Bronze, one Parquet per year/month. */
export async function ingestEra5(input: IngestEra5Input): Promise<Era5FetchResult> {
  const ingest = proxyActivities<IngestActivities>(ERA5_STREAM);
  const result = await ingest.fetchEra5ToBronze({ url: input.url });
  if (result.skipped) {
    log.warn('ERA5 skipped', { reason: result.skipped });
    upsertMemo({ summary: `skipped: ${result.skipped}` });
    return result;
  }
  upsertSearchAttributes([
    { key: GPS_SOURCE, value: 'era5' },
    { key: GPS_LAYER, value: 'bronze' },
    { key: GPS_ROWS, value: result.rows },
    ...(result.firstInstant ? [{ key: GPS_WINDOW_START, value: new Date(result.firstInstant) }] : []),
    ...(result.lastInstant ? [{ key: GPS_WINDOW_END, value: new Date(result.lastInstant) }] : []),
  ]);
  const fresh = result.partitions.filter((p) => p.isNew).length;
  upsertMemo({
    summary: `${result.object} (${result.bytes} bytes, sha256 ${result.sha256?.slice(0, 16)}): ${result.rows} rows in ${result.partitions.length} month partitions (${fresh} new)${result.rejectedRows ? `, ${result.rejectedRows} rows without time set aside` : ''}`,
  });
  return result;
}
