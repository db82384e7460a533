import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import pl from 'nodejs-polars';
import { createReaderDb } from '../../lib/db';
import { startApiServer, type ApiServer } from '../../graphql/server';
import {
  startMaintenanceSite,
  SYNTHETIC_EVENTS,
  type MaintenanceSite,
  type SiteEvent,
} from '../../replay/maintenance-site';
import {
  MAINTENANCE_NOT_CONFIGURED,
  type MaintenanceEventsDocument,
} from '../../activities/sources/maintenance/scrape';
import { createIngestActivities } from '../../activities';
import { loadConfig } from '../../activities/config';
import type { IngestMaintenanceResult } from '../../workflows/ingest-maintenance';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE } from '../../workflows/search-attributes';
import { namespaceOf, startDevServer, workflowBundle } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { FailureType } from '../../lib/domain/failure-types';

/**
 * The maintenance source end to end on real components: Temporal dev server, Debian's Chromium
 * rendering the local stand-in page (JavaScript table, pagination, injected faults), local lake,
 * SQLite gold, the GraphQL API over HTTP. Expected values come from the site's synthetic events,
 * written out by hand where the pipeline converts them.
 */

let env: TestWorkflowEnvironment;
let site: MaintenanceSite;
let platform: TestPlatform;
let api: ApiServer;
let readerDb: ReturnType<typeof createReaderDb>;

beforeAll(async () => {
  env = await startDevServer();
  site = await startMaintenanceSite({ pageSize: 5 });
  platform = await startTestPlatform(env, {
    GPS_MAINTENANCE_URL: site.pageUrl,
    GPS_MAINTENANCE_TIMEOUT_MS: '30000',
  });
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(platform.config, readerDb, { port: 0 });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await readerDb?.destroy();
  await platform?.stop();
  await site?.close();
  await env?.teardown();
});

afterEach(() => {
  site.setVariant({ layout: 'normal', listing: 'normal', duplicateAcrossPages: false });
  site.setEvents([...SYNTHETIC_EVENTS]);
});

function run(workflowId: string): Promise<IngestMaintenanceResult> {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  return env.client.workflow.execute('ingestMaintenance', {
    taskQueue: ingest,
    workflowId,
    args: [{ transformTaskQueue: transform }],
  }) as Promise<IngestMaintenanceResult>;
}

/** The workflow's failure, and the innermost message of its cause chain (workflow -> activity -> application). */
async function runFailing(workflowId: string): Promise<{ message: string; type?: string }> {
  const failure = await run(workflowId).then(
    () => {
      throw new Error(`${workflowId} succeeded`);
    },
    (e: unknown) => e as { cause?: unknown },
  );
  let current = failure as { cause?: unknown; message?: string; type?: string };
  while (current.cause) current = current.cause as typeof current;
  return { message: String(current.message), type: current.type };
}

async function bronzeObjects(prefix: 'pages' | 'events', ext: 'html' | 'json'): Promise<string[]> {
  const keys = await platform.deps.lake.list(`bronze/maintenance/${prefix}`);
  return keys.filter(
    (k) => k.endsWith(`.${ext}`) && !k.endsWith('.meta.json') && !k.includes('/_by_sha256/'),
  );
}

async function readJson<T>(key: string): Promise<T> {
  return JSON.parse((await platform.deps.lake.get(key)).toString('utf8')) as T;
}

async function auditOf(workflowId: string) {
  return platform.db('ingestion_audit').where({ workflow_id: workflowId }).orderBy('id');
}

const REGION_OF_ZONE: Record<string, string | null> = {
  Normandie: '28',
  'Hauts-de-France': '32',
  'Grand Est': '44',
  'Auvergne-Rhône-Alpes': '84',
  'Centre-Val de Loire': '24',
  Occitanie: '76',
  'Nouvelle-Aquitaine': '75',
  'Pays de la Loire': '52',
  "Provence-Alpes-Côte d'Azur": '93',
  Bretagne: '53',
  France: null,
};

