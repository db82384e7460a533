import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import knex, { type Knex } from 'knex';
import pl from 'nodejs-polars';
import { silverKeyForDay } from '../../activities/sources/rte-regional/silver';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import type { ReplayServer } from '../../replay/odre-replay-server';
import type { BackfillProgress } from '../../workflows/backfill-rte-regional';
import { startConsolidatedHistory, type ConsolidatedHistory } from '../helpers/consolidated-history';
import { namespaceOf } from '../helpers/temporal';
import { until } from '../helpers/until';
import { WorkerProcesses } from '../helpers/worker-process';

/**
 * A worker killed with SIGKILL in the middle of a transform, on real components: the Temporal
 * dev server, the replay server playing a multi-day history, workers in child processes sharing
 * one local lake and SQLite Gold. The replacement worker must finish the run within a minute
 * (the policies' heartbeat timeout, not the transform's 15 min start-to-close), and Gold must
 * hold what a clean run loads: every row once.
 */

jest.setTimeout(180_000);

const FROM = '2024-03-01';
const TO = '2024-03-04';
const DAYS = ['2024-03-01', '2024-03-02', '2024-03-03'];
const REGIONS_IN_FEED = 12;
/** What a clean run of the window loads (test/integration/rte-backfill.test.ts). */
const BALANCE_ROWS = DAYS.length * 96 * REGIONS_IN_FEED;
const FLOW_ROWS = BALANCE_ROWS * PRODUCTION_SOURCES.length;

let history: ConsolidatedHistory;
let env: TestWorkflowEnvironment;
let replay: ReplayServer;
let work: string;

beforeAll(async () => {
  history = await startConsolidatedHistory(FROM, DAYS.length, 11, 'gps-crash-');
  ({ env, replay, work } = history);
});

afterAll(() => history?.stop());

async function duplicateKeys(db: Knex, table: string, key: string[]): Promise<number> {
  const dupes = await db(table).select(key).groupBy(key).havingRaw('count(*) > 1');
  return dupes.length;
}

test('a worker killed mid-Silver: a new worker finishes the backfill within 60 s, every Gold row once', async () => {
  const dataDir = mkdtempSync(path.join(work, 'run-'));
  const workers = await WorkerProcesses.prepare(dataDir, 'crash', {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: namespaceOf(env),
    GPS_ODRE_BASE_URL: replay.baseUrl,
  });
  try {
    // A slow lake serving one call at a time keeps the first worker inside the Silver merge, one
    // day partition after the other (the merge itself writes several days at once).
    const first = await workers.start({
      GPS_TEST_LAKE_LATENCY_MS: '150',
      GPS_TEST_LAKE_ONE_AT_A_TIME: 'true',
    });
    const handle = await env.client.workflow.start('backfillRteRegional', {
      taskQueue: workers.taskQueues.ingest,
      workflowId: 'crash-backfill',
      args: [
        { from: FROM, to: TO, chunkDays: DAYS.length, transformTaskQueue: workers.taskQueues.transform },
      ],
    });

    // Killed once Silver holds the first day: a partly written transform is what must heal.
    const firstDay = path.join(dataDir, 'lake', silverKeyForDay(DAYS[0]!));
    await until(() => existsSync(firstDay), 'the first Silver day partition');
    const killedAt = performance.now();
    await WorkerProcesses.kill(first);
    await workers.start();

    const progress = (await handle.result()) as BackfillProgress;
    const recoverySeconds = (performance.now() - killedAt) / 1000;
    expect(recoverySeconds).toBeLessThan(60);
    expect(progress).toMatchObject({ records: BALANCE_ROWS, silverRows: BALANCE_ROWS, failedDays: [] });

    for (const day of DAYS) {
      const silver = pl.readParquet(path.join(dataDir, 'lake', silverKeyForDay(day)));
      expect([day, silver.height, silver.unique({ subset: ['region_code', 'ts_utc'] }).height]).toEqual([
        day,
        96 * REGIONS_IN_FEED,
        96 * REGIONS_IN_FEED,
      ]);
    }

    const db = knex({
      client: 'better-sqlite3',
      connection: { filename: path.join(dataDir, 'gold.sqlite') },
      useNullAsDefault: true,
    });
    try {
      const count = async (table: string) => Number((await db(table).count({ n: '*' }).first())?.n);
      expect(await count('fact_regional_balance')).toBe(BALANCE_ROWS);
      expect(await count('fact_energy_flow')).toBe(FLOW_ROWS);
      expect(await duplicateKeys(db, 'fact_regional_balance', ['region_code', 'ts_utc'])).toBe(0);
      expect(await duplicateKeys(db, 'fact_energy_flow', ['region_code', 'source_code', 'ts_utc'])).toBe(0);

      // The killed attempt only started; attempt 2, on the new worker, did the work.
      const silverSteps = await db('ingestion_audit')
        .where({ workflow_id: 'crash-backfill', step: AUDIT_STEP.toSilver })
        .orderBy('id')
        .select('attempt', 'status');
      expect(silverSteps.map((s) => `${s.attempt}:${s.status}`)).toEqual([
        '1:started',
        '2:started',
        '2:succeeded',
      ]);
    } finally {
      await db.destroy();
    }
  } finally {
    await workers.stopAll();
  }
});
