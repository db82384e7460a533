import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../activities';
import { createEco2mixFetch, RTE_REGIONAL, type FetchResult } from '../../activities/bronze/odre-fetch';
import { readBronzeJson } from '../../activities/bronze/lake-objects';
import { loadConfig } from '../../activities/config';
import { REGIONS } from '../../lib/domain/regions';
import { silentLogger } from '../../lib/log';
import { loadFixture, startOdreReplayServer, type ReplayServer } from '../../replay/odre-replay-server';
import { buildActivityDeps } from '../../workers/dependencies';

/**
 * The fetch activity against the replay server with more records than one API window holds:
 * offset paging up to 10 000, then a new slice from the last instant seen. Real HTTP, real lake,
 * real SQLite; the activity context is the SDK's MockActivityEnvironment.
 */

const DATASET = 'eco2mix-regional-tr';
const feedRegions = REGIONS.filter((r) => r.inRegionalFeed);
const QUARTER_HOURS = 900; // 12 regions x 900 = 10 800 records: more than one 10 000 window
const START = Date.parse('2025-03-01T00:00:00Z');

let dir: string;
let replay: ReplayServer;
let deps: ActivityDeps;

/** Runs the fetch activity in the SDK's mock activity context (attempt, heartbeat details). */
function runFetch(env: MockActivityEnvironment): Promise<FetchResult> {
  return env.run<[], FetchResult, () => Promise<FetchResult>>(createEco2mixFetch(deps, RTE_REGIONAL));
}

function syntheticRecords(): Record<string, unknown>[] {
  const template = loadFixture(DATASET)[0]!;
  const records: Record<string, unknown>[] = [];
  for (let q = 0; q < QUARTER_HOURS; q++) {
    const instant = new Date(START + q * 900_000).toISOString().replace('.000Z', '+00:00');
    for (const r of feedRegions)
      records.push({ ...template, code_insee_region: r.code, libelle_region: r.name, date_heure: instant });
  }
  return records;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-paging-'));
  replay = await startOdreReplayServer({ datasets: [DATASET] });
  replay.publish(DATASET, syntheticRecords());
  const config = loadConfig({
    NODE_ENV: 'test',
    GPS_DATA_DIR: dir,
    GPS_ODRE_BASE_URL: replay.baseUrl,
    GPS_RTE_INITIAL_WATERMARK: '2025-03-01T01:00:00Z',
    GPS_RTE_OVERLAP_MINUTES: '60',
  });
  deps = await buildActivityDeps(config, silentLogger);
});

afterAll(async () => {
  await deps?.db.destroy();
  await replay?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function recordsIn(result: FetchResult): Promise<Record<string, unknown>[]> {
  const pages = await Promise.all(
    result.objects.map(
      (o) => readBronzeJson(deps.lake, o.key) as Promise<{ results: Record<string, unknown>[] }>,
    ),
  );
  return pages.flatMap((p) => p.results);
}

test('pages through more than one API window without losing a record', async () => {
  const env = new MockActivityEnvironment({ attempt: 1 });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => heartbeats.push(d));
  const before = replay.requests.length;

  const result = await runFetch(env);

  const requests = replay.requests.slice(before);
  expect(requests.every((r) => Number(r.query.offset) + Number(r.query.limit) <= 10_000)).toBe(true);
  const cursors = [...new Set(requests.map((r) => r.query.where))];
  expect(cursors.length).toBeGreaterThanOrEqual(2); // a second slice was needed
  expect(cursors[0]).toBe('date_heure >= "2025-03-01T00:00:00.000Z"');

  const unique = new Set((await recordsIn(result)).map((r) => `${r.code_insee_region}|${r.date_heure}`));
  expect(unique.size).toBe(12 * QUARTER_HOURS); // the 2025-02-20 capture lies before the window
  expect(result.maxInstant).toBe(new Date(START + (QUARTER_HOURS - 1) * 900_000).toISOString());
  expect(result.records).toBeGreaterThanOrEqual(unique.size); // slice boundaries re-read one instant
  expect(heartbeats.length).toBe(result.objects.length - 1);
});

test('a retried attempt resumes from the last heartbeat instead of the start', async () => {
  const first = await runFetch(new MockActivityEnvironment({ attempt: 1 }));
  const resumeFrom = {
    cursor: '2025-03-01T00:00:00.000Z',
    offset: 9_800,
    objects: first.objects.slice(0, 98),
  };
  const before = replay.requests.length;

  const resumed = await runFetch(new MockActivityEnvironment({ attempt: 2, heartbeatDetails: resumeFrom }));

  expect(replay.requests[before]!.query.offset).toBe('9800');
  expect(resumed.objects.map((o) => o.key)).toEqual(first.objects.map((o) => o.key));
  expect(resumed.objects.slice(98).every((o) => !o.isNew)).toBe(true); // same bytes: Bronze already had them
});

test('nothing new since the watermark gives an empty result, not an error', async () => {
  await deps.db('ingestion_watermark').insert({
    source: 'rte-regional',
    watermark_utc: '2026-01-01T00:00:00.000Z',
    updated_at: new Date().toISOString(),
  });
  const result = await new MockActivityEnvironment({ attempt: 1 }).run(
    createEco2mixFetch(deps, RTE_REGIONAL),
  );
  expect(result).toMatchObject({
    objects: [],
    records: 0,
    maxInstant: undefined,
    since: '2025-12-31T23:00:00.000Z',
  });
});
