import { mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isGrpcServiceError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import knex, { type Knex } from 'knex';
import pl from 'nodejs-polars';
import { silverKeyForDay } from '../../activities/sources/rte-regional/silver';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import type { ReplayServer } from '../../replay/odre-replay-server';
import { progressQuery, type BackfillProgress } from '../../workflows/backfill-rte-regional';
import { startConsolidatedHistory, type ConsolidatedHistory } from '../helpers/consolidated-history';
import { namespaceOf } from '../helpers/temporal';
import { until } from '../helpers/until';
import { WorkerProcesses } from '../helpers/worker-process';

/**
 * Scale-out: the worker keeps no state of its own (the lake, Gold and Temporal hold it), so
 * several worker processes on the same task queues share one backfill, and losing one loses
 * nothing. Two worker processes, both serving the ingest and transform queues, share one local
 * lake and SQLite Gold; once the histories show each of them ran tasks of the backfill, the one
 * holding the backfill workflow is SIGKILLed and the survivor alone must finish: every day in
 * Silver and Gold once, as a clean run loads it.
 */

jest.setTimeout(180_000);

const FROM = '2024-03-01';
const TO = '2024-03-09';
const CHUNK_DAYS = 2;
const DAYS = Array.from({ length: 8 }, (_, i) => `2024-03-0${i + 1}`);
const REGIONS_IN_FEED = 12;
/** What a clean run loads per day (test/integration/rte-backfill.test.ts). */
const BALANCE_ROWS_PER_DAY = 96 * REGIONS_IN_FEED;
const FLOW_ROWS_PER_DAY = BALANCE_ROWS_PER_DAY * PRODUCTION_SOURCES.length;
const BACKFILL_ID = 'scale-out-backfill';
const GRPC_NOT_FOUND = 5;

let history: ConsolidatedHistory;
let env: TestWorkflowEnvironment;
let replay: ReplayServer;
let work: string;

beforeAll(async () => {
  history = await startConsolidatedHistory(FROM, DAYS.length, 17, 'gps-scale-out-');
  ({ env, replay, work } = history);
});

afterAll(() => history?.stop());

/** Who completed each workflow task and started each activity, in the order of the history. */
async function taskIdentities(workflowId: string): Promise<string[]> {
  let history;
  try {
    history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) return []; // a day not reached yet
    throw err;
  }
  return (history.events ?? []).flatMap((e) => {
    const identity =
      e.workflowTaskCompletedEventAttributes?.identity ?? e.activityTaskStartedEventAttributes?.identity;
    return identity ? [identity] : [];
  });
}

/** The backfill's Gold children: one per chunk of CHUNK_DAYS days (`<id>/gold/<first>..<last>`). */
const GOLD_CHILD_IDS = Array.from({ length: DAYS.length / CHUNK_DAYS }, (_, i) => {
  const chunk = DAYS.slice(i * CHUNK_DAYS, (i + 1) * CHUNK_DAYS);
  return `${BACKFILL_ID}/gold/${chunk[0]}..${chunk.at(-1)}`;
});

/** Every worker identity seen so far in the backfill's history and its Gold children's. */
async function identitiesSoFar(): Promise<Set<string>> {
  const ids = [BACKFILL_ID, ...GOLD_CHILD_IDS];
  return new Set((await Promise.all(ids.map(taskIdentities))).flat());
}

async function rowsPerDay(db: Knex, table: string): Promise<Record<string, number>> {
  const rows = (await db(table)
    .select(db.raw('substr(ts_utc, 1, 10) as day'))
    .count({ n: '*' })
    .groupByRaw('substr(ts_utc, 1, 10)')
    .orderBy('day')) as { day: string; n: number | string }[];
  return Object.fromEntries(rows.map((r) => [r.day, Number(r.n)]));
}

