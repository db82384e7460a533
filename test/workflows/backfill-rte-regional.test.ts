import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { IngestActivities, TransformActivities } from '../../activities';
import type { GateReport } from '../../activities/quality';
import {
  progressQuery,
  type BackfillProgress,
  type BackfillRteRegionalInput,
} from '../../workflows/backfill-rte-regional';
import {
  failureTypes,
  gate,
  INGEST_QUEUE,
  timeSkippingSuite,
  TRANSFORM_QUEUE,
  withWorkers,
} from '../helpers/time-skipping';

/**
 * backfillRteRegional: chunks of days through Bronze and Silver, a child per chunk for Gold (one
 * load) and each day's gates, progress carried across continue-as-new, failed days reported together at the end.
 */

const suite = timeSkippingSuite();

const EMPTY_DAY = '2025-01-02';
const FAILING_DAY = '2025-01-03';

/** One Bronze object per chunk (none for EMPTY_DAY), one Silver day per object, a gate failing on FAILING_DAY. */
/** What the stubbed Gold load reports for `days`: 12 rows a day, one region. */
function goldResultOf(days: string[]) {
  return {
    days,
    rowsPerDay: Object.fromEntries(days.map((d) => [d, 12])),
    energyFlowRows: 10 * days.length,
    balanceRows: 2 * days.length,
    regions: ['11'],
  };
}

