import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import {
  createRetentionActivities,
  type RetentionStepInput,
  type ZoneRetention,
} from '../../activities/retention';
import { loadConfig, type Config } from '../../activities/config';
import { prepareGoldDatabase } from '../../db/prepare';
import { createWriterDb } from '../../lib/db';
import { createLake, type LakeStore } from '../../lib/lake';
import { Redacted } from '../../lib/redacted';
import { startAzurite, type TestAzurite } from '../helpers/azurite';
import { plantRetentionLake, plantRetentionRows, sqliteTableCounts } from '../helpers/retention-plant';

/**
 * Retention's activity on each lake backend: the local filesystem and the Azure Blob API on
 * Azurite. The quarantine objects, named by hash, are aged by their last write; `asOf` a year
 * ahead makes the ones planted now old enough.
 */

let azurite: TestAzurite;
let dataDir: string;
let db: Knex;
let config: Config;

beforeAll(async () => {
  azurite = await startAzurite();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-retention-'));
  config = loadConfig({ GPS_DATA_DIR: dataDir });
  db = createWriterDb(config.db);
  await prepareGoldDatabase(db, config.db);
});

afterAll(async () => {
  await db?.destroy();
  await azurite?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

let containers = 0;
const backends: [string, () => Promise<LakeStore>][] = [
  ['local', async () => createLake({ backend: 'local', root: mkdtempSync(path.join(dataDir, 'lake-')) })],
  [
    'azure-blob (Azurite)',
    async () => {
      const container = `retention-${++containers}`;
      await azurite.createContainer(container);
      return createLake({
        backend: 'azure-blob',
        container,
        auth: { kind: 'connection-string', connectionString: new Redacted(azurite.connectionString) },
      });
    },
  ],
];

const YEAR_MS = 365 * 86_400_000;

describe.each(backends)('retention on %s', (_name, open) => {
  let lake: LakeStore;
  beforeEach(async () => {
    lake = await open();
  });

  const step = (
    input: RetentionStepInput,
    days: Partial<Config['retention']> = {},
  ): Promise<ZoneRetention> => {
    const activities = createRetentionActivities({
      config: { ...config, retention: { ...config.retention, ...days } },
      lake,
      db,
    });
    return new MockActivityEnvironment().run(activities.applyRetentionStep, input);
  };

  test('deletes exactly the expired objects of each zone, in bounded calls, and never Gold', async () => {
    const asOf = new Date(Date.now() + YEAR_MS);
    const planted = await plantRetentionLake(lake, asOf);
    const everything = await lake.list('');
    const base = { asOf: asOf.toISOString(), dryRun: false };

    // A dry run counts and deletes nothing.
    const dry = await step({ ...base, zone: 'bronze', dryRun: true, limit: 1 });
    expect(dry).toMatchObject({ zone: 'bronze', dryRun: true, more: false });
    expect(await lake.list('')).toEqual(everything);

    // Bronze, two payloads (each with its sidecar and marker), one listed object per call.
    let calls = 0;
    let bronzeDeleted = 0;
    let bronzeBytes = 0;
    for (let more = true; more; calls += 1) {
      const call = await step({ ...base, zone: 'bronze', limit: 1 });
      expect(call.deleted).toBeLessThanOrEqual(2); // an object, and a payload's marker with it
      bronzeDeleted += call.deleted;
      bronzeBytes += call.bytes;
      more = call.more;
    }
    expect(calls).toBe(4); // two payloads and two sidecars
    const bronzeExpired = planted.expired.filter((k) => k.startsWith('bronze/'));
    expect(bronzeDeleted).toBe(bronzeExpired.length);
    expect(dry.deleted).toBe(bronzeExpired.length);

    const silver = await step({ ...base, zone: 'silver' });
    expect(silver.deleted).toBe(planted.expired.filter((k) => k.startsWith('silver/')).length);
    const quarantine = await step({ ...base, zone: 'quarantine' });
    expect(quarantine.deleted).toBe(planted.quarantine.length);

    const deletedBytes = bronzeBytes + silver.bytes;
    expect(deletedBytes).toBe(planted.expiredBytes);
    expect(await lake.list('')).toEqual(planted.kept);
    for (const key of planted.kept.filter((k) => k.startsWith('gold/')))
      expect(await lake.exists(key)).toBe(true);
  });

  test("quarantine written now is kept at today's cutoff; 0 days keeps a zone forever", async () => {
    const asOf = new Date();
    const planted = await plantRetentionLake(lake, asOf);
    const quarantine = await step({ zone: 'quarantine', asOf: asOf.toISOString(), dryRun: false });
    expect(quarantine.deleted).toBe(0);
    for (const key of planted.quarantine) expect(await lake.exists(key)).toBe(true);

    const forever = await step({ zone: 'bronze', asOf: asOf.toISOString(), dryRun: false }, { bronze: 0 });
    expect(forever).toEqual({ zone: 'bronze', dryRun: false, deleted: 0, bytes: 0, more: false });
    for (const key of planted.expired.filter((k) => k.startsWith('bronze/')))
      expect(await lake.exists(key)).toBe(true);
    const audit = await db('ingestion_audit')
      .where({ step: 'retention', status: 'skipped' })
      .orderBy('id', 'desc')
      .first();
    expect(JSON.parse(audit.details)).toMatchObject({
      dataset: 'bronze',
      skipped: 'GPS_RETENTION_BRONZE_DAYS=0 keeps forever',
    });
  });

  test('a retry after a crash mid-zone finishes the job and deletes nothing newer', async () => {
    const asOf = new Date(Date.now() + YEAR_MS);
    const planted = await plantRetentionLake(lake, asOf);
    // As if an attempt died after the first payload's marker: the marker is gone, the payload not.
    const marker = planted.expired.find((k) => k.includes('/_by_sha256/')) as string;
    await lake.delete(marker);
    const retried = await step({ zone: 'bronze', asOf: asOf.toISOString(), dryRun: false });
    expect(retried.deleted).toBe(planted.expired.filter((k) => k.startsWith('bronze/')).length - 1);
    expect(await lake.list('bronze')).toEqual(
      [
        ...planted.kept.filter((k) => k.startsWith('bronze/')),
        ...planted.quarantine.filter((k) => k.startsWith('bronze/')),
      ].sort(),
    );
  });
});

test('audit retention deletes old audit and quality rows in batches, and no other table', async () => {
  const asOf = new Date();
  const lake = createLake({ backend: 'local', root: mkdtempSync(path.join(dataDir, 'lake-')) });
  await plantRetentionRows(db, asOf);
  const activities = createRetentionActivities({ config, lake, db });
  const run = (input: Partial<RetentionStepInput>): Promise<ZoneRetention> => {
    const args: RetentionStepInput = { zone: 'audit', asOf: asOf.toISOString(), dryRun: false, ...input };
    return new MockActivityEnvironment().run(activities.applyRetentionStep, args);
  };
  const oldAudit = await db('ingestion_audit')
    .where('at', '<', new Date(asOf.getTime() - 400 * 86_400_000).toISOString())
    .count({ n: '*' });
  const expected = Number(oldAudit[0]?.n) + 1; // + the old quality row

  const dry = await run({ dryRun: true });
  expect(dry.deleted).toBe(expected);
  const before = await sqliteTableCounts(db);

  const first = await run({ limit: 1 });
  expect(first).toMatchObject({ deleted: 1, more: true });
  let deleted = first.deleted;
  for (let more = true; more;) {
    const next = await run({ limit: 1 });
    deleted += next.deleted;
    more = next.more;
  }
  expect(deleted).toBe(expected);
  expect(await db('ingestion_audit').where({ step: 'planted-expired' }).count({ n: '*' })).toEqual([
    { n: 0 },
  ]);
  expect(await db('ingestion_audit').where({ step: 'planted-kept' }).count({ n: '*' })).toEqual([{ n: 2 }]);
  expect(await db('quality_results').pluck('gate')).toEqual(['planted-kept']);

  const after = await sqliteTableCounts(db);
  for (const table of Object.keys(before)) {
    if (table === 'ingestion_audit' || table === 'quality_results') continue;
    expect([table, after[table]]).toEqual([table, before[table]]);
  }
  expect(after.fact_day_ahead_price).toBe(1);
});
