import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import knex, { type Knex } from 'knex';
import pl from 'nodejs-polars';
import { loadConfig } from '../../activities/config';
import { SOURCES } from '../../activities/sources/registry';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import { loadFixture } from '../../replay/odre-replay-server';
import type { EvaluateAlertsResult } from '../../workflows/evaluate-alerts';
import type { IngestRteRegionalResult } from '../../workflows/ingest-rte-regional';
import { startAzurite, type TestAzurite } from '../helpers/azurite';
import { devToken } from '../helpers/dev-token';
import { freePort } from '../helpers/free-port';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres';
import { namespaceOf, startDevServer } from '../helpers/temporal';
import { REGIONAL_CAPTURE_GATE_OUTCOMES } from '../helpers/regional-gate-outcomes';

/**
 * The platform on PostgreSQL and on the Azure Blob lake by configuration alone: `workers/platform.ts`
 * (what `npm run start:replay` runs) in a child process whose only input is its environment:
 * GPS_DB_CLIENT=pg with a writer and a read-only role on a PostgreSQL server started here,
 * GPS_LAKE_BACKEND=azure-blob on an Azurite started here, the replay stand-ins, and the test run's
 * Temporal dev server instead of an embedded one. The platform triggers every schedule of
 * temporal.yaml at start-up; the regional one (the recorded capture: Nouvelle-Aquitaine,
 * 5 quarter-hours of 2025-02-20) is followed through in depth: Bronze and Silver read from the
 * container, Gold, gates, asset registry, audit and alert evaluation from PostgreSQL, and the
 * same rows through the platform's API over HTTP. Every other scheduled source must also reach
 * the container and PostgreSQL, and the data directory must hold no lake and no Gold SQLite file.
 *
 * One setting differs from `npm run start:replay` beyond the stores and the ports: the freshness
 * watcher is off (GPS_FRESHNESS_PROBE_SECONDS=0). It would start a second regional ingestion
 * racing the scheduled one, and which of the two reads the full page first would decide the
 * Bronze objects and each run's counts; it has no storage of its own (its ingestion is this
 * workflow).
 */

const ROOT = path.resolve(__dirname, '../..');
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CONTAINER = 'gps-platform-e2e';
const REGIONAL_SCHEDULE = 'rte-regional-ingest';
const DAY = { from: '2025-02-20T00:00:00Z', to: '2025-02-21T00:00:00Z' };

const fixture = loadFixture('eco2mix-regional-tr');
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => new Date(v as string | Date).toISOString();

let env: TestWorkflowEnvironment;
let pg: TestPostgres;
let azurite: TestAzurite;
let container: ContainerClient;
let scratch: string;
let dataDir: string;
let platform: ChildProcess | undefined;
let platformOutput = '';
let apiUrl: string;
let writer: Knex;
let admin: Knex;
const scheduledRuns = new Map<string, { workflowId: string; result: unknown }>();

function regionalRun(): { workflowId: string; result: IngestRteRegionalResult } {
  const run = scheduledRuns.get(REGIONAL_SCHEDULE)!;
  return { workflowId: run.workflowId, result: run.result as IngestRteRegionalResult };
}

