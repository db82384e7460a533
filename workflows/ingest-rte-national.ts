import {
  ApplicationFailure,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
  log,
} from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE, GPS_WINDOW_END, GPS_WINDOW_START } from './search-attributes';
import { SOURCE_FETCH, TRANSFORM } from './retry-policies';
import { FailureType } from '../lib/domain/failure-types';

export interface IngestRteNationalInput {
  transformTaskQueue: string;
}

export interface IngestRteNationalResult {
  records: number;
  newBronzeObjects: number;
  silverRows: number;
  rejectedRows: number;
  goldFlowRows: number;
  goldBalanceRows: number;
  days: string[];
  qualityWarnings: string[];
  watermark?: string;
}

const SOURCE = 'rte-national';

/**
 * RTE eCO2mix national: ODRE API -> Bronze -> Silver -> Gold + gates per UTC day -> watermark.
 * The national feed is one row per quarter-hour, so days are loaded in turn by activities rather
 * than fanned out as child workflows; a blocking gate stops the run before the watermark moves.
 */
export async function ingestRteNational(input: IngestRteNationalInput): Promise<IngestRteNationalResult> {
  const ingest = proxyActivities<IngestActivities>(SOURCE_FETCH);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });

  const fetched = await ingest.rteNationalToBronze();
  upsertSearchAttributes([
    { key: GPS_SOURCE, value: SOURCE },
    { key: GPS_LAYER, value: 'bronze' },
    { key: GPS_WINDOW_START, value: new Date(fetched.since) },
    ...(fetched.maxInstant ? [{ key: GPS_WINDOW_END, value: new Date(fetched.maxInstant) }] : []),
  ]);
  const result: IngestRteNationalResult = {
    records: fetched.records,
    newBronzeObjects: fetched.objects.filter((o) => o.isNew).length,
    silverRows: 0,
    rejectedRows: 0,
    goldFlowRows: 0,
    goldBalanceRows: 0,
    days: [],
    qualityWarnings: [],
  };
  if (fetched.objects.length === 0 || !fetched.maxInstant) {
    log.info('no national records since the watermark', { since: fetched.since });
    upsertMemo({ summary: `no new records since ${fetched.since}` });
    return result;
  }

  const silver = await transform.eco2mixNationalToSilver({
    bronzeKeys: fetched.objects.map((o) => o.key),
  });
  Object.assign(result, { silverRows: silver.rows, rejectedRows: silver.rejected, days: silver.days });
  upsertSearchAttributes([{ key: GPS_LAYER, value: 'silver' }]);

  const warnings = new Set<string>();
  for (const day of silver.days) {
    const gold = await transform.eco2mixNationalToGold({ days: [day] });
    result.goldFlowRows += gold.flowRows;
    result.goldBalanceRows += gold.balanceRows;
    const report = await transform.checkEco2mixNationalGates({ day });
    report.warnings.forEach((w) => warnings.add(w));
    if (report.blockingFailures.length) {
      throw ApplicationFailure.create({
        type: FailureType.QualityGateFailed,
        nonRetryable: true,
        message: `eco2mix_national ${day}: blocking gates failed: ${report.blockingFailures.join(', ')}`,
      });
    }
  }
  result.qualityWarnings = [...warnings].sort();
  result.watermark = await ingest.advanceSourceWatermark({ source: SOURCE, to: fetched.maxInstant });
  upsertSearchAttributes([
    { key: GPS_LAYER, value: 'gold' },
    { key: GPS_ROWS, value: result.goldFlowRows + result.goldBalanceRows },
  ]);
  upsertMemo({
    summary: `${fetched.records} records (${result.newBronzeObjects} new pages) -> ${silver.rows} silver rows (${silver.rejected} rejected) -> ${result.goldFlowRows} flow + ${result.goldBalanceRows} balance gold rows; warnings: ${result.qualityWarnings.join(', ') || 'none'}; watermark ${result.watermark}`,
  });
  return result;
}
