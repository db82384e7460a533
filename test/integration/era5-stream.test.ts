import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import knex, { type Knex } from 'knex';
import pl from 'nodejs-polars';
import {
  createEra5Fetch,
  type Era5FetchResult,
  type Era5Progress,
} from '../../activities/sources/era5/fetch';
import type { LakeStore } from '../../lib/lake';
import { LocalLake } from '../../lib/lake/local-lake';
import { generateEra5Parquet, type Era5GenerateResult } from '../../replay/era5-generator';
import { startObjectStoreServer, type ObjectStoreServer } from '../../replay/object-store-server';
import type { IngestEra5Result } from '../../workflows/ingest-era5';
import { namespaceOf, startDevServer } from '../helpers/temporal';
import { WorkerProcesses } from '../helpers/worker-process';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { FailureType } from '../../lib/domain/failure-types';

/**
 * ERA5 weather Parquet from object storage into Bronze, on real components: the Temporal dev
 * server, the local object-storage server (Range/ETag/If-Match, injected faults), the local lake,
 * SQLite audit. The kill test runs the worker in a child process and SIGKILLs it mid-download.
 */

jest.setTimeout(240_000);

const CHUNK = 256 * 1024;
const PREFIX = 'bronze/climate/era5';

let env: TestWorkflowEnvironment;
let objects: ObjectStoreServer;
let platform: TestPlatform;
let work: string;
let source: Era5GenerateResult;
let sourceSha256: string;
/** Months (YYYY-MM) and rows per month, counted from the generated file itself. */
let expectedMonths: Map<string, number>;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'gps-era5-test-'));
  // A 1° grid (165 points) over ~2 months crossing a month and a year boundary: a few MB.
  source = await generateEra5Parquet(path.join(work, 'era5-france-test.parquet'), {
    start: new Date('2023-12-10T00:00:00Z'),
    hours: 24 * 60,
    step: 1,
    rowGroupSize: 16_384,
  });
  sourceSha256 = createHash('sha256').update(readFileSync(source.path)).digest('hex');
  const months = pl
    .readParquet(source.path)
    .select(pl.col('time').dt.strftime('%Y-%m').alias('month'))
    .groupBy('month')
    .agg(pl.len().alias('rows'))
    .toRecords() as { month: string; rows: number }[];
  expectedMonths = new Map(months.map((m) => [m.month, Number(m.rows)]));

  objects = await startObjectStoreServer();
  env = await startDevServer();
  platform = await startTestPlatform(env, { GPS_ERA5_CHUNK_BYTES: String(CHUNK) });
});

afterAll(async () => {
  await platform?.stop();
  await env?.teardown();
  await objects?.close();
  rmSync(work, { recursive: true, force: true });
});

interface PartitionSeen {
  month: string;
  rows: number;
  meta: Record<string, unknown>;
}

async function bronzePartitions(lake: LakeStore, root: string, object: string): Promise<PartitionSeen[]> {
  const keys = (await lake.list(PREFIX)).filter((k) => k.endsWith('.parquet') && k.includes(`/${object}_`));
  return Promise.all(
    keys.map(async (key) => {
      const m = /year=(\d{4})\/month=(\d{2})\//.exec(key);
      const rows = pl.readParquet(path.join(root, key)).height;
      const meta = JSON.parse((await lake.get(`${key}.meta.json`)).toString('utf8')) as Record<
        string,
        unknown
      >;
      return { month: `${m?.[1]}-${m?.[2]}`, rows, meta };
    }),
  );
}

/** Every (time, latitude, longitude) of the source exactly once across the object's partitions. */
function distinctGridHours(root: string, object: string): { rows: number; distinct: number } {
  const all = pl.scanParquet(path.join(root, PREFIX, 'year=*', 'month=*', `${object}_*.parquet`));
  const rows = Number(all.select(pl.len()).collectSync().getColumn('len').get(0));
  const distinct = all.select('time', 'latitude', 'longitude').unique().collectSync().height;
  return { rows, distinct };
}