/** Resolves once the output matches; fails with the output if the process exits first. */
function outputMatches(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(platformOutput);
      if (!m) return;
      cleanup();
      resolve(m);
    };
    const exited = (code: number | null) => {
      cleanup();
      reject(new Error(`platform exited (${code}) before ${pattern}:\n${platformOutput}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`platform: no ${pattern} within ${ms} ms:\n${platformOutput}`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

/** The environment of a deployment, and nothing else: no variable of the Jest process leaks in. */
async function platformEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: path.join(scratch, 'tmp'),
    GPS_DATA_DIR: dataDir,
    GPS_RTE_MODE: 'replay',
    GPS_DB_CLIENT: 'pg',
    GPS_DB_URL: pg.writerUrl,
    GPS_DB_READER_URL: pg.readerUrl,
    GPS_LAKE_BACKEND: 'azure-blob',
    GPS_LAKE_CONNECTION_STRING: azurite.connectionString,
    GPS_LAKE_CONTAINER: CONTAINER,
    GPS_TEMPORAL_EMBEDDED: 'false',
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: namespaceOf(env),
    GPS_FRESHNESS_PROBE_SECONDS: '0',
    GPS_API_PORT: String(await freePort()),
    GPS_REPLAY_PORT: String(await freePort()),
    GPS_MAINTENANCE_REPLAY_PORT: String(await freePort()),
    GPS_OBJECT_STORE_REPLAY_PORT: String(await freePort()),
    GPS_ENTSOE_REPLAY_PORT: String(await freePort()),
  };
}

/** The workflow the platform's start-up trigger of `scheduleId` started. */
async function firstScheduledWorkflowId(scheduleId: string): Promise<string> {
  const handle = env.client.schedule.getHandle(scheduleId);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const started = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId;
    if (started) return started;
    if (Date.now() > deadline) throw new Error(`schedule ${scheduleId} started no workflow`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  [env, pg, azurite] = await Promise.all([startDevServer(), startTestPostgres(), startAzurite()]);
  await azurite.createContainer(CONTAINER);
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(CONTAINER);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'gps-pg-azurite-'));
  dataDir = path.join(scratch, 'data');
  mkdirSync(dataDir);
  mkdirSync(path.join(scratch, 'tmp'));
  writer = knex({ client: 'pg', connection: pg.writerUrl, pool: { min: 0, max: 2 } });
  admin = knex({ client: 'pg', connection: pg.adminUrl, pool: { min: 0, max: 1 } });

  // One process, not the tsx CLI wrapper, so SIGTERM reaches the platform itself. From the
  // package root, as `npm run start:replay` runs: alerts.yaml and maintenance.yaml are read there.
  const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(ROOT, 'workers/platform.ts')], {
    cwd: ROOT,
    env: await platformEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  platform = child;
  child.stdout.on('data', (d: Buffer) => (platformOutput += d.toString()));
  child.stderr.on('data', (d: Buffer) => (platformOutput += d.toString()));
  // Bundling the workflows under tsx takes most of this.
  apiUrl = (await outputMatches(child, /^ {2}console +(http:\/\/\S+)\/$/m, 100_000))[1]!;

  // Every schedule's first run, waited for here so no test reads a store still being written.
  for (const { id } of loadConfig({ GPS_DATA_DIR: dataDir }).temporal.declarations.schedules) {
    const workflowId = await firstScheduledWorkflowId(id);
    scheduledRuns.set(id, { workflowId, result: await env.client.workflow.getHandle(workflowId).result() });
  }
}, 180_000);

afterAll(async () => {
  if (platform && platform.exitCode === null && platform.signalCode === null) {
    const exited = new Promise((resolve) => platform!.once('exit', resolve));
    platform.kill('SIGTERM');
    await exited;
  }
  await writer?.destroy();
  await admin?.destroy();
  await env?.teardown();
  await azurite?.stop();
  await pg?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 60_000);

async function blobNames(prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
  return names.sort();
}

async function blobBytes(name: string): Promise<Buffer> {
  return container.getBlockBlobClient(name).downloadToBuffer();
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

interface AuditRow {
  workflow_id: string;
  step: string;
  status: string;
}

/**
 * The steps that succeeded, in the order they first did, each prefixed with its workflow's id
 * below `workflowId` (a child's `/gold/<day>`). An attempt may be retried without failing (a
 * heartbeat missed while the ERA5 transform holds the shared process's event loop on a busy
 * machine), so this looks at what succeeded, not at attempt counts.
 */
function stepsSucceeded(rows: AuditRow[], workflowId: string): string[] {
  const steps = rows
    .filter((r) => r.status === 'succeeded')
    .map((r) => `${r.workflow_id.replace(workflowId, '')} ${r.step}`);
  return [...new Set(steps)];
}

test('the regional ingestion the platform scheduled and triggered at start-up completes', () => {
  const { workflowId, result } = regionalRun();
  expect(workflowId).toMatch(new RegExp(`^${REGIONAL_SCHEDULE}-`));
  expect(result).toMatchObject({
    bronzeObjects: 1,
    newBronzeObjects: 1,
    records: fixture.length,
    silverRows: fixture.length,
    rejectedRows: 0,
    goldEnergyFlowRows: fixture.length * PRODUCTION_SOURCES.length,
    goldBalanceRows: fixture.length,
    days: ['2025-02-20'],
    watermark: '2025-02-20T12:30:00.000Z',
  });
  expect(platformOutput).toMatch(/lake azure-blob container gps-platform-e2e \(connection string\)/);
});

test('regional Bronze and Silver are in the Azurite container', async () => {
  const bronze = await blobNames('bronze/rte/production/eco2mix-regional-tr/');
  const pages = bronze.filter((k) => k.endsWith('.json') && !k.endsWith('.meta.json'));
  expect(pages).toHaveLength(1);
  expect(JSON.parse((await blobBytes(pages[0]!)).toString('utf8'))).toEqual({
    total_count: fixture.length,
    results: fixture,
  });
  const meta = JSON.parse((await blobBytes(`${pages[0]}.meta.json`)).toString('utf8')) as { sha256: string };
  expect(meta).toMatchObject({ source: 'rte-regional', httpStatus: 200, recordCount: fixture.length });
  // The page, its metadata and the content-hash index that makes a re-fetched page a no-op.
  expect(bronze).toEqual(
    [
      pages[0],
      `${pages[0]}.meta.json`,
      `bronze/rte/production/eco2mix-regional-tr/_by_sha256/${meta.sha256}`,
    ].sort(),
  );

  const silver = [
    ...(await blobNames('silver/eco2mix_regional/')),
    ...(await blobNames('silver/eco2mix_regional_production/')),
  ];
  expect(silver).toEqual([
    'silver/eco2mix_regional/year=2025/month=02/day=20/data.parquet',
    'silver/eco2mix_regional_production/year=2025/month=02/day=20/data.parquet',
  ]);
  const balance = pl.readParquet(await blobBytes(silver[0]!));
  expect(balance.height).toBe(fixture.length);
  const production = pl.readParquet(await blobBytes(silver[1]!));
  expect(production.height).toBe(fixture.length * PRODUCTION_SOURCES.length);
});

test('regional Gold is in PostgreSQL, value for value, with its quality gates and the region in the asset registry', async () => {
  const flows = await writer('fact_energy_flow').where({ region_code: '75' });
  expect(flows).toHaveLength(fixture.length * PRODUCTION_SOURCES.length);
  for (const record of fixture) {
    const ts = iso(record.date_heure);
    for (const source of PRODUCTION_SOURCES) {
      const row = flows.find((f) => iso(f.ts_utc) === ts && f.source_code === source.code);
      expect({ ts, source: source.code, mw: num(row?.mw) }).toEqual({
        ts,
        source: source.code,
        mw: num(record[source.code]),
      });
    }
  }
  const balances = await writer('fact_regional_balance').orderBy('ts_utc');
  expect(balances.map((b) => [iso(b.ts_utc), num(b.consumption_mw)])).toEqual(
    fixture.map((r) => [iso(r.date_heure), num(r.consommation)]),
  );

  const gates = await writer('quality_results')
    .where('workflow_id', 'like', `${regionalRun().workflowId}%`)
    .orderBy('id');
  expect(gates.map((g) => `${g.gate}:${g.severity}:${g.outcome}`)).toEqual(REGIONAL_CAPTURE_GATE_OUTCOMES);

  // The reference data's run may discover the region first: who saw it last is a race.
  const region = await writer('asset_registry').where({ asset_type: 'region', asset_code: '75' }).first();
  expect(region).toMatchObject({ status: 'active' });
});

test("the regional run's audit rows are in PostgreSQL, and the alert evaluation it started ran there", async () => {
  const { workflowId } = regionalRun();
  const events: AuditRow[] = await writer('ingestion_audit')
    .where('workflow_id', 'like', `${workflowId}%`)
    .whereNot({ step: 'asset-discovered' }) // see the asset registry above
    .orderBy('id');
  expect(stepsSucceeded(events, workflowId)).toEqual([
    ' to-bronze',
    ' to-silver',
    '/gold/2025-02-20 to-gold',
    '/gold/2025-02-20 quality-gates',
    ' advance-watermark',
  ]);
  expect(events.filter((e) => e.status !== 'started' && e.status !== 'succeeded')).toEqual([]);
  expect(events.find((e) => e.step === 'to-bronze' && e.status === 'succeeded')).toMatchObject({
    rows: fixture.length,
    workflow_type: 'ingestRteRegional',
  });

  // The child the ingestion abandons: its window ends a quarter-hour after the newest instant.
  const evaluationId = 'alerts-2025-02-20T12:45:00.000Z';
  const evaluation = (await env.client.workflow.getHandle(evaluationId).result()) as EvaluateAlertsResult;
  expect(evaluation).toMatchObject({ from: '2024-12-31T23:00:00.000Z', to: '2025-02-20T12:45:00.000Z' });
  const audit: AuditRow[] = await writer('ingestion_audit')
    .where({ workflow_id: evaluationId })
    .orderBy('id');
  expect(stepsSucceeded(audit, evaluationId)).toEqual([' alerts-evaluate']);
  expect(audit.filter((e) => e.status !== 'started' && e.status !== 'succeeded')).toEqual([]);
  const alertIds = (await writer('alerts').select('id')).map((a) => a.id);
  for (const t of evaluation.transitions) expect(alertIds).toContain(t.alertId);
});

test('every other scheduled source ran on the same stores: Bronze and Silver in the container, Gold and audit in PostgreSQL', async () => {
  expect([...scheduledRuns.keys()].sort()).toEqual([
    'day-ahead-prices-ingest',
    'era5-ingest',
    'maintenance-scrape',
    'reference-data-ingest',
    'rte-national-ingest',
    REGIONAL_SCHEDULE,
  ]);
  const prefixes = (names: string[], depth: number) => [
    ...new Set(names.map((n) => n.split('/').slice(0, depth).join('/'))),
  ];
  expect(prefixes(await blobNames('bronze/'), 3)).toEqual([
    'bronze/climate/era5',
    'bronze/entsoe/day-ahead-prices',
    'bronze/maintenance/events',
    'bronze/maintenance/pages',
    'bronze/reference/sites',
    'bronze/rte/production',
  ]);
  expect(prefixes(await blobNames('bronze/rte/production/'), 4)).toEqual([
    'bronze/rte/production/eco2mix-national-tr',
    'bronze/rte/production/eco2mix-regional-tr',
  ]);
  expect(prefixes(await blobNames('silver/'), 2)).toEqual([
    'silver/day_ahead_price',
    'silver/eco2mix_national',
    'silver/eco2mix_regional',
    'silver/eco2mix_regional_production',
    'silver/maintenance',
    'silver/reference_sites',
    'silver/weather_regional',
  ]);

  // Every Gold table a source declares, filled but one: no capacity file was landed.
  const empty: string[] = [];
  for (const table of SOURCES.flatMap((s) => s.datasets.flatMap((d) => d.goldTables))) {
    const [row] = await writer(table).count({ n: '*' });
    if (Number(row?.n) === 0) empty.push(table);
  }
  expect(empty).toEqual(['fact_installed_capacity']);

  // Each run's steps, children included: every step started succeeded, none failed.
  for (const [scheduleId, { workflowId }] of scheduledRuns) {
    const rows: AuditRow[] = await writer('ingestion_audit').where('workflow_id', 'like', `${workflowId}%`);
    const steps = (status: string) =>
      [...new Set(rows.filter((r) => r.status === status).map((r) => r.step))].sort();
    expect({ scheduleId, started: steps('started') }).toEqual({
      scheduleId,
      started: expect.arrayContaining(['to-bronze']),
    });
    expect({ scheduleId, succeeded: steps('succeeded'), failed: steps('failed') }).toEqual({
      scheduleId,
      succeeded: steps('started'),
      failed: [],
    });
  }
});

test('the data directory holds no lake and no Gold SQLite file', () => {
  // What remains are the stand-ins' own data: the demo reference database (the reference-data
  // source reads it while GPS_REFERENCE_DB_URL is unset) and the object the ERA5 stand-in serves.
  expect(filesUnder(dataDir)).toEqual([
    'reference.sqlite',
    path.join('replay', 'era5-france-sample.parquet'),
  ]);
});

test('the API answers /production/regional and GraphQL with the same rows, read through the read-only role', async () => {
  const token = await devToken({ url: apiUrl }, 'reader');
  const headers = { authorization: `Bearer ${token}` };

  const rest = await fetch(
    `${apiUrl}/production/regional?${new URLSearchParams({ region_code: '75', ...DAY })}`,
    {
      headers,
    },
  );
  expect(rest.status).toBe(200);
  const items = ((await rest.json()) as { items: Record<string, unknown>[] }).items;

  const gql = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($from: DateTime!, $to: DateTime!) {
        regionalProduction(regionCode: "75", from: $from, to: $to) { nodes { timestamp sourceCode mw } }
      }`,
      variables: DAY,
    }),
  });
  expect(gql.status).toBe(200);
  const body = (await gql.json()) as {
    data?: { regionalProduction: { nodes: { timestamp: string; sourceCode: string; mw: number | null }[] } };
    errors?: unknown;
  };
  expect(body.errors).toBeUndefined();
  const nodes = body.data!.regionalProduction.nodes;

  // Both answers against Gold as the writer sees it.
  const flows = await writer('fact_energy_flow')
    .where({ region_code: '75' })
    .orderBy(['ts_utc', 'source_code']);
  const gold = flows.map((f) => ({ timestamp: iso(f.ts_utc), sourceCode: f.source_code, mw: num(f.mw) }));
  expect(nodes).toEqual(gold);
  expect(items.map((i) => i.period_start_utc)).toEqual(fixture.map((r) => iso(r.date_heure)));
  const fromRest = items.flatMap((i) =>
    Object.entries(i.production_mw as Record<string, number | null>).map(([sourceCode, mw]) => ({
      timestamp: i.period_start_utc,
      sourceCode,
      mw,
    })),
  );
  const byKey = (
    a: { timestamp: unknown; sourceCode: string },
    b: { timestamp: unknown; sourceCode: string },
  ) => `${a.timestamp} ${a.sourceCode}`.localeCompare(`${b.timestamp} ${b.sourceCode}`);
  expect(fromRest.sort(byKey)).toEqual(gold);

  // The API's pool keeps its connections a while after answering: they are the reader's, and the
  // reader cannot write.
  const sessions = await admin('pg_stat_activity').where({ datname: 'gold' }).distinct('usename');
  expect(sessions.map((s) => s.usename).sort()).toEqual(['gps_reader', 'gps_writer']);
  const reader = knex({ client: 'pg', connection: pg.readerUrl, pool: { min: 0, max: 1 } });
  try {
    await expect(reader('fact_energy_flow').del()).rejects.toThrow(/permission denied/);
  } finally {
    await reader.destroy();
  }
});
