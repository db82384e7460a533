import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ApplicationFailure } from '@temporalio/common';
import { syntheticEco2mixRegional } from '../../replay/synthetic-eco2mix';
import { progressQuery, type BackfillProgress } from '../../workflows/backfill-rte-regional';
import { GPS_ROWS, GPS_SOURCE } from '../../workflows/search-attributes';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import { ECO2MIX_REGIONAL_GATES } from '../../activities/sources/rte-regional/gates';
import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import { startDevServer } from '../helpers/temporal';
import { recordHistoryIfAsked } from '../helpers/histories';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';

/**
 * History backfill on the real dev server: the replay server plays the consolidated set
 * (synthetic records shaped like the feed, 12 regions), the workflow loads it by chunks through
 * JSON exports, continues as new, and re-running the range changes nothing.
 */

const DATASET = 'eco2mix-regional-cons-def';
const DAYS = 5;
const REGIONS_IN_FEED = 12;

let env: TestWorkflowEnvironment;
let platform: TestPlatform;

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env);
  const records = [...syntheticEco2mixRegional(new Date('2024-03-01T00:00:00Z'), DAYS * 96, 7)].map((r) => ({
    ...r,
    nature: 'Données consolidées',
  }));
  platform.replay.publish(DATASET, records);
});

afterAll(async () => {
  await platform?.stop();
  await env?.teardown();
});

async function balanceRows(): Promise<number> {
  const [row] = await platform
    .db('fact_regional_balance')
    .where('ts_utc', '>=', '2024-03-01T00:00:00.000Z')
    .andWhere('ts_utc', '<', '2024-03-06T00:00:00.000Z')
    .count({ n: '*' });
  return Number(row?.n);
}

function start(workflowId: string) {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  return env.client.workflow.start('backfillRteRegional', {
    taskQueue: ingest,
    workflowId,
    args: [
      { from: '2024-03-01', to: '2024-03-06', chunkDays: 2, chunksPerRun: 1, transformTaskQueue: transform },
    ],
  });
}

test('a range loads chunk by chunk across continue-as-new, with progress queryable and visible', async () => {
  const handle = await start('backfill-2024-03');
  const progress = (await handle.result()) as BackfillProgress;
  // The first run of the chain: it loads a chunk, fans out its days and continues as new.
  await recordHistoryIfAsked(
    'backfill-rte-regional',
    env.client.workflow.getHandle('backfill-2024-03', handle.firstExecutionRunId),
  );

  const expectedRecords = DAYS * 96 * REGIONS_IN_FEED;
  expect(progress).toMatchObject({
    from: '2024-03-01',
    to: '2024-03-06',
    next: '2024-03-06',
    chunksDone: 3, // 2 + 2 + 1 days
    chunksTotal: 3,
    records: expectedRecords,
    newBronzeObjects: 3,
    silverRows: expectedRecords,
    rejectedRows: 0,
    goldRows: expectedRecords * (1 + PRODUCTION_SOURCES.length),
    failedDays: [],
    runs: 3, // one chunk per run: two continue-as-new
  });
  expect(await balanceRows()).toBe(expectedRecords);

  // The last run answers the progress query and shows it in the Web UI (memo, search attributes).
  const latest = env.client.workflow.getHandle('backfill-2024-03');
  expect((await latest.query(progressQuery)).chunksDone).toBe(3);
  const description = await latest.describe();
  expect(description.typedSearchAttributes.get(GPS_SOURCE)).toBe('rte-regional');
  expect(description.typedSearchAttributes.get(GPS_ROWS)).toBe(progress.goldRows);
  expect(await description.memo).toMatchObject({ progress: '3/3 chunks' });

  // Each chunk's child checks its days' gates in one activity; every day keeps its own results.
  const checks = await platform
    .db('quality_results')
    .where('workflow_id', 'like', 'backfill-2024-03/%')
    .select('workflow_id', 'window_start')
    .count<{ workflow_id: string; window_start: string; n: number | string }[]>({ n: '*' })
    .groupBy('workflow_id', 'window_start')
    .orderBy('window_start');
  const chunkDays: [string, string][] = [
    ['2024-03-01..2024-03-02', '2024-03-01'],
    ['2024-03-01..2024-03-02', '2024-03-02'],
    ['2024-03-03..2024-03-04', '2024-03-03'],
    ['2024-03-03..2024-03-04', '2024-03-04'],
    ['2024-03-05..2024-03-05', '2024-03-05'],
  ];
  expect(checks.map((c) => [c.workflow_id, c.window_start, Number(c.n)])).toEqual(
    chunkDays.map(([chunk, day]) => [
      `backfill-2024-03/gold/${chunk}`,
      `${day}T00:00:00.000Z`,
      ECO2MIX_REGIONAL_GATES.length,
    ]),
  );
  const gateSteps = await platform
    .db('ingestion_audit')
    .where({ step: AUDIT_STEP.qualityGates, status: 'succeeded' })
    .where('workflow_id', 'like', 'backfill-2024-03/%')
    .orderBy('id');
  expect(gateSteps.map((a) => (JSON.parse(a.details) as { day: string }).day)).toEqual(
    chunkDays.map(([, day]) => day),
  );

  const exports = platform.replay.requests.filter((r) => r.dataset === DATASET);
  expect(exports).toHaveLength(3);
  expect(exports[0]?.query.where).toBe(
    'date_heure >= "2024-03-01T00:00:00Z" and date_heure < "2024-03-03T00:00:00Z"',
  );
  const bronze = await platform.deps.lake.list('bronze/rte/production/eco2mix-regional-cons-def');
  expect(bronze.filter((k) => k.endsWith('.json') && !k.endsWith('.meta.json'))).toHaveLength(3);
});