test('two workers share a backfill; one is SIGKILLed mid-run, the survivor finishes, every day lands once', async () => {
  const dataDir = mkdtempSync(path.join(work, 'run-'));
  const workers = await WorkerProcesses.prepare(dataDir, 'scale-out', {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: namespaceOf(env),
    GPS_ODRE_BASE_URL: replay.baseUrl,
    // A slower lake stretches the run over seconds, so both workers take tasks before it ends.
    GPS_TEST_LAKE_LATENCY_MS: '60',
  });
  try {
    // Started together, as replicas are: both migrate the same Gold at once.
    const pair = await Promise.all([workers.start(), workers.start()]);
    const identities = pair.map((w) => workers.identityOf(w));
    expect(new Set(identities).size).toBe(2);

    const handle: WorkflowHandle = await env.client.workflow.start('backfillRteRegional', {
      taskQueue: workers.taskQueues.ingest,
      workflowId: BACKFILL_ID,
      args: [{ from: FROM, to: TO, chunkDays: CHUNK_DAYS, transformTaskQueue: workers.taskQueues.transform }],
    });

    // The second worker never getting work would time out here.
    let seen = new Set<string>();
    await until(
      async () => {
        seen = await identitiesSoFar();
        return identities.every((id) => seen.has(id));
      },
      'tasks of the backfill run by both worker processes',
      60_000,
    );
    expect([...seen].sort()).toEqual([...identities].sort());

    // The victim is the process that last advanced the backfill workflow: it holds it in its
    // cache, so the survivor must take over the workflow as well as the activities.
    const atKill = await handle.query(progressQuery);
    const backfillTasks = await taskIdentities(BACKFILL_ID);
    const victimIndex = identities.indexOf(backfillTasks[backfillTasks.length - 1]!);
    expect(victimIndex).not.toBe(-1);
    const victim = pair[victimIndex]!;
    const survivor = identities[1 - victimIndex]!;
    await WorkerProcesses.kill(victim);
    // Mid-run: the victim died with chunks left, which the survivor loaded alone.
    expect(atKill.chunksDone).toBeLessThan(atKill.chunksTotal);

    const progress = (await handle.result()) as BackfillProgress;
    expect(progress).toMatchObject({
      chunksDone: DAYS.length / CHUNK_DAYS,
      records: DAYS.length * BALANCE_ROWS_PER_DAY,
      silverRows: DAYS.length * BALANCE_ROWS_PER_DAY,
      goldRows: DAYS.length * (BALANCE_ROWS_PER_DAY + FLOW_ROWS_PER_DAY),
      failedDays: [],
    });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    // The killed process cannot have completed anything after its death: the survivor finished.
    const finalTasks = await taskIdentities(BACKFILL_ID);
    expect(finalTasks[finalTasks.length - 1]).toBe(survivor);

    for (const day of DAYS) {
      const partition = path.dirname(path.join(dataDir, 'lake', silverKeyForDay(day)));
      const silver = pl.readParquet(path.join(dataDir, 'lake', silverKeyForDay(day)));
      expect([
        day,
        readdirSync(partition),
        silver.height,
        silver.unique({ subset: ['region_code', 'ts_utc'] }).height,
      ]).toEqual([day, ['data.parquet'], BALANCE_ROWS_PER_DAY, BALANCE_ROWS_PER_DAY]);
    }

    const db = knex({
      client: 'better-sqlite3',
      connection: { filename: path.join(dataDir, 'gold.sqlite') },
      useNullAsDefault: true,
    });
    try {
      const each = (n: number) => Object.fromEntries(DAYS.map((day) => [day, n]));
      expect(await rowsPerDay(db, 'fact_regional_balance')).toEqual(each(BALANCE_ROWS_PER_DAY));
      expect(await rowsPerDay(db, 'fact_energy_flow')).toEqual(each(FLOW_ROWS_PER_DAY));
    } finally {
      await db.destroy();
    }
  } finally {
    await workers.stopAll();
  }
});
