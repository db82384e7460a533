import {
  log,
  patched,
  proxyActivities,
  startChild,
  workflowInfo,
  ParentClosePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { evaluateAlerts } from './evaluate-alerts';
import type { SourceId } from '../activities/sources/registry';
import { publishDays } from './publish-days';
import { publishEco2mixRegionalDay } from './publish-eco2mix-regional-day';
import type { IngestActivities, TransformActivities } from '../activities';
import { recordRun } from './run-bookkeeping';
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
  qualityWarnings: string[];
  watermark?: string;
}

const SOURCE: SourceId = 'rte-regional';

/**
 * RTE eCO2mix regional: ODRE API -> Bronze (raw pages) -> Silver (clean Parquet) -> one child
 * workflow per day: Gold (star schema) + quality gates -> watermark. Every step is an activity with
 * its own retry policy; the watermark only moves after every day passed its blocking gates, so a
 * failure anywhere is re-read by the next run.
 */
export async function ingestRteRegional(input: IngestRteRegionalInput): Promise<IngestRteRegionalResult> {
  const ingest = proxyActivities<IngestActivities>(SOURCE_FETCH);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });

  const fetched = await ingest.rteRegionalToBronze();
  recordRun({
    source: SOURCE,
    layer: 'bronze',
    window: { start: fetched.since, end: fetched.maxInstant || undefined },
  });

  const result: IngestRteRegionalResult = {
    bronzeObjects: fetched.objects.length,
    newBronzeObjects: fetched.objects.filter((o) => o.isNew).length,
    records: fetched.records,
    silverRows: 0,
    rejectedRows: 0,
    goldEnergyFlowRows: 0,
    goldBalanceRows: 0,
    days: [],
    qualityWarnings: [],
  };
  if (fetched.objects.length === 0 || !fetched.maxInstant) {
    log.info('no records since the watermark', { since: fetched.since });
    recordRun({ summary: `no new records since ${fetched.since}` });
    return result;
  }

  const silver = await transform.eco2mixRegionalToSilver({
    bronzeKeys: fetched.objects.map((o) => o.key),
  });
  recordRun({ layer: 'silver' });

  const days = await publishDays(publishEco2mixRegionalDay, silver.days, input.transformTaskQueue);
  const gold = {
    energyFlowRows: days.reduce((n, d) => n + d.energyFlowRows, 0),
    balanceRows: days.reduce((n, d) => n + d.balanceRows, 0),
  };
  result.watermark = await ingest.advanceSourceWatermark({ source: SOURCE, to: fetched.maxInstant });

  Object.assign(result, {
    silverRows: silver.rows,
    rejectedRows: silver.rejected,
    goldEnergyFlowRows: gold.energyFlowRows,
    goldBalanceRows: gold.balanceRows,
    days: silver.days,
    qualityWarnings: [...new Set(days.flatMap((d) => d.warnings))].sort(),
  });
  recordRun({
    layer: 'gold',
    rows: gold.energyFlowRows + gold.balanceRows,
    summary: `${fetched.records} records in ${result.bronzeObjects} pages (${result.newBronzeObjects} new) -> ${silver.rows} silver rows (${silver.rejected} rejected) -> ${gold.energyFlowRows} flow + ${gold.balanceRows} balance gold rows; watermark ${result.watermark}`,
  });
  // Runs recorded before alerts existed replay without the child (test/fixtures/histories).
  if (patched('evaluate-alerts')) await startAlertEvaluation(fetched.since, fetched.maxInstant, input);
  return result;
}

/**
 * Starts the alert evaluation over what this run published, [since, newest instant + 15 min), as
 * a child the run abandons: the ingestion does not wait for it, nor fail with it. The id names the
 * window's end, so two runs publishing up to the same instant evaluate it once at a time; a run
 * that finds that evaluation still running leaves it be (the schedule catches up in any case).
 */
async function startAlertEvaluation(
  since: string,
  maxInstant: string,
  input: IngestRteRegionalInput,
): Promise<void> {
  const to = new Date(Date.parse(maxInstant) + 15 * 60_000).toISOString();
  try {
    await startChild(evaluateAlerts, {
      workflowId: `alerts-${to}`,
      taskQueue: workflowInfo().taskQueue,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ transformTaskQueue: input.transformTaskQueue, from: since, to }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log.info('alert evaluation already running for this window', { workflowId: `alerts-${to}` });
  }
}
