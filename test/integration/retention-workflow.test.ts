import { utimes } from 'node:fs/promises';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { RETENTION } from '../../activities/audit-vocabulary';
import type { RetentionSummary } from '../../workflows/apply-retention';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../../workers/retention-schedule';
import {
  plantRetentionLake,
  plantRetentionRows,
  sqliteTableCounts,
  type PlantedLake,
} from '../helpers/retention-plant';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { startDevServer } from '../helpers/temporal';

/**
 * `applyRetention` on the real dev server and the platform's own workers, against a local lake
 * and SQLite planted with old and new objects and rows: a dry run changes nothing, a run deletes
 * exactly what is expired, and Gold (lake folder and tables) is untouched.
 */

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let planted: PlantedLake;
let oldQuarantine: string[];

const DAY_MS = 86_400_000;

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env);
  const asOf = new Date();
  planted = await plantRetentionLake(platform.deps.lake, asOf);
  // Quarantined objects are aged by their last write: one payload and its sidecar set aside 200 days ago.
  oldQuarantine = planted.quarantine.filter((k) => k.startsWith('bronze/_quarantine/'));
  const root = (platform.config.lake as { root: string }).root;
  const longAgo = new Date(asOf.getTime() - 200 * DAY_MS);
  for (const key of oldQuarantine) await utimes(path.join(root, ...key.split('/')), longAgo, longAgo);
  await plantRetentionRows(platform.db, asOf);
});

afterAll(async () => {
  await platform?.stop();
  await env?.teardown();
});

const run = (workflowId: string, dryRun: boolean): Promise<RetentionSummary> =>
  env.client.workflow.execute('applyRetention', {
    taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
    workflowId,
    args: [{ dryRun, limit: 3 }],
  });

const plantedAuditSteps = async () =>
  (await platform
    .db('ingestion_audit')
    .where('workflow_id', 'planted')
    .orderBy('id')
    .pluck('step')) as string[];

test('a dry run counts what a run deletes, and deletes nothing', async () => {
  const lakeBefore = await platform.deps.lake.list('');
  const rowsBefore = await plantedAuditSteps();
  const summary = await run('retention-dry-run', true);
  expect(summary.dryRun).toBe(true);
  expect(summary.zones.bronze.deleted).toBe(planted.expired.filter((k) => k.startsWith('bronze/')).length);
  expect(summary.zones.silver.deleted).toBe(planted.expired.filter((k) => k.startsWith('silver/')).length);
  expect(summary.zones.quarantine.deleted).toBe(oldQuarantine.length);
  expect(summary.zones.audit.deleted).toBe(3); // two audit rows, one quality row
  expect(await platform.deps.lake.list('')).toEqual(lakeBefore);
  expect(await plantedAuditSteps()).toEqual(rowsBefore);
});

test('a run deletes exactly the expired objects and rows, in bounded calls, and leaves Gold alone', async () => {
  const tablesBefore = await sqliteTableCounts(platform.db);
  const summary = await run('retention-run', false);

  const remaining = await platform.deps.lake.list('');
  const keptQuarantine = planted.quarantine.filter((k) => !oldQuarantine.includes(k));
  expect(remaining).toEqual([...planted.kept, ...keptQuarantine].sort());
  expect(summary.zones.bronze).toMatchObject({ deleted: 6, unfinished: false });
  expect(summary.zones.silver.deleted).toBe(2);
  expect(summary.zones.quarantine.deleted).toBe(2);
  expect(summary.zones.bronze.bytes + summary.zones.silver.bytes).toBe(planted.expiredBytes);
  expect(summary.zones.audit.deleted).toBe(3);
  expect(await plantedAuditSteps()).toEqual(['planted-kept', 'planted-kept']);
  expect(await platform.db('quality_results').where('workflow_id', 'planted').pluck('gate')).toEqual([
    'planted-kept',
  ]);

  const tablesAfter = await sqliteTableCounts(platform.db);
  for (const table of Object.keys(tablesBefore)) {
    if (table === 'ingestion_audit' || table === 'quality_results') continue;
    expect([table, tablesAfter[table]]).toEqual([table, tablesBefore[table]]);
  }
  expect(tablesAfter.fact_day_ahead_price).toBe(1);

  // The audit log says what each call did; the run's memo sums it up.
  const audit = await platform
    .db('ingestion_audit')
    .where({ workflow_id: 'retention-run', source: RETENTION, status: 'succeeded' })
    .select('rows', 'details');
  const perZone: Record<string, number> = {};
  for (const row of audit) {
    const zone = (JSON.parse(row.details as string) as { dataset: string }).dataset;
    perZone[zone] = (perZone[zone] ?? 0) + Number(row.rows);
  }
  expect(perZone).toEqual({ quarantine: 2, bronze: 6, silver: 2, audit: 3 });
  // limit 3: Bronze's four expired objects (and their markers) take two calls.
  expect(
    audit.filter((r) => (JSON.parse(r.details as string) as { dataset: string }).dataset === 'bronze'),
  ).toHaveLength(2);
  const memo = (await env.client.workflow.getHandle('retention-run').describe()).memo as { summary: string };
  expect(memo.summary).toMatch(/^retention deleted quarantine: 2 .* bronze: 6 .* audit: 3 /);

  // Run again: nothing left to delete.
  const again = await run('retention-run-again', false);
  expect(Object.values(again.zones).map((z) => z.deleted)).toEqual([0, 0, 0, 0]);
  expect(await platform.deps.lake.list('')).toEqual(remaining);
});

test('start-up creates the daily lake-retention schedule once', async () => {
  expect(await ensureRetentionSchedule(env.client, platform.config)).toBe(true);
  expect(await ensureRetentionSchedule(env.client, platform.config)).toBe(false);
  const schedule = await env.client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
  expect(schedule.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'applyRetention',
    taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
    args: [{ dryRun: false }],
  });
  expect(schedule.spec.intervals).toEqual([{ every: DAY_MS, offset: 197 * 60_000 }]);
  await env.client.schedule.getHandle(RETENTION_SCHEDULE_ID).delete();
});
