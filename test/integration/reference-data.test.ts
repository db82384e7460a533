import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import pl from 'nodejs-polars';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createIngestActivities, type ActivityDeps } from '../../activities';
import { loadConfig, type Config } from '../../activities/config';
import type { LakeStore } from '../../lib/lake';
import { silentLogger } from '../../lib/log';
import { seedDemoReference } from '../../lib/reference-demo';
import { buildActivityDeps } from '../../workers/dependencies';
import { createWorkers } from '../../workers/workers';
import type { IngestReferenceDataResult } from '../../workflows/ingest-reference-data';
import type { AssetEvent } from '../../activities/asset-registry';
import {
  readSilverSites,
  REJECTED_PREFIX as SITES_REJECTED,
} from '../../activities/sources/reference-data/sites-silver';
import { namespaceOf, startDevServer, workflowBundle } from '../helpers/temporal';
import { FailureType } from '../../lib/domain/failure-types';

/**
 * Reference data on real components: the Temporal dev server, a local lake, SQLite gold and a
 * real SQLite reference database seeded with registry-shaped rows. The only injected fault is a
 * lake whose delete of a landed file fails once, as a crash between the Bronze copy and the
 * removal would.
 */

const FIXTURES = path.join(__dirname, '../fixtures/reference');
const ODRE_FILE = 'registre-national-installation-production-stockage-electricite-agrege-311224.csv';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

