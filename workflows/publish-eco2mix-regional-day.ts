import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { TransformActivities } from '../activities';
import { recordRun, utcDayWindow } from './run-bookkeeping';
import { TRANSFORM } from './retry-policies';
import { FailureType } from '../lib/domain/failure-types';
import type { PublishDayInput } from './publish-days';

export interface PublishDayResult {
  day: string;
  energyFlowRows: number;
  balanceRows: number;
  warnings: string[];
}

/**
 * One silver day partition of eco2mix_regional into Gold, then its quality gates. A failed
 * blocking gate fails this workflow (non-retryable): the parent does not advance the watermark
 * and the window's downstream steps do not run until the data is looked at.
 */
export async function publishEco2mixRegionalDay(input: PublishDayInput): Promise<PublishDayResult> {
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });
  recordRun({ source: 'rte-regional', layer: 'gold', window: utcDayWindow(input.day) });

  const gold = await transform.eco2mixRegionalToGold({ days: [input.day] });
  const gates = await transform.checkEco2mixRegionalGates({ day: input.day });
  recordRun({
    rows: gold.energyFlowRows + gold.balanceRows,
    summary: `${input.day}: ${gold.energyFlowRows} flow + ${gold.balanceRows} balance rows; gates ${gates.outcomes.filter((o) => o.passed).length}/${gates.outcomes.length} passed`,
    memo: { blockingFailures: gates.blockingFailures, warnings: gates.warnings },
  });
  if (gates.blockingFailures.length) {
    throw ApplicationFailure.create({
      type: FailureType.QualityGateFailed,
      nonRetryable: true,
      message: `blocking quality gates failed for eco2mix_regional ${input.day}: ${gates.blockingFailures.join(', ')}`,
      details: [gates],
    });
  }
  return {
    day: input.day,
    energyFlowRows: gold.energyFlowRows,
    balanceRows: gold.balanceRows,
    warnings: gates.warnings,
  };
}
