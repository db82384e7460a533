import { proxyActivities, upsertMemo, upsertSearchAttributes, log } from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE, GPS_WINDOW_END, GPS_WINDOW_START } from './search-attributes';
import { SOURCE_FETCH, TRANSFORM } from './retry-policies';

export interface IngestRteRegionalInput {
  /** Task queue of the transform worker (CPU-bound steps), from temporal.yaml. */
  transformTaskQueue: string;
}

export interface IngestRteRegionalResult {
  bronzeObjects: number;
  newBronzeObjects: number;
  records: number;
  silverRows: number;
  rejectedRows: number;
  goldEnergyFlowRows: number;
  goldBalanceRows: number;
  days: string[];
  watermark?: string;
}

const SOURCE = 'rte-regional';

/**
 * RTE eCO2mix regional: ODRE API -> Bronze (raw pages) -> Silver (clean Parquet) -> Gold (star
 * schema) -> watermark. Every step is an activity with its own retry policy; the watermark only
 * moves after Gold holds the data, so a failure anywhere is re-read by the next run.
 */
export async function ingestRteRegional(input: IngestRteRegionalInput): Promise<IngestRteRegionalResult> {
  const ingest = proxyActivities<IngestActivities>(SOURCE_FETCH);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });

  const fetched = await ingest.fetchRteRegionalToBronze();
  upsertSearchAttributes([
    { key: GPS_SOURCE, value: SOURCE },
    { key: GPS_LAYER, value: 'bronze' },
    { key: GPS_WINDOW_START, value: new Date(fetched.since) },
    ...(fetched.maxInstant ? [{ key: GPS_WINDOW_END, value: new Date(fetched.maxInstant) }] : []),
  ]);

  const result: IngestRteRegionalResult = {
    bronzeObjects: fetched.objects.length,
    newBronzeObjects: fetched.objects.filter((o) => o.isNew).length,
    records: fetched.records,
    silverRows: 0,
    rejectedRows: 0,
    goldEnergyFlowRows: 0,
    goldBalanceRows: 0,
    days: [],
  };
  if (fetched.objects.length === 0 || !fetched.maxInstant) {
    log.info('no records since the watermark', { since: fetched.since });
    upsertMemo({ summary: `no new records since ${fetched.since}` });
    return result;
  }

  const silver = await transform.bronzeToSilverEco2mixRegional({
    bronzeKeys: fetched.objects.map((o) => o.key),
  });
  upsertSearchAttributes([{ key: GPS_LAYER, value: 'silver' }]);
  const gold = await transform.loadGoldEco2mixRegional({ days: silver.days });
  result.watermark = await ingest.advanceSourceWatermark({ source: SOURCE, to: fetched.maxInstant });

  Object.assign(result, {
    silverRows: silver.rows,
    rejectedRows: silver.rejected,
    goldEnergyFlowRows: gold.energyFlowRows,
    goldBalanceRows: gold.balanceRows,
    days: silver.days,
  });
  upsertSearchAttributes([
    { key: GPS_LAYER, value: 'gold' },
    { key: GPS_ROWS, value: gold.energyFlowRows + gold.balanceRows },
  ]);
  upsertMemo({
    summary: `${fetched.records} records in ${result.bronzeObjects} pages (${result.newBronzeObjects} new) -> ${silver.rows} silver rows (${silver.rejected} rejected) -> ${gold.energyFlowRows} flow + ${gold.balanceRows} balance gold rows; watermark ${result.watermark}`,
  });
  return result;
}
