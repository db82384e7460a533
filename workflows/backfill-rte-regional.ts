import type { SourceId } from '../activities/sources/registry';
import {
  ApplicationFailure,
  continueAsNew,
  defineQuery,
  executeChild,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import { publishEco2mixRegionalDay } from './publish-eco2mix-regional-day';
import { publishEco2mixRegionalDays } from './publish-eco2mix-regional-days';
import { recordRun, type RunLayer } from './run-bookkeeping';
import { SOURCE_FETCH, TRANSFORM } from './retry-policies';
import { rootCause } from './failures';
import { FailureType } from '../lib/domain/failure-types';

export interface BackfillRteRegionalInput {
  /** UTC days `YYYY-MM-DD`: from inclusive, to exclusive. */
  from: string;
  to: string;
  transformTaskQueue: string;
  /** Days per export request (default 7: about 8 000 records for the 12 regions). */
  chunkDays?: number;
  /** Chunks per workflow run before continue-as-new keeps the history short (default 8). */
  chunksPerRun?: number;
  /** Carried across continue-as-new; absent on the first run. */
  progress?: BackfillProgress;
}

export interface BackfillProgress {
  from: string;
  to: string;
  chunkDays: number;
  /** Start of the next chunk to load (UTC day); equals `to` when done. */
  next: string;
  chunksDone: number;
  chunksTotal: number;
  records: number;
  newBronzeObjects: number;
  silverRows: number;
  rejectedRows: number;
  goldRows: number;
  /** Days whose gold publication failed (blocking gate or load error), with the reason. */
  failedDays: string[];
  /** Workflow runs so far (1 + continue-as-new count). */
  runs: number;
}

/** Query handler name: `temporal workflow query --type progress`, or the client. */
export const progressQuery = defineQuery<BackfillProgress>('progress');

const DAY_MS = 86_400_000;
// The history is the same source as the real-time feed; the workflow type tells a backfill apart.
const SOURCE: SourceId = 'rte-regional';

/** Marker of the change from one Gold child per day to one per chunk (workflow versioning). */
const GOLD_PER_CHUNK = 'gold-per-chunk';

/**
 * A chunk's days into Gold as one child workflow (`<parent id>/gold/<first day>..<last day>`): one
 * load, then each day's gates. A day whose gates fail is listed on its own and its rows are not
 * counted, as with a child per day; a failed load lists every day of the chunk.
 */
async function publishChunk(days: string[], transformTaskQueue: string, progress: BackfillProgress) {
  if (!days.length) return;
  try {
    const result = await executeChild(publishEco2mixRegionalDays, {
      workflowId: `${workflowInfo().workflowId}/gold/${days[0]}..${days.at(-1)}`,
      taskQueue: workflowInfo().taskQueue,
      args: [{ days, transformTaskQueue }],
    });
    progress.failedDays.push(...result.failedDays);
    progress.goldRows += result.passedRows;
  } catch (err) {
    for (const day of days) progress.failedDays.push(`${day}: ${rootCause(err)}`);
  }
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Loads a date range of the consolidated regional history: per chunk of days, one JSON export
 * into Bronze, Silver, then one child workflow per chunk for Gold (one load) and each day's gates. Progress lives
 * in the workflow (query `progress`, memo, search attributes) and survives continue-as-new, so a
 * year-long backfill keeps a short history and resumes where it was after any crash. Re-running
 * a range changes nothing: Bronze dedupes the bytes, Silver and Gold upsert.
 */
export async function backfillRteRegional(input: BackfillRteRegionalInput): Promise<BackfillProgress> {
  const chunkDays = input.chunkDays ?? 7;
  const chunksPerRun = input.chunksPerRun ?? 8;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.from) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(input.to) ||
    input.from >= input.to
  ) {
    throw ApplicationFailure.create({
      type: FailureType.InvalidBackfillRange,
      nonRetryable: true,
      message: `backfill range must be two UTC days YYYY-MM-DD with from < to, got ${input.from}..${input.to}`,
    });
  }
  const totalDays = Math.round((Date.parse(input.to) - Date.parse(input.from)) / DAY_MS);
  const progress: BackfillProgress = input.progress
    ? { ...input.progress, runs: input.progress.runs + 1 }
    : {
        from: input.from,
        to: input.to,
        chunkDays,
        next: input.from,
        chunksDone: 0,
        chunksTotal: Math.ceil(totalDays / chunkDays),
        records: 0,
        newBronzeObjects: 0,
        silverRows: 0,
        rejectedRows: 0,
        goldRows: 0,
        failedDays: [],
        runs: 1,
      };
  setHandler(progressQuery, () => progress);

  const ingest = proxyActivities<IngestActivities>(SOURCE_FETCH);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });

  const publishProgress = (layer: RunLayer) =>
    recordRun({
      source: SOURCE,
      layer,
      window: { start: `${progress.from}T00:00:00Z`, end: `${progress.to}T00:00:00Z` },
      rows: progress.goldRows,
      summary: `backfill ${progress.from}..${progress.to}: next ${progress.next}, ${progress.records} records -> ${progress.goldRows} gold rows, ${progress.failedDays.length} failed days, run ${progress.runs}`,
      memo: { progress: `${progress.chunksDone}/${progress.chunksTotal} chunks` },
    });
  publishProgress(progress.next >= progress.to ? 'gold' : 'bronze');

  let chunksThisRun = 0;
  while (progress.next < progress.to) {
    if (chunksThisRun >= chunksPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof backfillRteRegional>({ ...input, progress });
    }
    const chunkEnd = [addDays(progress.next, chunkDays), progress.to].sort()[0] as string;
    const fetched = await ingest.rteRegionalHistoryToBronze({
      from: `${progress.next}T00:00:00Z`,
      to: `${chunkEnd}T00:00:00Z`,
    });
    progress.records += fetched.records;
    progress.newBronzeObjects += fetched.objects.filter((o) => o.isNew).length;

    if (fetched.objects.length) {
      const silver = await transform.eco2mixRegionalToSilver({
        bronzeKeys: fetched.objects.map((o) => o.key),
      });
      progress.silverRows += silver.rows;
      progress.rejectedRows += silver.rejected;
      if (patched(GOLD_PER_CHUNK)) {
        await publishChunk(silver.days, input.transformTaskQueue, progress);
      } else {
        // Histories recorded before GOLD_PER_CHUNK: one child per day.
        const settled = await Promise.allSettled(
          silver.days.map((day) =>
            executeChild(publishEco2mixRegionalDay, {
              workflowId: `${workflowInfo().workflowId}/gold/${day}`,
              taskQueue: workflowInfo().taskQueue,
              args: [{ day, transformTaskQueue: input.transformTaskQueue }],
            }),
          ),
        );
        settled.forEach((s, i) => {
          if (s.status === 'fulfilled') progress.goldRows += s.value.energyFlowRows + s.value.balanceRows;
          else progress.failedDays.push(`${silver.days[i]}: ${rootCause(s.reason)}`);
        });
      }
    }
    progress.next = chunkEnd;
    progress.chunksDone += 1;
    chunksThisRun += 1;
    publishProgress(progress.next >= progress.to ? 'gold' : 'silver');
  }

  if (progress.failedDays.length) {
    // Every other day is loaded; these are reported together so one bad day does not hide the rest.
    throw ApplicationFailure.create({
      type: FailureType.GoldPublicationFailed,
      nonRetryable: true,
      message: `backfill ${progress.from}..${progress.to}: ${progress.failedDays.length} day(s) failed: ${progress.failedDays.join('; ')}`,
      details: [progress],
    });
  }
  return progress;
}