/**
 * How the page prints a figure in French (digit groups, decimal comma), after the scraper folded
 * the narrow no-break space into a plain one.
 */
function displayedMw(mw: number): string {
  const [units, decimals] = String(mw).split('.') as [string, string | undefined];
  const grouped = units.replace(/\B(?=(\d{3})+$)/g, ' ');
  return decimals ? `${grouped},${decimals}` : grouped;
}

describe('maintenance page: Chromium -> bronze -> silver -> gold -> GraphQL', () => {
  let firstSeen: Record<string, string>;

  test('every page is scraped across the pagination, and the run completes', async () => {
    const result = await run('maint-happy');
    expect(result).toEqual({
      pages: 3,
      newPages: 3,
      events: 12,
      silverRows: 12,
      rejectedRows: 0,
      goldRows: 12,
      days: [new Date().toISOString().slice(0, 10)],
      qualityWarnings: [],
    });
    const description = await env.client.workflow.getHandle('maint-happy').describe();
    expect(description.typedSearchAttributes.get(GPS_SOURCE)).toBe('maintenance');
    expect(description.typedSearchAttributes.get(GPS_LAYER)).toBe('gold');
    expect(description.typedSearchAttributes.get(GPS_ROWS)).toBe(12);
    expect(String(description.memo?.summary)).toContain('12 events in 3 pages (3 new)');

    const steps = (await auditOf('maint-happy')).map((e) => `${e.step}:${e.status}:${e.attempt}`);
    expect(steps).toEqual([
      'to-bronze:started:1',
      'to-bronze:succeeded:1',
      'to-silver:started:1',
      'to-silver:succeeded:1',
      'to-gold:started:1',
      'to-gold:succeeded:1',
      'quality-gates:started:1',
      'quality-gates:succeeded:1',
    ]);
    const gates = await platform.db('quality_results').where({ workflow_id: 'maint-happy' }).orderBy('id');
    expect(gates.map((g) => [g.dataset, g.gate, g.severity, g.outcome])).toEqual([
      ['maintenance', 'silver_gold_events', 'blocking', 'pass'],
      ['maintenance', 'end_after_start', 'blocking', 'pass'],
      ['maintenance', 'unavailable_mw_range', 'blocking', 'pass'],
      ['maintenance', 'unavailable_within_largest_unit', 'warning', 'pass'],
      ['maintenance', 'freshness', 'warning', 'pass'],
    ]);
    expect(gates[0].threshold).toBe('= 0 of 12 silver events missing from gold');
  });

  test('bronze holds each page once: the rendered HTML and the events read from it', async () => {
    const html = await bronzeObjects('pages', 'html');
    const json = await bronzeObjects('events', 'json');
    expect(html).toHaveLength(3);
    expect(json).toHaveLength(3);

    const documents = await Promise.all(json.map((k) => readJson<MaintenanceEventsDocument>(k)));
    documents.sort((a, b) => a.page - b.page);
    expect(documents.map((d) => [d.page, d.pageCount, d.events.length])).toEqual([
      [1, 3, 5],
      [2, 3, 5],
      [3, 3, 2],
    ]);
    expect(documents.flatMap((d) => d.events)).toEqual(
      SYNTHETIC_EVENTS.map((e) => ({
        event_id: e.id,
        unit: e.unit,
        zone: e.zone,
        type: e.type,
        start: e.start,
        end: e.end,
        unavailable_mw: displayedMw(e.unavailableMw),
        description: e.description,
      })),
    );
    for (const d of documents) {
      const htmlKey = html.find((k) => k.includes(d.htmlSha256.slice(0, 16)));
      expect(htmlKey).toBeDefined();
      const page = (await platform.deps.lake.get(htmlKey!)).toString('utf8');
      // The snapshot is the DOM after the page's script ran: the rows are in it, the shell had none.
      for (const e of d.events) expect(page).toContain(`data-event-id="${e.event_id}"`);
      const meta = await readJson<Record<string, unknown>>(`${htmlKey}.meta.json`);
      expect(meta).toMatchObject({ source: 'maintenance', httpStatus: 200, recordCount: d.events.length });
      expect(meta.params).toEqual({ page: String(d.page) });
    }
  });

  test('gold holds one row per event with UTC times, region codes and types', async () => {
    const rows = await platform.db('fact_maintenance_event').orderBy('event_id');
    expect(
      rows.map((r) => [
        r.event_id,
        r.unit,
        r.zone,
        r.region_code,
        r.event_type,
        r.start_utc,
        r.end_utc,
        r.unavailable_mw,
        r.description,
      ]),
    ).toEqual(
      SYNTHETIC_EVENTS.map((e) => [
        e.id,
        e.unit,
        e.zone,
        REGION_OF_ZONE[e.zone],
        e.type === 'Planifiée' ? 'planned' : 'forced',
        new Date(e.start).toISOString(),
        new Date(e.end).toISOString(),
        e.unavailableMw,
        e.description,
      ]),
    );
    // Paluel 3: midnight Paris time in winter is 23:00 UTC the day before.
    expect(rows[0]).toMatchObject({
      start_utc: '2025-02-28T23:00:00.000Z',
      end_utc: '2025-04-12T21:00:00.000Z',
    });
    for (const r of rows) expect(r.first_seen_at).toBe(r.last_seen_at);
    firstSeen = Object.fromEntries(rows.map((r) => [r.event_id, r.first_seen_at]));
  });

  test('a second run duplicates nothing: bronze recognises the pages, gold only moves last_seen_at', async () => {
    const result = await run('maint-rerun');
    expect(result).toMatchObject({ pages: 3, newPages: 0, events: 12, goldRows: 12 });
    expect(await bronzeObjects('pages', 'html')).toHaveLength(3);
    expect(await bronzeObjects('events', 'json')).toHaveLength(3);
    const rows = await platform.db('fact_maintenance_event').orderBy('event_id');
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r.first_seen_at).toBe(firstSeen[r.event_id]);
      expect(r.last_seen_at > r.first_seen_at).toBe(true);
    }
  });

  test('GraphQL answers maintenanceEvents by region and period, and only with a token', async () => {
    const query = `query($r: String, $from: DateTime!, $to: DateTime!) {
      maintenanceEvents(regionCode: $r, from: $from, to: $to) { nodes { eventId unit regionCode type start end unavailableMw } }
    }`;
    const post = (variables: Record<string, unknown>, token?: string) =>
      fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    const march = { from: '2025-03-01T00:00:00+01:00', to: '2025-04-01T00:00:00+02:00' };
    expect((await post({ r: '28', ...march })).status).toBe(401);

    const token = (
      (await (
        await fetch(`${api.url}/auth/dev-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'reader' }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    const normandy = (await (await post({ r: '28', ...march }, token)).json()) as {
      data: { maintenanceEvents: { nodes: Record<string, unknown>[] } };
    };
    expect(normandy.data.maintenanceEvents.nodes).toEqual([
      {
        eventId: 'SYN-UNAV-2025-0001',
        unit: 'PALUEL 3',
        regionCode: '28',
        type: 'planned',
        start: '2025-02-28T23:00:00.000Z',
        end: '2025-04-12T21:00:00.000Z',
        unavailableMw: 1330,
      },
      {
        eventId: 'SYN-UNAV-2025-0002',
        unit: 'FLAMANVILLE 1',
        regionCode: '28',
        type: 'forced',
        start: '2025-03-03T13:20:00.000Z',
        end: '2025-03-06T07:00:00.000Z',
        unavailableMw: 1330,
      },
    ]);
    // Every region, late April: Blayais (until June), Landivisiau, the interconnector (no region).
    const late = (await (
      await post({ from: '2025-04-20T00:00:00Z', to: '2025-04-30T00:00:00Z' }, token)
    ).json()) as { data: { maintenanceEvents: { nodes: { eventId: string; regionCode: string | null }[] } } };
    expect(late.data.maintenanceEvents.nodes.map((e) => [e.eventId, e.regionCode])).toEqual([
      ['SYN-UNAV-2025-0003', '32'],
      ['SYN-UNAV-2025-0005', '84'],
      ['SYN-UNAV-2025-0008', '75'],
      ['SYN-UNAV-2025-0011', '53'],
      ['SYN-UNAV-2025-0012', null],
    ]);
  });

  test('a 503 is retried; the retry resumes at the failed page and both attempts are audited', async () => {
    const before = site.requests.length;
    site.injectFaults({ kind: 'status', status: 503, page: 2 });
    const result = await run('maint-503');
    expect(result).toMatchObject({ pages: 3, events: 12, goldRows: 12 });
    const scrape = (await auditOf('maint-503')).filter((e) => e.step === AUDIT_STEP.toBronze);
    expect(scrape.map((e) => [e.status, e.attempt])).toEqual([
      ['started', 1],
      ['failed', 1],
      ['started', 2],
      ['succeeded', 2],
    ]);
    expect(scrape[1].error).toMatch(
      new RegExp(String.raw`${FailureType.HttpServerError}: HTTP 503 from .*/indisponibilites\?page=2`),
    );
    expect(JSON.parse(scrape[3].details)).toMatchObject({ pages: 3, resumedAtPage: 2 });
    const documents = site.requests.slice(before).filter((r) => r.target === 'document');
    expect(documents.map((r) => [r.page, r.status])).toEqual([
      [1, 200],
      [2, 503],
      [2, 200],
      [3, 200],
    ]);
    expect(await bronzeObjects('pages', 'html')).toHaveLength(3);
  });

  test('a 429 on the data request waits at least its Retry-After before the next attempt', async () => {
    site.injectFaults({ kind: 'status', status: 429, retryAfterSeconds: 3, on: 'data', page: 1 });
    await run('maint-429');
    const scrape = (await auditOf('maint-429')).filter((e) => e.step === AUDIT_STEP.toBronze);
    expect(scrape.map((e) => `${e.status}:${e.attempt}`)).toEqual([
      'started:1',
      'failed:1',
      'started:2',
      'succeeded:2',
    ]);
    expect(scrape[1].error).toMatch(/HTTP 429 from .*\/api\/indisponibilites\?page=1/);
    const failedAt = Date.parse(scrape[1].at);
    const retriedAt = Date.parse(scrape[2].at);
    expect(retriedAt - failedAt).toBeGreaterThanOrEqual(3_000);
  });

  test('a 404 fails the workflow at once, without a retry', async () => {
    const before = site.requests.length;
    site.injectFaults({ kind: 'status', status: 404, page: 1 });
    const failure = await runFailing('maint-404');
    expect(failure).toMatchObject({ type: FailureType.HttpClientError });
    expect(failure.message).toMatch(/HTTP 404 from .*\/indisponibilites/);
    expect(site.requests.slice(before).map((r) => `${r.target}:${r.page}:${r.status}`)).toEqual([
      'document:1:404',
    ]);
    expect((await auditOf('maint-404')).map((e) => `${e.step}:${e.status}:${e.attempt}`)).toEqual([
      'to-bronze:started:1',
      'to-bronze:failed:1',
    ]);
  });

  test.each([
    [
      'column-renamed',
      /missing column "Puissance indisponible \(MW\)" \(unavailable_mw\) in "thead th"/,
      'Capacité retirée (MW)',
    ],
    ['table-renamed', /missing table "table#maintenance-events"/, 'id="unavailability-list"'],
  ] as const)(
    'a changed layout (%s) fails at once naming what is missing; its HTML is kept in bronze',
    async (layout, missing, evidence) => {
      site.setVariant({ layout });
      const workflowId = `maint-${layout}`;
      const failure = await runFailing(workflowId);
      expect(failure.type).toBe(FailureType.MaintenancePageStructureChanged);
      expect(failure.message).toMatch(missing);
      const kept = /HTML kept in (\S+)\)/.exec(failure.message)?.[1];
      expect(kept).toMatch(/^bronze\/maintenance\/pages\/date=.*\.html$/);
      expect((await platform.deps.lake.get(kept!)).toString('utf8')).toContain(evidence);
      const meta = await readJson<{ params: Record<string, string> }>(`${kept}.meta.json`);
      expect(meta.params).toEqual({ page: '1', outcome: 'structure-changed' });
      expect((await auditOf(workflowId)).map((e) => `${e.status}:${e.attempt}`)).toEqual([
        'started:1',
        'failed:1',
      ]);
    },
  );

  test('a listing with no rows and no "no events" notice fails instead of succeeding empty', async () => {
    site.setVariant({ listing: 'empty' });
    const failure = await runFailing('maint-empty');
    expect(failure.type).toBe(FailureType.MaintenancePageEmpty);
    expect(failure.message).toMatch(
      /lists no events and does not say there are none \(no "\.no-events" element\)/,
    );
    expect((await auditOf('maint-empty')).map((e) => `${e.status}:${e.attempt}`)).toEqual([
      'started:1',
      'failed:1',
    ]);
  });

  test('a listing that says there are no events succeeds with zero events and changes no gold row', async () => {
    const before = await platform.db('fact_maintenance_event').orderBy('event_id');
    site.setVariant({ listing: 'no-events' });
    const result = await run('maint-none');
    expect(result).toEqual({
      pages: 1,
      newPages: 1,
      events: 0,
      silverRows: 0,
      rejectedRows: 0,
      goldRows: 0,
      days: [],
      qualityWarnings: [],
    });
    expect(await platform.db('fact_maintenance_event').orderBy('event_id')).toEqual(before);
    expect((await auditOf('maint-none')).map((e) => `${e.step}:${e.status}`)).toEqual([
      'to-bronze:started',
      'to-bronze:succeeded',
    ]);
  });

  test('an event shown on two pages becomes one silver row and one gold row', async () => {
    site.setVariant({ duplicateAcrossPages: true });
    const result = await run('maint-duplicates');
    // Pages of 5 plus the previous page's last event: 5, 6, 3 rows.
    expect(result).toMatchObject({ pages: 3, events: 14, silverRows: 12, rejectedRows: 0, goldRows: 12 });
    const [{ n }] = (await platform.db('fact_maintenance_event').count({ n: '*' })) as [{ n: number }];
    expect(Number(n)).toBe(12);
  });

  test('a bad event is quarantined with its reason; the others load', async () => {
    const bad: SiteEvent = {
      ...SYNTHETIC_EVENTS[0]!,
      id: 'SYN-UNAV-2025-0099',
      zone: 'Zone Sud-Ouest',
    };
    site.setEvents([...SYNTHETIC_EVENTS, bad]);
    const result = await run('maint-reject');
    expect(result).toMatchObject({ pages: 3, events: 13, silverRows: 12, rejectedRows: 1, goldRows: 12 });
    const rejected = (await platform.deps.lake.list('silver/_rejected/maintenance')).filter((k) =>
      k.endsWith('.parquet'),
    );
    expect(rejected).toHaveLength(1);
    const frame = pl.readParquet(await platform.deps.lake.get(rejected[0]!));
    expect(frame.toRecords()).toEqual([
      expect.objectContaining({
        event_id: 'SYN-UNAV-2025-0099',
        zone: 'Zone Sud-Ouest',
        reason: 'unknown zone "Zone Sud-Ouest" (not a region name, INSEE code or national zone)',
      }),
    ]);
    expect(await platform.db('fact_maintenance_event').where({ event_id: 'SYN-UNAV-2025-0099' })).toEqual([]);
  });

  test('live mode without GPS_MAINTENANCE_URL skips: a success with a memo naming the variable, audited as skipped', async () => {
    // The configuration of a live deployment that never set the page: loaded from the environment.
    const config = loadConfig({
      NODE_ENV: 'test',
      GPS_DATA_DIR: platform.dataDir,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: namespaceOf(env),
    });
    expect(config.rte.mode).toBe('live');
    expect(config.maintenance.url).toBeUndefined();
    // Its own task queue, so the platform's configured workers cannot pick the run up.
    const taskQueue = 'maintenance-unconfigured';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createIngestActivities({ ...platform.deps, config }),
    });
    const pagesBefore = await bronzeObjects('pages', 'html');
    const result = await worker.runUntil(
      env.client.workflow.execute('ingestMaintenance', {
        taskQueue,
        workflowId: 'maint-unconfigured',
        args: [{ transformTaskQueue: taskQueue }],
      }) as Promise<IngestMaintenanceResult>,
    );
    expect(result).toEqual({
      pages: 0,
      newPages: 0,
      events: 0,
      silverRows: 0,
      rejectedRows: 0,
      goldRows: 0,
      days: [],
      qualityWarnings: [],
      skipped: MAINTENANCE_NOT_CONFIGURED,
    });
    expect(MAINTENANCE_NOT_CONFIGURED).toContain('GPS_MAINTENANCE_URL');
    const description = await env.client.workflow.getHandle('maint-unconfigured').describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.memo?.summary).toBe(`skipped: ${MAINTENANCE_NOT_CONFIGURED}`);
    const audit = await auditOf('maint-unconfigured');
    expect(audit.map((e) => `${e.step}:${e.status}:${e.attempt}`)).toEqual([
      'to-bronze:started:1',
      'to-bronze:skipped:1',
    ]);
    expect(JSON.parse(audit[1].details)).toEqual({ skipped: MAINTENANCE_NOT_CONFIGURED });
    expect(audit[1].error).toBeNull();
    expect(await bronzeObjects('pages', 'html')).toEqual(pagesBefore);
  });

  test('an event beyond the largest French unit is flagged, loaded as published, and the run succeeds', async () => {
    // Two Gravelines units listed as one line: 1 820 MW passes Silver's 5 000 MW bound, but no
    // single unit is that large, so an analyst should look; nothing says the figure is wrong.
    const plant: SiteEvent = {
      ...SYNTHETIC_EVENTS[2]!,
      id: 'SYN-UNAV-2025-0098',
      unit: 'GRAVELINES 5-6',
      unavailableMw: 1820,
    };
    site.setEvents([...SYNTHETIC_EVENTS, plant]);
    const result = await run('maint-large');
    expect(result).toMatchObject({
      events: 13,
      goldRows: 13,
      qualityWarnings: ['unavailable_within_largest_unit'],
    });
    expect(await platform.db('fact_maintenance_event').where({ event_id: plant.id }).first()).toMatchObject({
      unit: 'GRAVELINES 5-6',
      region_code: '32',
      unavailable_mw: 1820,
    });
    const flagged = await platform
      .db('quality_results')
      .where({ workflow_id: 'maint-large', gate: 'unavailable_within_largest_unit' })
      .first();
    expect(flagged).toMatchObject({
      dataset: 'maintenance',
      severity: 'warning',
      outcome: 'fail',
      observed: 1,
    });
    const description = await env.client.workflow.getHandle('maint-large').describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.memo?.warnings).toEqual(['unavailable_within_largest_unit']);
    expect(description.memo).not.toHaveProperty('blockingFailures'); // an empty list is not kept
    expect(String(description.memo?.summary)).toMatch(/warnings: unavailable_within_largest_unit$/);
    // A warning is no alert: the audit log has no quality alert for this run.
    expect(
      await platform.db('ingestion_audit').where({ workflow_id: 'maint-large', status: 'alert' }),
    ).toEqual([]);
  });
});
