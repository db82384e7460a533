import { patched, proxyActivities } from '@temporalio/workflow';
import type { TransformActivities } from '../activities';
import { recordRun, utcDayWindow } from './run-bookkeeping';
import { TRANSFORM } from './retry-policies';

export interface PublishDaysChunkInput {
  /** UTC days `YYYY-MM-DD` of one backfill chunk, in order. */
  days: string[];
  transformTaskQueue: string;
}

export interface PublishDaysChunkResult {
  days: string[];
  energyFlowRows: number;
  balanceRows: number;
  /** `<day>: <reason>` for each day whose blocking gates failed; its rows are loaded all the same. */
  failedDays: string[];
  /** Fact rows of the days whose gates passed. */
  passedRows: number;
  warnings: string[];
}

/** Marker of the change from one gates activity per day to one per chunk (workflow versioning). */
const GATES_PER_CHUNK = 'gates-per-chunk';

/**
 * The silver day partitions of one backfill chunk of eco2mix_regional into Gold in one load (one
 * transaction, the rollups once, about a quarter less Gold time than a load per day on PostgreSQL:
 * bench/README.md, bench:year), then each day's quality gates, all in one activity. A day whose
 * blocking gates fail is reported, not thrown, so the chunk's other days still count; a failed
 * load fails the chunk, and the backfill reports each of its days. Re-running a chunk rewrites
 * nothing: the load upserts.
 */
export async function publishEco2mixRegionalDays(
  input: PublishDaysChunkInput,
): Promise<PublishDaysChunkResult> {
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });
  const first = input.days[0]!;
  const last = input.days.at(-1)!;
  recordRun({
    source: 'rte-regional',
    layer: 'gold',
    window: { start: utcDayWindow(first).start, end: utcDayWindow(last).end },
  });

  const gold = await transform.eco2mixRegionalToGold({ days: input.days });
  const reports = patched(GATES_PER_CHUNK)
    ? await transform.checkEco2mixRegionalDaysGates({ days: input.days })
    : // Histories recorded before GATES_PER_CHUNK: one gates activity per day.
      await Promise.all(input.days.map((day) => transform.checkEco2mixRegionalGates({ day })));
  const failedDays = reports.flatMap((gates, i) =>
    gates.blockingFailures.length
      ? [
          `${input.days[i]}: blocking quality gates failed for eco2mix_regional ${input.days[i]}: ${gates.blockingFailures.join(', ')}`,
        ]
      : [],
  );
  const passedRows = input.days
    .filter((_, i) => !reports[i]!.blockingFailures.length)
    .reduce((n, day) => n + (gold.rowsPerDay[day] ?? 0), 0);
  const passed = reports.reduce((n, g) => n + g.outcomes.filter((o) => o.passed).length, 0);
  const total = reports.reduce((n, g) => n + g.outcomes.length, 0);
  recordRun({
    rows: gold.energyFlowRows + gold.balanceRows,
    summary: `${first}..${last}: ${gold.energyFlowRows} flow + ${gold.balanceRows} balance rows; gates ${passed}/${total} passed; ${failedDays.length} day(s) failed`,
    memo: { failedDays, warnings: reports.flatMap((g) => g.warnings) },
  });
  return {
    days: input.days,
    energyFlowRows: gold.energyFlowRows,
    balanceRows: gold.balanceRows,
    failedDays,
    passedRows,
    warnings: reports.flatMap((g) => g.warnings),
  };
}
