import { FailureType } from '../lib/domain/failure-types';
import { ApplicationFailure, log, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import type { Era5FetchResult } from '../activities/sources/era5/fetch';
import type { WeatherResult } from '../activities/sources/era5/weather';
import { recordRun } from './run-bookkeeping';
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
  /** Warning gates that failed on the hours loaded (activities/sources/era5/gates.ts). */
  qualityWarnings: string[];
}

/**
 * ERA5 weather Parquet (object storage) -> Bronze, one Parquet per year/month -> Silver and Gold
 * weather per region and hour -> quality gates on the hours loaded. Every month partition is
 * (re)aggregated: the upserts make it harmless, and a run that failed after Bronze reaches Gold on
 * the next one. A blocking gate fails the run after the load, the values kept as they came.
 */
export async function ingestEra5(input: IngestEra5Input): Promise<IngestEra5Result> {
  const ingest = proxyActivities<IngestActivities>(ERA5_STREAM);
  const result = await ingest.era5ToBronze({ url: input.url });
  if (result.skipped) {
    log.warn('ERA5 skipped', { reason: result.skipped });
    recordRun({ summary: `skipped: ${result.skipped}` });
    return { ...result, qualityWarnings: [] };
  }
  recordRun({
    source: 'era5',
    layer: 'bronze',
    rows: result.rows,
    window: { start: result.firstInstant || undefined, end: result.lastInstant || undefined },
  });
  const fresh = result.partitions.filter((p) => p.isNew).length;
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });
  const weather = await transform.weatherRegionalToGold({
    partitionKeys: result.partitions.map((p) => p.key),
  });
  // Without a first and last hour nothing reached Gold: there is nothing to judge.
  const gates =
    result.firstInstant && result.lastInstant
      ? await transform.checkWeatherRegionalGates({
          firstHour: result.firstInstant,
          lastHour: result.lastInstant,
        })
      : undefined;
  const qualityWarnings = gates?.warnings ?? [];
  const blockingFailures = gates?.blockingFailures ?? [];
  recordRun({
    layer: 'gold',
    rows: weather.goldRows,
    summary: `${result.object} (${result.bytes} bytes, sha256 ${result.sha256?.slice(0, 16)}): ${result.rows} rows in ${result.partitions.length} month partitions (${fresh} new)${result.rejectedRows ? `, ${result.rejectedRows} rows without time set aside` : ''} -> ${weather.goldRows} region x hour weather rows (${weather.rejectedRows} readings rejected); warnings: ${qualityWarnings.join(', ') || 'none'}`,
    memo: { blockingFailures, warnings: qualityWarnings },
  });
  if (blockingFailures.length) {
    throw ApplicationFailure.create({
      type: FailureType.QualityGateFailed,
      nonRetryable: true,
      message: `blocking quality gates failed for weather_regional ${result.firstInstant}..${result.lastInstant}: ${blockingFailures.join(', ')}`,
      details: [gates],
    });
  }
  return { ...result, weather, qualityWarnings };
}