/** A real local lake; `failNextDelete` makes the next delete of a matching key throw once. */
class CrashingLake implements LakeStore {
  failNextDelete?: RegExp;
  constructor(private readonly inner: LakeStore) {}
  get description() {
    return this.inner.description;
  }
  put(key: string, body: Buffer | string) {
    return this.inner.put(key, body);
  }
  putIfAbsent(key: string, body: Buffer | string) {
    return this.inner.putIfAbsent(key, body);
  }
  get(key: string) {
    return this.inner.get(key);
  }
  getVersioned(key: string) {
    return this.inner.getVersioned(key);
  }
  putIfVersion(key: string, body: Buffer | string, version: string | undefined) {
    return this.inner.putIfVersion(key, body, version);
  }
  exists(key: string) {
    return this.inner.exists(key);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  stat(key: string) {
    return this.inner.stat(key);
  }
  async delete(key: string) {
    if (this.failNextDelete?.test(key)) {
      this.failNextDelete = undefined;
      throw new Error(`injected crash before ${key} was removed`);
    }
    return this.inner.delete(key);
  }
}

let env: TestWorkflowEnvironment;
let dataDir: string;
let config: Config;
let deps: ActivityDeps;
let lake: CrashingLake;
let db: Knex;
let referenceFile: string;
let workers: Worker[];
let running: Promise<void>[];
let runs = 0;

beforeAll(async () => {
  env = await startDevServer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-ref-test-'));
  referenceFile = path.join(dataDir, 'grid-reference.sqlite');
  const seeding = knex({
    client: 'better-sqlite3',
    connection: { filename: referenceFile },
    useNullAsDefault: true,
  });
  await seedDemoReference(seeding);
  await seeding.destroy();
  config = loadConfig({
    NODE_ENV: 'test',
    GPS_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: namespaceOf(env),
    GPS_REFERENCE_DB_URL: `sqlite:${referenceFile}`,
    GPS_ASSET_STALE_AFTER: '1d',
    GPS_ASSET_INACTIVE_AFTER: '30d',
  });
  const built = await buildActivityDeps(config, silentLogger);
  lake = new CrashingLake(built.lake);
  deps = { ...built, lake };
  db = deps.db;
  workers = await createWorkers(env.nativeConnection, config, deps, {
    workflowBundle: await workflowBundle(),
  });
  running = workers.map((w) => w.run());
});

afterAll(async () => {
  for (const w of workers ?? []) w.shutdown();
  await Promise.all(running ?? []);
  await db?.destroy();
  await env?.teardown();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function runWorkflow(input: { now?: string } = {}) {
  const { ingest, transform } = config.temporal.declarations.taskQueues;
  const workflowId = `reference-data-test-${++runs}`;
  return {
    workflowId,
    result: env.client.workflow.execute('ingestReferenceData', {
      taskQueue: ingest,
      workflowId,
      args: [{ transformTaskQueue: transform, ...input }],
    }) as Promise<IngestReferenceDataResult>,
  };
}

const bronzeObjects = async (kind: string) =>
  (await lake.list(`bronze/reference/${kind}`)).filter(
    (k) => !k.includes('/_by_sha256/') && !k.endsWith('.meta.json'),
  );

async function drop(kind: string, name: string, bytes: Buffer) {
  await lake.put(`landing/${kind}/${name}`, bytes);
}

describe('reference data: landing zone, reference database, asset registry', () => {
  test('the ODRE ";" kW export and the "," regional table land byte-identical, are audited, reach Gold', async () => {
    const odre = fixture(ODRE_FILE);
    const regional = fixture('regional-capacity-2023.csv');
    const demographics = fixture('region-demographics-2023.csv');
    await drop('capacity', ODRE_FILE, odre);
    await drop('capacity', 'regional-capacity-2023.csv', regional);
    await drop('demographics', 'region-demographics-2023.csv', demographics);

    const { workflowId, result } = runWorkflow();
    const outcome = await result;
    expect(outcome.received.map((f) => [f.kind, f.file, f.valid, f.newReceipt])).toEqual([
      ['capacity', 'regional-capacity-2023.csv', true, true],
      ['capacity', ODRE_FILE, true, true],
      ['demographics', 'region-demographics-2023.csv', true, true],
    ]);
    expect(outcome.invalid).toEqual([]);

    // Byte for byte: the Bronze copy hashes to the landed file, and its sidecar says so.
    for (const [name, bytes] of [
      [ODRE_FILE, odre],
      ['regional-capacity-2023.csv', regional],
    ] as const) {
      const key = outcome.received.find((f) => f.file === name)?.bronzeKey as string;
      expect(key).toMatch(
        new RegExp(
          `^bronze/reference/capacity/date=\\d{4}-\\d{2}-\\d{2}/\\d{8}T\\d{6}Z_${sha256(bytes).slice(0, 16)}\\.csv$`,
        ),
      );
      expect(Buffer.compare(await lake.get(key), bytes)).toBe(0);
      const meta = JSON.parse((await lake.get(`${key}.meta.json`)).toString('utf8'));
      expect(meta).toMatchObject({
        sha256: sha256(bytes),
        bytes: bytes.length,
        valid: true,
        landingKey: `landing/capacity/${name}`,
      });
    }
    expect(await lake.list('landing')).toEqual([]);

    const received = await db('ingestion_audit')
      .where({ workflow_id: workflowId, step: 'landing-received' })
      .orderBy('id');
    expect(received.map((r) => [r.status, JSON.parse(r.details).fileName, Number(r.bytes)])).toEqual([
      ['received', 'regional-capacity-2023.csv', regional.length],
      ['received', ODRE_FILE, odre.length],
      ['received', 'region-demographics-2023.csv', demographics.length],
    ]);
    expect(JSON.parse(received[1].details).sha256).toBe(sha256(odre));

    // Gold: kW summed and converted for the registry, MW kept for the table.
    const capacity = await db('fact_installed_capacity').orderBy(['year', 'region_code', 'source_code']);
    expect(
      capacity.map((r) => [r.region_code, r.source_code, r.year, r.capacity_mw, r.installations]),
    ).toEqual([
      ['11', 'solaire', 2023, 210.8, 34000],
      ['53', 'eolien', 2023, 1350.2, 190],
      ['84', 'hydraulique', 2023, 11650.5, 512],
      ['84', 'nucleaire', 2023, 13630, null],
      ['53', 'destockage_batterie', 2024, 12, 1],
      ['53', 'solaire', 2024, 8.12025, 950],
      ['75', 'eolien', 2024, 36, 1],
      ['75', 'nucleaire', 2024, 3640, 4],
      ['75', 'solaire', 2024, 312.4505, 1521],
    ]);
    expect(outcome.capacityRejected).toBe(2); // a project and a marine plant, kept in silver/_rejected
    expect((await lake.list('silver/_rejected/capacity')).length).toBe(1);

    const regions = await db('dim_region').whereIn('region_code', ['11', '53', '24']).orderBy('region_code');
    expect(regions.map((r) => [r.region_code, Number(r.population), r.area_source, r.status])).toEqual([
      ['11', 12358932, 'demographics', 'active'],
      ['24', 0, null, 'active'],
      ['53', 3453023, 'geojson', 'active'],
    ]);
    expect(regions[2].area_km2).toBeGreaterThan(26000);
    expect(regions[2].area_km2).toBeLessThan(28500);
    // The file covers three regions: the others have no population yet, which is worth a warning.
    // Freshness compares the fixtures' years (capacity 2024, population 2023) with today's.
    const year = new Date().getUTCFullYear();
    const capacityFresh = year - 2024 <= 2;
    const populationFresh = year - 2023 <= 5;
    expect(outcome.qualityWarnings).toEqual([
      ...(capacityFresh ? [] : ['installed_capacity:freshness']),
      'region_demographics:demographics_complete',
      ...(populationFresh ? [] : ['region_demographics:freshness']),
    ]);
    const gates = await db('quality_results').where({ workflow_id: workflowId }).orderBy('id');
    expect(gates.map((g) => [g.dataset, g.gate, g.severity, g.outcome])).toEqual([
      ['installed_capacity', 'capacity_mw_range', 'blocking', 'pass'],
      ['installed_capacity', 'national_capacity_plausible', 'warning', 'pass'],
      ['installed_capacity', 'freshness', 'warning', capacityFresh ? 'pass' : 'fail'],
      ['region_demographics', 'population_range', 'blocking', 'pass'],
      ['region_demographics', 'area_matches_outline', 'warning', 'pass'],
      ['region_demographics', 'demographics_complete', 'warning', 'fail'],
      ['region_demographics', 'freshness', 'warning', populationFresh ? 'pass' : 'fail'],
    ]);
    expect(gates[0]).toMatchObject({
      window_start: '2023-01-01T00:00:00.000Z',
      window_end: '2025-01-01T00:00:00.000Z',
    });
    // Silver keeps the cleaned demographics, one row per region, with the file they came from.
    const silverDemographics = pl
      .readParquet(await lake.get('silver/region_demographics/data.parquet'))
      .toRecords() as Record<string, unknown>[];
    expect(
      silverDemographics.map((r) => [r.region_code, r.population, r.population_year, r.area_source]),
    ).toEqual(
      regions
        .filter((r) => r.area_source !== null)
        .map((r) => [r.region_code, Number(r.population), 2023, r.area_source])
        .concat([['75', 6154772, 2023, 'demographics']])
        .sort(),
    );

    // The reference database: one snapshot, and its regions and nodes discovered.
    expect(outcome.sites).toBe(4);
    expect(outcome.sitesNewInBronze).toBe(true);
    const snapshot = JSON.parse((await lake.get(outcome.sitesBronzeKey)).toString('utf8'));
    expect(snapshot.sites[0]).toEqual({
      site_id: 'DEMO-0001',
      site_name: 'Centrale nucléaire (démo)',
      filiere: 'Nucléaire',
      capacity_kw: 3640000,
      commissioned_on: '1981-06-12',
      node_code: 'BLAYAP',
      node_name: 'Blaye',
      voltage_kv: 400,
      region_code: '75',
      region_name: 'Nouvelle-Aquitaine',
    });
    // Silver sites registry: typed, kW also in MW, filière mapped to its eCO2mix source.
    expect(outcome.sitesSilverRows).toBe(4);
    expect(outcome.sitesRejected).toBe(0);
    const silverSites = (await readSilverSites(lake))!.toRecords();
    expect(
      silverSites.map((r) => [
        r.site_id,
        r.region_code,
        r.node_code,
        r.source_code,
        r.capacity_mw,
        r.bronze_key,
      ]),
    ).toEqual([
      ['DEMO-0001', '75', 'BLAYAP', 'nucleaire', 3640, outcome.sitesBronzeKey],
      ['DEMO-0002', '75', 'SAUCAP', 'solaire', 300, outcome.sitesBronzeKey],
      ['DEMO-0003', '53', 'BRENNP', 'eolien', 36, outcome.sitesBronzeKey],
      ['DEMO-0004', '84', 'GENISP', 'hydraulique', 420, outcome.sitesBronzeKey],
    ]);
    expect((silverSites[0]!.commissioned_on as unknown as Date).toISOString().slice(0, 10)).toBe(
      '1981-06-12',
    );
    expect(
      await db('ingestion_audit')
        .where({
          workflow_id: workflowId,
          step: AUDIT_STEP.toSilver,
          source: 'reference-data',
          status: 'succeeded',
        })
        .andWhere('details', 'like', '%"dataset":"reference_sites"%'),
    ).toHaveLength(1);
    expect(outcome.assetEvents.map((e) => `${e.type}:${e.code}:${e.event}`).sort()).toEqual([
      'node:BLAYAP:discovered',
      'node:BRENNP:discovered',
      'node:GENISP:discovered',
      'node:SAUCAP:discovered',
      'region:53:discovered',
      'region:75:discovered',
      'region:84:discovered',
    ]);
    const discovered = await db('ingestion_audit').where({
      workflow_id: workflowId,
      step: 'asset-discovered',
    });
    expect(discovered).toHaveLength(7);
    const registry = await db('asset_registry').where({ asset_type: 'region', asset_code: '75' }).first();
    expect(registry).toMatchObject({
      status: 'active',
      name: 'Nouvelle-Aquitaine',
      last_seen_by: 'reference-data',
    });
    expect(registry.first_seen_at).toBe(registry.last_seen_at);
  });

  test('a re-run duplicates nothing: no new Bronze object, receipt, audit row, event or gold row', async () => {
    const before = {
      capacity: await bronzeObjects('capacity'),
      sites: await bronzeObjects('sites'),
      receipts: await db('landing_receipts').count({ n: '*' }),
      events: await db('asset_events').count({ n: '*' }),
      gold: await db('fact_installed_capacity').select('*').orderBy(['year', 'region_code', 'source_code']),
    };
    // The same file dropped again is recognised by its content.
    await drop('capacity', 'regional-capacity-2023.csv', fixture('regional-capacity-2023.csv'));
    const { workflowId, result } = runWorkflow();
    const outcome = await result;
    expect(outcome.received.map((f) => [f.file, f.newReceipt])).toEqual([
      ['regional-capacity-2023.csv', false],
    ]);
    expect(outcome.sitesNewInBronze).toBe(false);
    expect(outcome.assetEvents).toEqual([]);
    expect(await bronzeObjects('capacity')).toEqual(before.capacity);
    expect(await bronzeObjects('sites')).toEqual(before.sites);
    expect(await db('landing_receipts').count({ n: '*' })).toEqual(before.receipts);
    expect(await db('asset_events').count({ n: '*' })).toEqual(before.events);
    expect(await db('ingestion_audit').where({ workflow_id: workflowId, step: 'landing-received' })).toEqual(
      [],
    );
    // Gold rows unchanged, down to loaded_at: the upsert rewrites only changed values.
    expect(
      await db('fact_installed_capacity').select('*').orderBy(['year', 'region_code', 'source_code']),
    ).toEqual(before.gold);
    expect(await lake.list('landing')).toEqual([]);
  });

  test('a malformed capacity CSV is kept in Bronze, marked invalid, audited, and fails the run by name', async () => {
    const bad = fixture('malformed-capacity.csv');
    const good = Buffer.from('region_code,source_code,year,capacity_mw\n24,nucleaire,2023,5200\n');
    await drop('capacity', 'malformed-capacity.csv', bad);
    await drop('capacity', 'centre-2023.csv', good);
    const { workflowId, result } = runWorkflow();
    const failure = await result.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(FailureType.MalformedLandingFile);
    expect(cause?.message).toMatch(
      /malformed-capacity\.csv \(unparsable CSV: .*quote.*\) -> bronze\/reference\/capacity\//i,
    );

    const receipt = await db('landing_receipts').where({ file_name: 'malformed-capacity.csv' }).first();
    expect(receipt).toMatchObject({ status: 'invalid', sha256: sha256(bad), kind: 'capacity' });
    expect(Buffer.compare(await lake.get(receipt.bronze_key), bad)).toBe(0);
    const meta = JSON.parse((await lake.get(`${receipt.bronze_key}.meta.json`)).toString('utf8'));
    expect(meta).toMatchObject({ valid: false, sha256: sha256(bad) });
    expect(meta.reason).toMatch(/unparsable CSV/);
    const audit = await db('ingestion_audit')
      .where({ workflow_id: workflowId, step: 'landing-received' })
      .orderBy('id');
    expect(audit.map((a) => [a.status, JSON.parse(a.details).fileName])).toEqual([
      ['received', 'centre-2023.csv'],
      ['invalid', 'malformed-capacity.csv'],
    ]);
    expect(audit[1].error).toMatch(/^malformed capacity file malformed-capacity\.csv: unparsable CSV/);
    // The good file of the same run went through all the same.
    expect(
      await db('fact_installed_capacity').where({ region_code: '24', year: 2023 }).first(),
    ).toMatchObject({
      source_code: 'nucleaire',
      capacity_mw: 5200,
    });
    expect(await lake.list('landing')).toEqual([]);
  });

  test('a crash between the Bronze copy and the landing removal heals on retry without duplicates', async () => {
    const bytes = Buffer.from('region_code,source_code,year,capacity_mw\n53,eolien,2022,1210\n');
    await drop('capacity', 'bretagne-2022.csv', bytes);
    lake.failNextDelete = /^landing\/capacity\/bretagne-2022\.csv$/;
    const { workflowId, result } = runWorkflow();
    const outcome = await result;
    expect(lake.failNextDelete).toBeUndefined(); // the fault did fire
    // The retried attempt found the copy and the receipt of the failed one.
    expect(outcome.received.map((f) => [f.file, f.newReceipt])).toEqual([['bretagne-2022.csv', false]]);
    const attempts = await db('ingestion_audit')
      .where({ workflow_id: workflowId, step: AUDIT_STEP.toBronze, source: 'reference-data' })
      .andWhere('details', 'like', '%"dataset":"landing_zone"%')
      .orderBy('id');
    expect(attempts.map((a) => `${a.status}#${a.attempt}`)).toEqual([
      'started#1',
      'failed#1',
      'started#2',
      'succeeded#2',
    ]);
    expect(attempts[1].error).toMatch(
      /injected crash before landing\/capacity\/bretagne-2022\.csv was removed/,
    );
    const copies = (await bronzeObjects('capacity')).filter((k) =>
      k.endsWith(`_${sha256(bytes).slice(0, 16)}.csv`),
    );
    expect(copies).toHaveLength(1);
    expect(await db('landing_receipts').where({ sha256: sha256(bytes) })).toHaveLength(1);
    expect(
      await db('ingestion_audit').where({ workflow_id: workflowId, step: 'landing-received' }),
    ).toHaveLength(1);
    expect(await lake.list('landing')).toEqual([]);
    expect(
      await db('fact_installed_capacity').where({ region_code: '53', year: 2022 }).first(),
    ).toMatchObject({
      capacity_mw: 1210,
    });
  });

  test('a changed reference database lands a new snapshot once, and its new node and region are discovered', async () => {
    const ref = knex({
      client: 'better-sqlite3',
      connection: { filename: referenceFile },
      useNullAsDefault: true,
    });
    try {
      await ref('regions').insert({ code_insee_region: '44', nom_region: 'Grand Est' });
      await ref('grid_nodes').insert({
        code_poste: 'CATTEP',
        nom_poste: 'Cattenom',
        tension_kv: 400,
        code_insee_region: '44',
      });
      await ref('sites').insert({
        id_site: 'DEMO-0005',
        nom_installation: 'Centrale (démo)',
        filiere: 'Nucléaire',
        puismaxinstallee_kw: 5_200_000,
        date_mise_en_service: '1986-11-13',
        code_poste: 'CATTEP',
      });
      // The database is not ours: it can hold values the platform must not take as data.
      await ref('sites').insert([
        {
          id_site: 'DEMO-0006',
          nom_installation: 'Capacité négative (démo)',
          filiere: 'Solaire',
          puismaxinstallee_kw: -250,
          date_mise_en_service: '2020-01-01',
          code_poste: 'CATTEP',
        },
        {
          id_site: 'DEMO-0007',
          nom_installation: 'Date à la française (démo)',
          filiere: 'Eolien',
          puismaxinstallee_kw: 12_000,
          date_mise_en_service: '13/11/1986',
          code_poste: 'CATTEP',
        },
      ]);
    } finally {
      await ref.destroy();
    }
    const before = await bronzeObjects('sites');
    const first = await runWorkflow().result;
    expect(first.sitesNewInBronze).toBe(true);
    expect(first.sites).toBe(7);
    expect([first.sitesSilverRows, first.sitesRejected]).toEqual([5, 2]);
    const rejectedFiles = await lake.list(SITES_REJECTED);
    expect(rejectedFiles).toHaveLength(1);
    const rejected = pl.readParquet(await lake.get(rejectedFiles[0]!)).toRecords();
    expect(rejected.map((r) => [r.site_id, r.reason, r.bronze_key])).toEqual([
      ['DEMO-0006', 'capacity_kw -250 is negative', first.sitesBronzeKey],
      ['DEMO-0007', 'commissioned_on "13/11/1986" is not a YYYY-MM-DD date', first.sitesBronzeKey],
    ]);
    const silver = (await readSilverSites(lake))!;
    expect(silver.getColumn('site_id').toArray()).toEqual([
      'DEMO-0001',
      'DEMO-0002',
      'DEMO-0003',
      'DEMO-0004',
      'DEMO-0005',
    ]);
    expect(silver.getColumn('bronze_key').toArray()).toEqual(Array(5).fill(first.sitesBronzeKey));
    expect(first.assetEvents.map((e) => `${e.type}:${e.code}:${e.event}`)).toEqual([
      'region:44:discovered',
      'node:CATTEP:discovered',
    ]);
    const second = await runWorkflow().result;
    expect(second.sitesNewInBronze).toBe(false);
    expect(second.sitesBronzeKey).toBe(first.sitesBronzeKey);
    // The unchanged snapshot merges to the same Silver registry, and its rejects stay one file.
    expect((await readSilverSites(lake))!.toRecords()).toEqual(silver.toRecords());
    expect(await lake.list(SITES_REJECTED)).toEqual(rejectedFiles);
    expect(await bronzeObjects('sites')).toEqual([...before, first.sitesBronzeKey].sort());
  });

  test('registry lifecycle: unseen assets turn stale, then inactive (kept), then reactivate when seen again', async () => {
    const activities = createIngestActivities(deps);
    const mock = new MockActivityEnvironment();
    // eCO2mix's entry point: a region seen in the feed, not in the reference database.
    const seen: AssetEvent[] = await mock.run(activities.recordAssetsSeen, {
      source: 'rte-regional' as const,
      seenAt: new Date().toISOString(),
      assets: [{ type: 'region' as const, code: '11' }],
    });
    expect(seen.map((e) => `${e.code}:${e.event}`)).toEqual(['11:discovered']);

    const day = 86_400_000;
    const stale: AssetEvent[] = await mock.run(activities.sweepAssetRegistry, {
      now: new Date(Date.now() + 2 * day).toISOString(),
    });
    expect(stale.map((e) => `${e.type}:${e.code}:${e.from}->${e.to}`)).toEqual([
      'node:BLAYAP:active->stale',
      'node:BRENNP:active->stale',
      'node:CATTEP:active->stale',
      'node:GENISP:active->stale',
      'node:SAUCAP:active->stale',
      'region:11:active->stale',
      'region:44:active->stale',
      'region:53:active->stale',
      'region:75:active->stale',
      'region:84:active->stale',
    ]);
    expect(
      await mock.run(activities.sweepAssetRegistry, { now: new Date(Date.now() + 3 * day).toISOString() }),
    ).toEqual([]);

    const inactive: AssetEvent[] = await mock.run(activities.sweepAssetRegistry, {
      now: new Date(Date.now() + 40 * day).toISOString(),
    });
    expect(inactive).toHaveLength(10);
    expect(new Set(inactive.map((e) => `${e.from}->${e.to}`))).toEqual(new Set(['stale->inactive']));
    // Soft delete: every row is still there, with its history; dim_region mirrors the status.
    expect(await db('asset_registry').where({ status: 'inactive' })).toHaveLength(10);
    expect((await db('dim_region').where({ region_code: '75' }).first()).status).toBe('inactive');
    const history = await db('asset_events').where({ asset_type: 'region', asset_code: '75' }).orderBy('id');
    expect(history.map((h) => h.event)).toEqual(['discovered', 'stale', 'inactive']);
    expect(await db('ingestion_audit').where({ step: 'asset-inactive', status: 'event' })).toHaveLength(10);

    // The reference database still lists its sites: the next run sees them and reactivates them.
    const outcome = await runWorkflow().result;
    expect(outcome.assetEvents.map((e) => `${e.type}:${e.code}:${e.event}`).sort()).toEqual([
      'node:BLAYAP:reactivated',
      'node:BRENNP:reactivated',
      'node:CATTEP:reactivated',
      'node:GENISP:reactivated',
      'node:SAUCAP:reactivated',
      'region:44:reactivated',
      'region:53:reactivated',
      'region:75:reactivated',
      'region:84:reactivated',
    ]);
    expect((await db('dim_region').where({ region_code: '75' }).first()).status).toBe('active');
    // Île-de-France is only in the eCO2mix feed, which did not report it here: it stays inactive.
    expect(
      (await db('asset_registry').where({ asset_type: 'region', asset_code: '11' }).first()).status,
    ).toBe('inactive');
  });

  test('an area landed in hectares is flagged, stored as given, and the run succeeds', async () => {
    // Corse's 8 680 km² written as 868 000 (hectares): a positive number, so Silver keeps it;
    // only the comparison with the outline shows the unit is wrong.
    await drop(
      'demographics',
      'corse-2024.csv',
      Buffer.from('region_code,name,population,area_km2,year\n94,Corse,347597,868000,2024\n'),
    );
    const { workflowId, result } = runWorkflow();
    const outcome = await result;
    expect(outcome.qualityWarnings.slice(0, 2)).toEqual([
      'region_demographics:area_matches_outline',
      'region_demographics:demographics_complete',
    ]);
    expect(await db('dim_region').where({ region_code: '94' }).first()).toMatchObject({
      population: 347597,
      area_km2: 868000,
      area_source: 'demographics',
    });
    const flagged = await db('quality_results')
      .where({ workflow_id: workflowId, gate: 'area_matches_outline' })
      .first();
    expect(flagged).toMatchObject({ dataset: 'region_demographics', outcome: 'fail', observed: 1 });
    const memo = (await env.client.workflow.getHandle(workflowId).describe()).memo;
    expect(memo?.warnings).toEqual(outcome.qualityWarnings);
    expect(String(memo?.summary)).toMatch(/warnings: region_demographics:area_matches_outline, /);
  });

  test('a capacity beyond the whole French nuclear fleet fails the run on its blocking gate; Gold keeps it', async () => {
    // 80 GW of solar in Corse passes Silver's 100 GW unit-error bound, yet no fleet of any source
    // in France is that large: certainly wrong, so the run fails for a human to look.
    await drop(
      'capacity',
      'corse-2023.csv',
      Buffer.from('region_code,source_code,year,capacity_mw\n94,solaire,2023,80000\n'),
    );
    const { workflowId, result } = runWorkflow();
    const failure = await result.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(FailureType.QualityGateFailed);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toBe('blocking quality gates failed: installed_capacity:capacity_mw_range');
    expect(
      await db('fact_installed_capacity')
        .where({ region_code: '94', source_code: 'solaire', year: 2023 })
        .first(),
    ).toMatchObject({ capacity_mw: 80000 });
    const check = await db('quality_results')
      .where({ workflow_id: workflowId, gate: 'capacity_mw_range' })
      .first();
    expect(check).toMatchObject({
      dataset: 'installed_capacity',
      severity: 'blocking',
      outcome: 'fail',
      observed: 1,
    });
    const alert = await db('ingestion_audit')
      .where({ workflow_id: workflowId, step: 'quality:capacity_mw_range' })
      .first();
    expect(alert).toMatchObject({ status: 'alert', source: 'installed_capacity' });
    // The failed gate stopped nothing else: the landed file was still moved out of the landing zone.
    expect(await lake.list('landing')).toEqual([]);
    const memo = (await env.client.workflow.getHandle(workflowId).describe()).memo;
    expect(memo?.blockingFailures).toEqual(['installed_capacity:capacity_mw_range']);
  });
});