test('re-running the same range duplicates nothing', async () => {
  const before = await balanceRows();
  const progress = (await (await start('backfill-2024-03-again')).result()) as BackfillProgress;
  expect(progress).toMatchObject({ newBronzeObjects: 0, records: before, failedDays: [] });
  expect(await balanceRows()).toBe(before);
  const [dupes] = await platform
    .db('fact_energy_flow')
    .select('region_code', 'source_code', 'ts_utc')
    .count({ n: '*' })
    .groupBy('region_code', 'source_code', 'ts_utc')
    .having(platform.db.raw('count(*) > 1'));
  expect(dupes).toBeUndefined();
});

test('an invalid range fails at once with a clear message', async () => {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  const failure = await env.client.workflow
    .execute('backfillRteRegional', {
      taskQueue: ingest,
      workflowId: 'backfill-bad-range',
      args: [{ from: '2024-03-06', to: '2024-03-01', transformTaskQueue: transform }],
    })
    .catch((e: Error & { cause?: Error }) => e);
  expect(failure.cause?.message).toMatch(/from < to, got 2024-03-06\.\.2024-03-01/);
});

test("a day failing a blocking gate is reported alone: its chunk's other days pass and count", async () => {
  const records = [...syntheticEco2mixRegional(new Date('2024-04-01T00:00:00Z'), 3 * 96, 7)].map((r) => ({
    ...r,
    nature: 'Données consolidées',
    ...(r.date_heure === '2024-04-02T09:30:00+00:00' ? { consommation: 40_000 } : {}),
  }));
  platform.replay.publish(DATASET, records);
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  const failure = await env.client.workflow
    .execute('backfillRteRegional', {
      taskQueue: ingest,
      workflowId: 'backfill-2024-04',
      args: [{ from: '2024-04-01', to: '2024-04-04', chunkDays: 3, transformTaskQueue: transform }],
    })
    .catch((e: Error & { cause?: ApplicationFailure }) => e);
  const [progress] = (failure as { cause?: ApplicationFailure }).cause?.details as [BackfillProgress];
  expect(progress.failedDays).toEqual([
    '2024-04-02: blocking quality gates failed for eco2mix_regional 2024-04-02: consumption_plausible',
  ]);
  // The two other days of the chunk passed: their rows count.
  expect(progress.goldRows).toBe((2 * records.length * (1 + PRODUCTION_SOURCES.length)) / 3);

  const failed = await platform
    .db('quality_results')
    .where('workflow_id', 'like', 'backfill-2024-04/%')
    .andWhere({ outcome: 'fail', severity: 'blocking' })
    .select('gate', 'window_start');
  expect(failed).toEqual([{ gate: 'consumption_plausible', window_start: '2024-04-02T00:00:00.000Z' }]);
  const alerts = await platform
    .db('ingestion_audit')
    .where({ status: 'alert' })
    .where('workflow_id', 'like', 'backfill-2024-04/%')
    .pluck('step');
  expect(alerts).toEqual(['quality:consumption_plausible']);
});
