import { FailureType } from '../lib/domain/failure-types';
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { TransformActivities } from '../activities';
import type { PublishDayInput } from './publish-days';
import { recordRun, utcDayWindow } from './run-bookkeeping';
import { TRANSFORM } from './retry-policies';

export interface PublishNationalDayResult {
  day: string;
  flowRows: number;
  balanceRows: number;
  warnings: string[];
}

/**
 * One silver day partition of eco2mix_national into Gold, then its quality gates: the same job as
 * publishEco2mixRegionalDay, the same shape. A failed blocking gate fails this workflow
 * (non-retryable) so the parent keeps its watermark where it is.
 */
export async function publishEco2mixNationalDay(input: PublishDayInput): Promise<PublishNationalDayResult> {
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });
  recordRun({ source: 'rte-national', layer: 'gold', window: utcDayWindow(input.day) });

  const gold = await transform.eco2mixNationalToGold({ days: [input.day] });
  const gates = await transform.checkEco2mixNationalGates({ day: input.day });
  recordRun({
    rows: gold.flowRows + gold.balanceRows,
    summary: `${input.day}: ${gold.flowRows} flow + ${gold.balanceRows} balance rows; gates ${gates.outcomes.filter((o) => o.passed).length}/${gates.outcomes.length} passed`,
    memo: { blockingFailures: gates.blockingFailures, warnings: gates.warnings },
  });
  if (gates.blockingFailures.length) {
    throw ApplicationFailure.create({
      type: FailureType.QualityGateFailed,
      nonRetryable: true,
      message: `blocking quality gates failed for eco2mix_national ${input.day}: ${gates.blockingFailures.join(', ')}`,
      details: [gates],
    });
  }
  return {
    day: input.day,
    flowRows: gold.flowRows,
    balanceRows: gold.balanceRows,
    warnings: gates.warnings,
  };
}
