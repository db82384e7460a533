import {
  ApplicationFailure,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { TransformActivities } from '../activities';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE, GPS_WINDOW_END, GPS_WINDOW_START } from './search-attributes';
import { TRANSFORM } from './retry-policies';
import { FailureType } from '../lib/domain/failure-types';

export interface PublishDayInput {
  day: string; // YYYY-MM-DD, UTC
  transformTaskQueue: string;
}

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
  const from = new Date(`${input.day}T00:00:00Z`);
  upsertSearchAttributes([
    { key: GPS_SOURCE, value: 'rte-regional' },
    { key: GPS_LAYER, value: 'gold' },
    { key: GPS_WINDOW_START, value: from },
    { key: GPS_WINDOW_END, value: new Date(from.getTime() + 86_400_000) },
  ]);

  const gold = await transform.eco2mixRegionalToGold({ days: [input.day] });
  const gates = await transform.checkEco2mixRegionalGates({ day: input.day });
  upsertSearchAttributes([{ key: GPS_ROWS, value: gold.energyFlowRows + gold.balanceRows }]);
  upsertMemo({
    summary: `${input.day}: ${gold.energyFlowRows} flow + ${gold.balanceRows} balance rows; gates ${gates.outcomes.filter((o) => o.passed).length}/${gates.outcomes.length} passed`,
    blockingFailures: gates.blockingFailures,
    warnings: gates.warnings,
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
