import {
  log,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import type { Era5FetchResult } from '../activities/sources/era5/fetch';
import type { WeatherResult } from '../activities/sources/era5/weather';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE, GPS_WINDOW_END, GPS_WINDOW_START } from './search-attributes';
import { SOURCE_FETCH, TRANSFORM } from './retry-policies';

export interface IngestEra5Input {
  /** Task queue of the transform worker: weather Silver and Gold. */
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

export interface IngestEra5Result extends Era5FetchResult {
  weather?: WeatherResult;
}

/**
 * ERA5 weather Parquet (object storage) -> Bronze, one Parquet per year/month -> Silver and Gold
 * weather per region and hour. Every month partition is (re)aggregated: the upserts make it
 * harmless, and a run that failed after Bronze reaches Gold on the next one.
 */
export async function ingestEra5(input: IngestEra5Input): Promise<IngestEra5Result> {
  const ingest = proxyActivities<IngestActivities>(ERA5_STREAM);
  const result = await ingest.era5ToBronze({ url: input.url });
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
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });
  const weather = await transform.weatherRegionalToGold({
    partitionKeys: result.partitions.map((p) => p.key),
  });
  upsertSearchAttributes([
    { key: GPS_LAYER, value: 'gold' },
    { key: GPS_ROWS, value: weather.goldRows },
  ]);
  upsertMemo({
    summary: `${result.object} (${result.bytes} bytes, sha256 ${result.sha256?.slice(0, 16)}): ${result.rows} rows in ${result.partitions.length} month partitions (${fresh} new)${result.rejectedRows ? `, ${result.rejectedRows} rows without time set aside` : ''} -> ${weather.goldRows} region x hour weather rows (${weather.rejectedRows} readings rejected)`,
  });
  return { ...result, weather };
}