async function auditRows(db: Knex, workflowId: string) {
  return db('ingestion_audit')
    .where({ workflow_id: workflowId, step: AUDIT_STEP.toBronze, source: 'era5' })
    .orderBy('id')
    .select('attempt', 'status', 'error', 'rows', 'details');
}

function expectPartitionsMatchSource(parts: PartitionSeen[]): void {
  expect(parts.map((p) => p.month).sort()).toEqual([...expectedMonths.keys()].sort());
  for (const p of parts) {
    expect(p.rows).toBe(expectedMonths.get(p.month));
    expect(p.meta).toMatchObject({ source: 'era5', sourceSha256, sourceBytes: source.bytes, rows: p.rows });
  }
  expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(source.rows);
}

describe('ERA5 weather Parquet: object storage -> Bronze by month', () => {
  test('streams into one Parquet per month with metadata; a rerun writes nothing new', async () => {
    const etag = await objects.publish('era5/happy/era5-france-test.parquet', source.path);
    const url = objects.urlOf('era5/happy/era5-france-test.parquet');
    const first = await env.client.workflow.execute('ingestEra5', {
      taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
      workflowId: 'era5-happy-1',
      args: [{ transformTaskQueue: platform.config.temporal.declarations.taskQueues.transform, url }],
    });
    const result = first as Era5FetchResult;
    expect(result).toMatchObject({
      source: 'era5',
      object: 'era5-france-test',
      etag,
      sha256: sourceSha256,
      bytes: source.bytes,
      rows: source.rows,
      rejectedRows: 0,
      resumedFromByte: 0,
      bytesFetched: source.bytes,
      firstInstant: source.first,
      lastInstant: source.last,
    });
    expect(result.partitions.every((p) => p.isNew)).toBe(true);
    // Weather per region and hour reached Gold: as many rows as Silver produced, every hour covered.
    const weather = (first as { weather: { goldRows: number; rejectedRows: number } }).weather;
    const [stored] = await platform.db('fact_weather').count({ n: '*' });
    expect(weather.goldRows).toBeGreaterThan(0);
    expect(Number(stored?.n)).toBe(weather.goldRows);
    expect(weather.rejectedRows).toBe(0);
    // Every mean is within French weather and every region-hour is there; the extract is from
    // 2023, so only the staleness warning fires (a warning: the run still succeeds).
    expect((first as IngestEra5Result).qualityWarnings).toEqual(['freshness']);
    const gates = await platform.db('quality_results').where({ workflow_id: 'era5-happy-1' }).orderBy('id');
    expect(gates.map((g) => [g.dataset, g.gate, g.severity, g.outcome])).toEqual([
      ['weather_regional', 'temperature_plausible', 'blocking', 'pass'],
      ['weather_regional', 'wind_speed_plausible', 'blocking', 'pass'],
      ['weather_regional', 'irradiance_plausible', 'blocking', 'pass'],
      ['weather_regional', 'precipitation_plausible', 'blocking', 'pass'],
      ['weather_regional', 'cloud_cover_plausible', 'blocking', 'pass'],
      ['weather_regional', 'weather_completeness', 'warning', 'pass'],
      ['weather_regional', 'freshness', 'warning', 'fail'],
    ]);
    expect(gates[0]).toMatchObject({ window_start: source.first });
    const described = await env.client.workflow.getHandle('era5-happy-1').describe();
    expect(described.memo?.warnings).toEqual(['freshness']);
    expect(described.memo).not.toHaveProperty('blockingFailures'); // an empty list is not kept
    const weatherBefore = await platform.db('fact_weather').orderBy(['region_code', 'hour_utc']);
    const hours = new Set(weatherBefore.map((w) => new Date(w.hour_utc).getTime()));
    expect(hours.size).toBe(source.hours);
    // Fixed-size ranges, each asked once, covering the object.
    const ranges = objects.requests.filter((r) => r.range).map((r) => r.range?.start);
    expect(ranges).toEqual(Array.from({ length: Math.ceil(source.bytes / CHUNK) }, (_, i) => i * CHUNK));

    const root = platform.config.lake.backend === 'local' ? platform.config.lake.root : '';
    const lake = new LocalLake(root);
    const parts = await bronzePartitions(lake, root, 'era5-france-test');
    expectPartitionsMatchSource(parts);
    for (const p of parts) expect(p.meta).toMatchObject({ etag, url });
    const keysBefore = await lake.list(PREFIX);
    const contentBefore = keysBefore.map((k) => readFileSync(path.join(root, k)));

    const again = (await env.client.workflow.execute('ingestEra5', {
      taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
      workflowId: 'era5-happy-2',
      args: [{ transformTaskQueue: platform.config.temporal.declarations.taskQueues.transform, url }],
    })) as Era5FetchResult;
    expect(again.partitions.map((p) => p.key)).toEqual(result.partitions.map((p) => p.key));
    expect(again.partitions.some((p) => p.isNew)).toBe(false);
    expect(await lake.list(PREFIX)).toEqual(keysBefore);
    expect(keysBefore.map((k) => readFileSync(path.join(root, k)))).toEqual(contentBefore);
    expect(readdirSync(platform.config.era5.stagingDir)).toEqual([]);
    // A rerun re-aggregates every month and changes nothing in Gold, not even loaded_at.
    expect(await platform.db('fact_weather').orderBy(['region_code', 'hour_utc'])).toEqual(weatherBefore);

    const audit = await auditRows(platform.db, 'era5-happy-2');
    expect(audit.map((a) => `${a.attempt}:${a.status}`)).toEqual(['1:started', '1:succeeded']);
    expect(JSON.parse(audit[1].details)).toMatchObject({ newPartitions: 0, partitions: parts.length });
  });

  test('a cut body and a 503 are retried, each attempt resuming after the chunks already staged', async () => {
    await objects.publish('era5/faults/era5-faulty.parquet', source.path);
    const url = objects.urlOf('era5/faults/era5-faulty.parquet');
    const before = objects.requests.length;
    // Attempt 1: HEAD, chunk 0, chunk 1 cut short. Attempt 2: HEAD, then a 503 (Retry-After 1 s).
    objects.injectFaults(
      { kind: 'pass' },
      { kind: 'pass' },
      { kind: 'truncate' },
      { kind: 'pass' },
      {
        kind: 'status',
        status: 503,
        retryAfterSeconds: 1,
      },
    );
    const result = (await env.client.workflow.execute('ingestEra5', {
      taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
      workflowId: 'era5-faults',
      args: [{ transformTaskQueue: platform.config.temporal.declarations.taskQueues.transform, url }],
    })) as Era5FetchResult;

    const audit = await auditRows(platform.db, 'era5-faults');
    expect(audit.map((a) => `${a.attempt}:${a.status}`)).toEqual([
      '1:started',
      '1:failed',
      '2:started',
      '2:failed',
      '3:started',
      '3:succeeded',
    ]);
    expect(audit[1].error).toMatch(
      new RegExp(String.raw`^${FailureType.MalformedPayload}: (.*cut short|got \d+ bytes)`),
    );
    expect(audit[3].error).toMatch(new RegExp(`^${FailureType.HttpServerError}: HTTP 503`));

    // Chunk 0 was heartbeated by attempt 1: no later attempt asks for it again.
    expect(result.resumedFromByte).toBeGreaterThanOrEqual(CHUNK);
    const starts = objects.requests
      .slice(before)
      .filter((r) => r.range && r.status === 206)
      .map((r) => r.range?.start);
    expect(starts.filter((s) => s === 0)).toHaveLength(1);
    expect(result.bytesFetched).toBe(source.bytes - result.resumedFromByte);

    const root = platform.config.lake.backend === 'local' ? platform.config.lake.root : '';
    expectPartitionsMatchSource(await bronzePartitions(new LocalLake(root), root, 'era5-faulty'));
    expect(distinctGridHours(root, 'era5-faulty')).toEqual({ rows: source.rows, distinct: source.rows });
  });

  test('a heartbeat from another version of the object (ETag changed) is not resumed: the read starts over', async () => {
    await objects.publish('era5/changed/era5-changed.parquet', source.path);
    const url = objects.urlOf('era5/changed/era5-changed.parquet');
    const stale: Era5Progress = {
      etag: '"an-older-version"',
      size: source.bytes,
      bytesDone: 4 * CHUNK,
      partitionsWritten: [],
    };
    const activity = new MockActivityEnvironment({ heartbeatDetails: stale, attempt: 2 });
    const result: Era5FetchResult = await activity.run(createEra5Fetch(platform.deps), { url });
    expect(result).toMatchObject({
      resumedFromByte: 0,
      bytesFetched: source.bytes,
      rows: source.rows,
      sha256: sourceSha256,
    });

    // Same version, but this host never staged those bytes (the retry landed elsewhere): from 0 too.
    const etag = await objects.publish('era5/changed/era5-elsewhere.parquet', source.path);
    const elsewhere = new MockActivityEnvironment({
      heartbeatDetails: {
        etag,
        size: source.bytes,
        bytesDone: 4 * CHUNK,
        partitionsWritten: [],
      } satisfies Era5Progress,
      attempt: 2,
    });
    const moved: Era5FetchResult = await elsewhere.run(createEra5Fetch(platform.deps), {
      url: objects.urlOf('era5/changed/era5-elsewhere.parquet'),
    });
    expect(moved).toMatchObject({ resumedFromByte: 0, bytesFetched: source.bytes, rows: source.rows });
  });

  test('a worker killed mid-download: the retry on a new worker resumes from the heartbeated chunk', async () => {
    const dataDir = mkdtempSync(path.join(work, 'kill-'));
    const workers = await WorkerProcesses.prepare(dataDir, 'era5-kill', {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: namespaceOf(env),
      GPS_ERA5_CHUNK_BYTES: String(CHUNK),
    });
    await objects.publish('era5/kill/era5-killed.parquet', source.path);
    const url = objects.urlOf('era5/kill/era5-killed.parquet');

    try {
      // Slow answers keep the first worker inside the download long enough to kill it there.
      objects.setLatency(300);
      const first = await workers.start();
      const handle = await env.client.workflow.start('ingestEra5', {
        taskQueue: workers.taskQueues.ingest,
        workflowId: 'era5-kill',
        args: [{ transformTaskQueue: workers.taskQueues.transform, url }],
      });

      let heartbeated: Era5Progress | undefined;
      for (let i = 0; i < 600 && !heartbeated; i++) {
        const pending = (await handle.describe()).raw.pendingActivities?.[0];
        const payload = pending?.heartbeatDetails?.payloads?.[0];
        const progress = payload ? defaultPayloadConverter.fromPayload<Era5Progress>(payload) : undefined;
        if (progress && progress.bytesDone >= CHUNK) heartbeated = progress;
        else await new Promise((r) => setTimeout(r, 100));
      }
      if (!heartbeated) throw new Error('the ERA5 activity never heartbeated a chunk');
      expect(heartbeated.bytesDone).toBeLessThan(source.bytes);

      await WorkerProcesses.kill(first);
      const requestsBeforeRestart = objects.requests.length;
      objects.setLatency(0);
      await workers.start();

      const result = (await handle.result()) as Era5FetchResult;

      // Attempt 2 started from the chunk the heartbeat recorded, not from byte 0 …
      expect(result.resumedFromByte).toBeGreaterThanOrEqual(heartbeated.bytesDone);
      expect(result.resumedFromByte % CHUNK).toBe(0);
      expect(result.bytesFetched).toBe(source.bytes - result.resumedFromByte);
      // … and the object server saw no range below it again.
      const after = objects.requests.slice(requestsBeforeRestart).filter((r) => r.range);
      expect(after[0]?.range?.start).toBe(result.resumedFromByte);
      expect(after.every((r) => (r.range?.start ?? 0) >= result.resumedFromByte)).toBe(true);

      const db = knex({
        client: 'better-sqlite3',
        connection: { filename: path.join(dataDir, 'gold.sqlite') },
        useNullAsDefault: true,
      });
      try {
        const audit = await auditRows(db, 'era5-kill');
        // The killed attempt never finished: only its start is in the log.
        expect(audit.map((a) => `${a.attempt}:${a.status}`)).toEqual([
          '1:started',
          '2:started',
          '2:succeeded',
        ]);
        expect(JSON.parse(audit[2].details)).toMatchObject({ resumedFromByte: result.resumedFromByte });
      } finally {
        await db.destroy();
      }

      const root = path.join(dataDir, 'lake');
      const parts = await bronzePartitions(new LocalLake(root), root, 'era5-killed');
      expectPartitionsMatchSource(parts);
      expect(distinctGridHours(root, 'era5-killed')).toEqual({ rows: source.rows, distinct: source.rows });
      expect(readdirSync(path.join(dataDir, 'staging', 'era5'))).toEqual([]);
    } finally {
      objects.setLatency(0);
      await workers.stopAll();
    }
  });

  test('a regional mean beyond French weather fails the run on its blocking gate; Gold keeps the value', async () => {
    // Two days of the source with one hour at 330 K (56.85 °C) everywhere: inside Silver's
    // 180..340 K bounds for a reading on Earth, beyond any temperature France ever had.
    const start = Date.parse(source.first);
    const hot = start + 5 * 3_600_000;
    const epochMs = pl.col('time').cast(pl.Int64);
    const hotFile = path.join(work, 'era5-hot.parquet');
    pl.readParquet(source.path)
      .filter(epochMs.lt(start + 48 * 3_600_000))
      .withColumns(
        pl.when(epochMs.eq(hot)).then(pl.lit(330)).otherwise(pl.col('t2m')).cast(pl.Float32).alias('t2m'),
      )
      .writeParquet(hotFile);
    await objects.publish('era5/hot/era5-hot.parquet', hotFile);

    const failure = await env.client.workflow
      .execute('ingestEra5', {
        taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
        workflowId: 'era5-hot',
        args: [
          {
            transformTaskQueue: platform.config.temporal.declarations.taskQueues.transform,
            url: objects.urlOf('era5/hot/era5-hot.parquet'),
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(FailureType.QualityGateFailed);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toMatch(/weather_regional .*: temperature_plausible$/);

    // Flagged, not corrected: every region's mean for that hour is the published 56.85 °C.
    const flagged = await platform.db('fact_weather').where({ hour_utc: new Date(hot).toISOString() });
    expect(flagged.length).toBeGreaterThan(0);
    for (const row of flagged) expect(row.temperature_c).toBeCloseTo(330 - 273.15, 4);
    const check = await platform
      .db('quality_results')
      .where({ workflow_id: 'era5-hot', gate: 'temperature_plausible' })
      .first();
    expect(check).toMatchObject({ outcome: 'fail', severity: 'blocking', observed: flagged.length });
    const alert = await platform
      .db('ingestion_audit')
      .where({ workflow_id: 'era5-hot', step: 'quality:temperature_plausible' })
      .first();
    expect(alert).toMatchObject({ status: 'alert', source: 'weather_regional' });
    const described = await env.client.workflow.getHandle('era5-hot').describe();
    expect(described.memo).toMatchObject({
      blockingFailures: ['temperature_plausible'],
      warnings: ['freshness'],
    });
  });
});
