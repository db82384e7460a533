import { log, proxyActivities } from '@temporalio/workflow';
import type { SourceId } from '../activities/sources/registry';
import { publishDays } from './publish-days';
import type { IngestActivities, TransformActivities } from '../activities';
import { publishEco2mixNationalDay } from './publish-eco2mix-national-day';
import { recordRun } from './run-bookkeeping';
import { SOURCE_FETCH, TRANSFORM } from './retry-policies';

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

const SOURCE: SourceId = 'rte-national';

/**
 * RTE eCO2mix national: ODRE API -> Bronze -> Silver -> one child workflow per UTC day: Gold +
 * quality gates -> watermark, as the regional ingestion does. Every day is settled before the run
 * decides, so one bad day is reported with the others loaded; the watermark only moves once every
 * day passed its blocking gates.
 */
export async function ingestRteNational(input: IngestRteNationalInput): Promise<IngestRteNationalResult> {
  const ingest = proxyActivities<IngestActivities>(SOURCE_FETCH);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });

  const fetched = await ingest.rteNationalToBronze();
  recordRun({
    source: SOURCE,
    layer: 'bronze',
    window: { start: fetched.since, end: fetched.maxInstant || undefined },
  });
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
    recordRun({ summary: `no new records since ${fetched.since}` });
    return result;
  }

  const silver = await transform.eco2mixNationalToSilver({
    bronzeKeys: fetched.objects.map((o) => o.key),
  });
  Object.assign(result, { silverRows: silver.rows, rejectedRows: silver.rejected, days: silver.days });
  recordRun({ layer: 'silver' });

  const days = await publishDays(publishEco2mixNationalDay, silver.days, input.transformTaskQueue);
  result.goldFlowRows = days.reduce((n, d) => n + d.flowRows, 0);
  result.goldBalanceRows = days.reduce((n, d) => n + d.balanceRows, 0);
  result.qualityWarnings = [...new Set(days.flatMap((d) => d.warnings))].sort();
  result.watermark = await ingest.advanceSourceWatermark({ source: SOURCE, to: fetched.maxInstant });
  recordRun({
    layer: 'gold',
    rows: result.goldFlowRows + result.goldBalanceRows,
    summary: `${fetched.records} records (${result.newBronzeObjects} new pages) -> ${silver.rows} silver rows (${silver.rejected} rejected) -> ${result.goldFlowRows} flow + ${result.goldBalanceRows} balance gold rows; warnings: ${result.qualityWarnings.join(', ') || 'none'}; watermark ${result.watermark}`,
  });
  return result;
}
