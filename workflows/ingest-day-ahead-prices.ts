import type { SourceId } from '../activities/sources/registry';
import { FailureType } from '../lib/domain/failure-types';
import { ApplicationFailure, proxyActivities, log } from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import { recordRun } from './run-bookkeeping';
import { SOURCE_FETCH, TRANSFORM } from './retry-policies';

export interface IngestDayAheadPricesInput {
  /** Task queue of the transform worker (CPU-bound steps), from temporal.yaml. */
  transformTaskQueue: string;
}

export interface IngestDayAheadPricesResult {
  /** The window asked for (UTC), unset when skipped. */
  window?: { from: string; to: string };
  documents: number;
  newDocuments: number;
  emptySlices: number;
  silverRows: number;
  rejectedRows: number;
  goldRows: number;
  days: string[];
  qualityWarnings: string[];
  /** The watermark after the run, when it moved. */
  watermark?: string;
  /** Set when the source is not configured (no ENTSO-E token): nothing was asked, on purpose. */
  skipped?: string;
}

const SOURCE: SourceId = 'day-ahead-prices';

/**
 * ENTSO-E day-ahead prices (A44): Bronze (XML as received) -> Silver (one row per instant and
 * resolution, A03 curves expanded) -> Gold (fact_day_ahead_price upserts) -> gates over the
 * instants loaded. A small feed: one activity per stage for the whole window. The watermark moves
 * only once the blocking gates passed; a blocking failure leaves the rows flagged in Gold and
 * the next run reads the window again.
 */
export async function ingestDayAheadPrices(
  input: IngestDayAheadPricesInput,
): Promise<IngestDayAheadPricesResult> {
  const ingest = proxyActivities<IngestActivities>(SOURCE_FETCH);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });

  const fetched = await ingest.dayAheadPricesToBronze({});
  const result: IngestDayAheadPricesResult = {
    documents: 0,
    newDocuments: 0,
    emptySlices: 0,
    silverRows: 0,
    rejectedRows: 0,
    goldRows: 0,
    days: [],
    qualityWarnings: [],
  };
  if (fetched.skipped) {
    log.warn('day-ahead prices skipped', { reason: fetched.skipped });
    recordRun({ summary: `skipped: ${fetched.skipped}` });
    return { ...result, skipped: fetched.skipped };
  }
  Object.assign(result, {
    window: fetched.window,
    documents: fetched.objects.length,
    newDocuments: fetched.objects.filter((o) => o.isNew).length,
    emptySlices: fetched.emptySlices,
  });
  recordRun({
    source: SOURCE,
    layer: 'bronze',
    window: { start: fetched.window?.from, end: fetched.window?.to },
  });
  if (!fetched.objects.length) {
    recordRun({
      summary: `no prices published for ${fetched.window?.from}..${fetched.window?.to} (${fetched.emptySlices} empty answers)`,
    });
    return result;
  }

  const silver = await transform.dayAheadPriceToSilver({ keys: fetched.objects.map((o) => o.key) });
  recordRun({ layer: 'silver' });
  Object.assign(result, { silverRows: silver.rows, rejectedRows: silver.rejected, days: silver.days });

  let blockingFailures: string[] = [];
  if (silver.days.length) {
    const gold = await transform.dayAheadPriceToGold({ days: silver.days });
    result.goldRows = gold.rows;
    if (gold.window) {
      const gates = await transform.checkDayAheadPriceGates({ window: gold.window });
      result.qualityWarnings = gates.warnings;
      blockingFailures = gates.blockingFailures;
      if (!blockingFailures.length) {
        result.watermark = await ingest.advanceSourceWatermark({ source: SOURCE, to: gold.window.to });
      }
    }
    recordRun({ layer: 'gold', rows: gold.rows });
  }
  recordRun({
    summary: `${result.documents} A44 documents (${result.newDocuments} new, ${result.emptySlices} empty answers) -> ${silver.rows} silver rows (${silver.rejected} rejected) -> ${result.goldRows} gold prices; warnings: ${result.qualityWarnings.join(', ') || 'none'}`,
    memo: { blockingFailures, warnings: result.qualityWarnings },
  });
  if (blockingFailures.length) {
    throw ApplicationFailure.create({
      type: FailureType.QualityGateFailed,
      nonRetryable: true,
      message: `blocking quality gates failed for day-ahead prices: ${blockingFailures.join(', ')}`,
      details: [result],
    });
  }
  return result;
}