function stubs(options: { beforeChunk?: (from: string) => Promise<void> } = {}) {
  const chunks: { from: string; to: string }[] = [];
  const goldDays: string[] = [];
  const gateCalls: string[][] = [];
  const ingest: Partial<IngestActivities> = {
    async rteRegionalHistoryToBronze(input) {
      chunks.push({ from: input.from, to: input.to });
      await options.beforeChunk?.(input.from);
      const day = input.from.slice(0, 10);
      if (day === EMPTY_DAY)
        return { source: 'rte-regional-history', since: input.from, objects: [], records: 0 };
      return {
        source: 'rte-regional-history',
        since: input.from,
        objects: [{ key: `bronze/history/${day}.json`, sha256: day, bytes: 1000, records: 100, isNew: true }],
        records: 100,
        maxInstant: `${day}T23:45:00Z`,
      };
    },
  };
  const transform: Partial<TransformActivities> = {
    async eco2mixRegionalToSilver({ bronzeKeys }) {
      const days = bronzeKeys.map((k) => k.replace(/^.*\/(\d{4}-\d\d-\d\d)\.json$/, '$1'));
      return { days, rows: 96 * days.length, rejected: 1, unknownColumns: [] };
    },
    async eco2mixRegionalToGold({ days }) {
      goldDays.push(...days);
      return goldResultOf(days);
    },
    async checkEco2mixRegionalDaysGates({ days }): Promise<GateReport[]> {
      gateCalls.push(days);
      return days.map((day) => ({
        dataset: 'eco2mix_regional',
        window: { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z` },
        outcomes: [],
        blockingFailures: day === FAILING_DAY ? ['row-count'] : [],
        warnings: [],
      }));
    },
  };
  return { chunks, goldDays, gateCalls, ingest, transform };
}

let runs = 0;
function start(input: Omit<BackfillRteRegionalInput, 'transformTaskQueue'>) {
  return suite.env.client.workflow.start('backfillRteRegional', {
    taskQueue: INGEST_QUEUE,
    workflowId: `backfill-${++runs}`,
    args: [{ ...input, transformTaskQueue: TRANSFORM_QUEUE }],
  });
}

test('a failed day does not stop the others: all chunks load across continue-as-new, then the run fails naming it', async () => {
  const holdFourthChunk = gate();
  const fourthChunkReached = gate();
  const s = stubs({
    async beforeChunk(from) {
      if (!from.startsWith('2025-01-04')) return;
      fourthChunkReached.open();
      await holdFourthChunk.opened;
    },
  });
  const failure = await withWorkers(suite.env, s, async () => {
    const handle = await start({ from: '2025-01-01', to: '2025-01-05', chunkDays: 1, chunksPerRun: 2 });
    await fourthChunkReached.opened;

    // Mid-way, in the second run: the query answers from the progress carried over.
    const progress = await handle.query(progressQuery);
    expect(progress).toMatchObject({
      chunksDone: 3,
      chunksTotal: 4,
      next: '2025-01-04',
      runs: 2,
      records: 200,
      failedDays: [
        `${FAILING_DAY}: blocking quality gates failed for eco2mix_regional ${FAILING_DAY}: row-count`,
      ],
    });
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);

    holdFourthChunk.open();
    return handle.result().catch((err: unknown) => err);
  });

  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect(failureTypes(failure)).toEqual(['GoldPublicationFailed']);
  const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.nonRetryable).toBe(true);
  expect(cause.message).toMatch(/^backfill 2025-01-01\.\.2025-01-05: 1 day\(s\) failed: 2025-01-03: /);
  const [final] = cause.details as [BackfillProgress];
  expect(final).toEqual({
    from: '2025-01-01',
    to: '2025-01-05',
    chunkDays: 1,
    next: '2025-01-05',
    chunksDone: 4,
    chunksTotal: 4,
    records: 300,
    newBronzeObjects: 3,
    silverRows: 288,
    rejectedRows: 3,
    // Two of the three loaded days passed their gates.
    goldRows: 24,
    failedDays: [
      `${FAILING_DAY}: blocking quality gates failed for eco2mix_regional ${FAILING_DAY}: row-count`,
    ],
    runs: 2,
  });
  expect(s.chunks.map((c) => c.from.slice(0, 10))).toEqual([
    '2025-01-01',
    '2025-01-02',
    '2025-01-03',
    '2025-01-04',
  ]);
  expect(s.goldDays).toEqual(['2025-01-01', '2025-01-03', '2025-01-04']);
});

test('a range that passes returns its progress; the last chunk stops at `to`', async () => {
  const s = stubs();
  const progress = await withWorkers(suite.env, s, async () => {
    const handle = await start({ from: '2025-01-04', to: '2025-01-06' });
    return handle.result() as Promise<BackfillProgress>;
  });
  expect(s.chunks).toEqual([{ from: '2025-01-04T00:00:00Z', to: '2025-01-06T00:00:00Z' }]);
  expect(progress).toMatchObject({
    chunkDays: 7,
    chunksDone: 1,
    chunksTotal: 1,
    next: '2025-01-06',
    runs: 1,
  });
  expect(progress.failedDays).toEqual([]);
});

test.each([
  ['from after to', '2025-01-05', '2025-01-01'],
  ['an empty range', '2025-01-05', '2025-01-05'],
  ['not a day', '2025-1-5', '2025-01-06'],
])('%s is refused before any fetch (InvalidBackfillRange)', async (_case, from, to) => {
  const s = stubs();
  const failure = await withWorkers(suite.env, s, async () => {
    const handle = await start({ from, to });
    return handle.result().catch((err: unknown) => err);
  });
  expect(failureTypes(failure)).toEqual(['InvalidBackfillRange']);
  expect(s.chunks).toEqual([]);
});

test('a chunk is one Gold load: a failed gate fails only its day, a failed load every day of its chunk', async () => {
  const s = stubs();
  const goldCalls: string[][] = [];
  const dayAfter = (day: string, n: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  // One Bronze object per day of the chunk, so Silver hands the chunk's days to Gold together.
  s.ingest.rteRegionalHistoryToBronze = async (input) => {
    s.chunks.push({ from: input.from, to: input.to });
    const days: string[] = [];
    for (let d = input.from.slice(0, 10); d < input.to.slice(0, 10); d = dayAfter(d, 1)) days.push(d);
    return {
      source: 'rte-regional-history',
      since: input.from,
      objects: days.map((day) => ({
        key: `bronze/history/${day}.json`,
        sha256: day,
        bytes: 1000,
        records: 100,
        isNew: true,
      })),
      records: 100 * days.length,
      maxInstant: `${days.at(-1)}T23:45:00Z`,
    };
  };
  s.transform.eco2mixRegionalToGold = async ({ days }) => {
    goldCalls.push(days);
    if (days.includes('2025-01-05')) throw ApplicationFailure.nonRetryable('the load failed');
    return goldResultOf(days);
  };
  const failure = await withWorkers(suite.env, s, async () => {
    const handle = await start({ from: '2025-01-01', to: '2025-01-07', chunkDays: 3 });
    return handle.result().catch((err: unknown) => err);
  });

  expect(goldCalls).toEqual([
    ['2025-01-01', '2025-01-02', '2025-01-03'],
    ['2025-01-04', '2025-01-05', '2025-01-06'],
  ]);
  // One gates activity for the chunk that loaded, a report per day; none after the failed load.
  expect(s.gateCalls).toEqual([['2025-01-01', '2025-01-02', '2025-01-03']]);
  expect(failureTypes(failure)).toEqual(['GoldPublicationFailed']);
  const [final] = ((failure as WorkflowFailedError).cause as ApplicationFailure).details as [
    BackfillProgress,
  ];
  // The two days of the first chunk that passed their gates.
  expect(final.goldRows).toBe(24);
  expect(final.failedDays).toHaveLength(4);
  expect(final.failedDays[0]).toBe(
    `${FAILING_DAY}: blocking quality gates failed for eco2mix_regional ${FAILING_DAY}: row-count`,
  );
  for (const [i, day] of ['2025-01-04', '2025-01-05', '2025-01-06'].entries())
    expect(final.failedDays[i + 1]).toMatch(new RegExp(`^${day}: .*the load failed`));
});
