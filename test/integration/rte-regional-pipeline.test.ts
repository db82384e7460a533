import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createReaderDb } from '../../lib/db';
import { loadFixture } from '../../replay/odre-replay-server';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { applySchedules } from '../../workers/schedules';
import { ensureSearchAttributes } from '../../workers/search-attributes-setup';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE } from '../../workflows/search-attributes';
import type { IngestRteRegionalResult } from '../../workflows/ingest-rte-regional';
import { namespaceOf, startDevServer } from '../helpers/temporal';
import { recordHistoryIfAsked } from '../helpers/histories';
import { refusal } from '../helpers/refusal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { FailureType } from '../../lib/domain/failure-types';
import { implausibleRegionalRecord } from '../helpers/eco2mix-records';
import { REGIONAL_CAPTURE_GATE_OUTCOMES } from '../helpers/regional-gate-outcomes';

/**
 * The walking skeleton on real components: Temporal dev server, replay HTTP server playing the
 * recorded ODRE payload, local lake, SQLite gold, the GraphQL API over real HTTP.
 */

const fixture = loadFixture('eco2mix-regional-tr');
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let api: ApiServer;
let readerDb: ReturnType<typeof createReaderDb>;

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env);
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(platform.config, readerDb, { port: 0 });
});

afterAll(async () => {
  await api?.close();
  await readerDb?.destroy();
  await platform?.stop();
  await env?.teardown();
});

async function waitForScheduledRun(scheduleId: string): Promise<string> {
  const handle = env.client.schedule.getHandle(scheduleId);
  for (let i = 0; i < 100; i++) {
    const recent = (await handle.describe()).info.recentActions;
    const started = recent[0]?.action.workflow.workflowId;
    if (started) return started;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`schedule ${scheduleId} started no workflow`);
}

async function graphql(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] },
  };
}

async function devToken(role: 'reader' | 'admin' = 'reader'): Promise<string> {
  const res = await fetch(`${api.url}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function goldCounts() {
  const [flow] = await platform.db('fact_energy_flow').count({ n: '*' });
  const [balance] = await platform.db('fact_regional_balance').count({ n: '*' });
  return { flow: Number(flow?.n), balance: Number(balance?.n) };
}

describe('RTE regional: schedule -> bronze -> silver -> gold -> GraphQL', () => {
  let firstRunId: string;

  test('the custom search attributes are registered on the server', async () => {
    const { added, present } = await ensureSearchAttributes(env.connection, namespaceOf(env));
    expect(added).toEqual([]);
    expect(present).toEqual([
      'GpsSource',
      'GpsLayer',
      'GpsWindowStart',
      'GpsWindowEnd',
      'GpsRows',
      'GpsAlertKinds',
    ]);
  });

  test('the schedule from temporal.yaml starts the ingestion workflow, which completes', async () => {
    const declared = platform.config.temporal.declarations.schedules.map((s) => s.id);
    const outcomes = await applySchedules(env.client, platform.config.temporal.declarations);
    expect(outcomes).toEqual(Object.fromEntries(declared.map((id) => [id, 'created'])));
    expect(outcomes['rte-regional-ingest']).toBe('created');
    expect(await applySchedules(env.client, platform.config.temporal.declarations)).toEqual(
      Object.fromEntries(declared.map((id) => [id, 'unchanged'])),
    );

    await env.client.schedule.getHandle('rte-regional-ingest').trigger();
    const workflowId = await waitForScheduledRun('rte-regional-ingest');
    expect(workflowId).toMatch(/^rte-regional-ingest-/);
    const handle = env.client.workflow.getHandle(workflowId);
    const result = (await handle.result()) as IngestRteRegionalResult;
    firstRunId = workflowId;

    expect(result).toMatchObject({
      bronzeObjects: 1,
      newBronzeObjects: 1,
      records: 5,
      silverRows: 5,
      rejectedRows: 0,
      goldEnergyFlowRows: 5 * PRODUCTION_SOURCES.length,
      goldBalanceRows: 5,
      days: ['2025-02-20'],
      watermark: '2025-02-20T12:30:00.000Z',
      qualityWarnings: ['freshness'], // a 2025 capture is not fresh today; a warning does not block
    });
    const gates = await platform
      .db('quality_results')
      .where('workflow_id', 'like', `${workflowId}%`)
      .orderBy('id');
    expect(gates.map((g) => `${g.gate}:${g.severity}:${g.outcome}`)).toEqual(REGIONAL_CAPTURE_GATE_OUTCOMES);
    expect(gates[0]).toMatchObject({
      dataset: 'eco2mix_regional',
      observed: 5 + 5 * PRODUCTION_SOURCES.length, // balance rows + energy-flow rows
      threshold: `= 5 silver rows + ${5 * PRODUCTION_SOURCES.length} silver production rows`,
    });

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(GPS_SOURCE)).toBe('rte-regional');
    expect(description.typedSearchAttributes.get(GPS_LAYER)).toBe('gold');
    expect(description.typedSearchAttributes.get(GPS_ROWS)).toBe(5 * PRODUCTION_SOURCES.length + 5);
    expect(String((await handle.describe()).memo?.summary)).toContain('5 records in 1 pages');

    await recordHistoryIfAsked('ingest-rte-regional', handle);
  });

  test('bronze keeps the page byte for byte, with its metadata', async () => {
    const keys = (await platform.deps.lake.list('bronze/rte/production/eco2mix-regional-tr')).filter(
      (k) => k.endsWith('.json') && !k.endsWith('.meta.json'),
    );
    expect(keys).toHaveLength(1);
    const body = JSON.parse((await platform.deps.lake.get(keys[0]!)).toString('utf8'));
    expect(body).toEqual({ total_count: 5, results: fixture });
    const meta = JSON.parse((await platform.deps.lake.get(`${keys[0]}.meta.json`)).toString('utf8'));
    expect(meta).toMatchObject({ source: 'rte-regional', httpStatus: 200, recordCount: 5 });
    expect(meta.params).toMatchObject({
      limit: '100',
      offset: '0',
      order_by: 'date_heure, code_insee_region',
    });
    expect(meta.params.where).toBe('date_heure >= "2025-02-19T23:00:00.000Z"');
    expect(keys[0]).toContain(meta.sha256.slice(0, 16));
  });

  test('gold holds every fixture value, field by field', async () => {
    const flows = await platform
      .db('fact_energy_flow')
      .where({ region_code: '75' })
      .orderBy(['ts_utc', 'source_code']);
    expect(flows).toHaveLength(fixture.length * PRODUCTION_SOURCES.length);
    for (const record of fixture) {
      const ts = new Date(String(record.date_heure)).toISOString();
      for (const source of PRODUCTION_SOURCES) {
        const row = flows.find((f) => f.ts_utc === ts && f.source_code === source.code);
        expect({
          source: source.code,
          ts,
          mw: row?.mw,
          tco: row?.coverage_rate_pct,
          tch: row?.load_factor_pct,
        }).toEqual({
          source: source.code,
          ts,
          mw: num(record[source.code]),
          tco: source.coverageColumn ? num(record[source.coverageColumn]) : null,
          tch: source.loadFactorColumn ? num(record[source.loadFactorColumn]) : null,
        });
      }
    }
    const balances = await platform.db('fact_regional_balance').orderBy('ts_utc');
    expect(balances.map((b) => [b.ts_utc, b.consumption_mw, b.net_exchange_mw, b.production_mw])).toEqual(
      fixture.map((r) => [
        new Date(String(r.date_heure)).toISOString(),
        num(r.consommation),
        num(r.ech_physiques),
        [
          'thermique',
          'nucleaire',
          'eolien',
          'solaire',
          'hydraulique',
          'bioenergies',
          'destockage_batterie',
        ].reduce((sum, c) => sum + Number(r[c]), 0),
      ]),
    );
    // 10:30 Paris local on 2025-02-20 (UTC+1): the calendar keys come from the UTC instant.
    expect(balances[0]).toMatchObject({ date_key: 20250220, time_key: 10 * 60 + 30 });
    const region = await platform.db('dim_region').where({ region_code: '75' }).first();
    expect([region.first_seen_at, region.last_seen_at]).toEqual([
      '2025-02-20T09:30:00.000Z',
      '2025-02-20T12:30:00.000Z',
    ]);
  });

  test('the region seen is in the asset registry, discovered once, with an audit event', async () => {
    const assets = await platform.db('asset_registry').where({ asset_type: 'region' });
    expect(assets.map((a) => [a.asset_code, a.status, a.last_seen_by])).toEqual([
      ['75', 'active', 'rte-regional'],
    ]);
    const events = await platform.db('asset_events').where({ asset_code: '75' });
    expect(events.map((e) => e.event)).toEqual(['discovered']);
    const audit = await platform
      .db('ingestion_audit')
      .where({ step: 'asset-discovered', source: 'rte-regional' });
    expect(audit).toHaveLength(1);
  });

  test('every step wrote a started and a succeeded audit event', async () => {
    // The day's gold load and gates run in a child workflow: `<parent id>/gold/<day>`.
    const events = await platform
      .db('ingestion_audit')
      .where('workflow_id', 'like', `${firstRunId}%`)
      .orderBy('id');
    expect(events.map((e) => `${e.workflow_id.replace(firstRunId, '')} ${e.step}:${e.status}`)).toEqual([
      ' to-bronze:started',
      ' to-bronze:succeeded',
      ' to-silver:started',
      ' to-silver:succeeded',
      '/gold/2025-02-20 to-gold:started',
      '/gold/2025-02-20 asset-discovered:event',
      '/gold/2025-02-20 to-gold:succeeded',
      '/gold/2025-02-20 quality-gates:started',
      '/gold/2025-02-20 quality-gates:succeeded',
      ' advance-watermark:started',
      ' advance-watermark:succeeded',
    ]);
    expect(events[1]).toMatchObject({ rows: 5, attempt: 1, workflow_type: 'ingestRteRegional' });
    expect(events[1].bytes).toBeGreaterThan(1000);
  });

  test('GraphQL answers regionalProduction with the fixture rows, and only with a token', async () => {
    const query = `query($r: String!, $from: DateTime!, $to: DateTime!) {
      regionalProduction(regionCode: $r, from: $from, to: $to) { nodes { regionCode timestamp sourceCode mw coverageRatePct loadFactorPct } }
    }`;
    const variables = { r: '75', from: '2025-02-20T00:00:00Z', to: '2025-02-21T00:00:00Z' };

    const anonymous = await graphql(query, variables);
    expect(anonymous.status).toBe(401);
    const forged = await graphql(query, variables, 'eyJhbGciOiJub25lIn0.e30.');
    expect(forged.status).toBe(401);

    const { status, body } = await graphql(query, variables, await devToken());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const points = (body.data!.regionalProduction as { nodes: Record<string, unknown>[] }).nodes;
    const expected = fixture.flatMap((record) =>
      [...PRODUCTION_SOURCES]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((s) => ({
          regionCode: '75',
          timestamp: new Date(String(record.date_heure)).toISOString(),
          sourceCode: s.code,
          mw: num(record[s.code]),
          coverageRatePct: s.coverageColumn ? num(record[s.coverageColumn]) : null,
          loadFactorPct: s.loadFactorColumn ? num(record[s.loadFactorColumn]) : null,
        })),
    );
    expect(points).toEqual(expected);

    const quality = await graphql(
      `
        {
          qualityResults(dataset: "eco2mix_regional", outcome: "fail") {
            nodes {
              gate
              severity
              outcome
              observed
              threshold
              windowStart
            }
          }
        }
      `,
      {},
      await devToken(),
    );
    expect((quality.body.data!.qualityResults as { nodes: unknown[] }).nodes).toEqual([
      expect.objectContaining({
        gate: 'freshness',
        severity: 'warning',
        outcome: 'fail',
        windowStart: '2025-02-20T00:00:00.000Z',
      }),
    ]);
    const balance = await graphql(
      `
        {
          regionalBalance(regionCode: "75", from: "2025-02-20T09:30:00Z", to: "2025-02-20T09:45:00Z") {
            nodes {
              productionMw
              carbonIntensity
              renewableSharePct
            }
          }
        }
      `,
      {},
      await devToken(),
    );
    expect((balance.body.data!.regionalBalance as { nodes: unknown[] }).nodes).toEqual([
      { productionMw: 9196, carbonIntensity: 245_732 / 9196, renewableSharePct: (100 * 3293) / 9196 },
    ]);

    const daily = await graphql(
      `
        {
          dailyEnergy(regionCode: "75", from: "2025-02-20", to: "2025-02-20") {
            nodes {
              date
              sourceCode
              energyMwh
              quarterHours
            }
          }
        }
      `,
      {},
      await devToken(),
    );
    expect((daily.body.data!.dailyEnergy as { nodes: unknown[] }).nodes).toContainEqual({
      date: '2025-02-20',
      sourceCode: 'nucleaire',
      energyMwh: 28_951 * 0.25,
      quarterHours: 5,
    });

    const tooLong = await graphql(query, { ...variables, to: '2025-04-01T00:00:00Z' }, await devToken());
    expect(JSON.stringify(tooLong.body.errors)).toContain('at most 31 days');

    // Cursor paging: pages of 10 following endCursor give back exactly the whole list.
    const paged = `query($r: String!, $from: DateTime!, $to: DateTime!, $after: String) {
      regionalProduction(regionCode: $r, from: $from, to: $to, first: 10, after: $after) {
        edges { cursor node { timestamp sourceCode mw } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      edges: { cursor: string; node: Record<string, unknown> }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    const seen: Record<string, unknown>[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await graphql(paged, { ...variables, after }, await devToken());
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.regionalProduction as Page;
      seen.push(...page.edges.map((e) => e.node));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(5); // 45 rows in pages of 10
    expect(seen).toEqual(points.map(({ timestamp, sourceCode, mw }) => ({ timestamp, sourceCode, mw })));

    const badCursor = await graphql(paged, { ...variables, after: 'bm90LWEtY3Vyc29y' }, await devToken());
    expect(badCursor.status).toBe(400);
    expect(JSON.stringify(badCursor.body.errors)).toContain('not a cursor returned by this API');
  });

  test('running the workflow again, and again from scratch, duplicates nothing', async () => {
    const before = await goldCounts();
    const args = [
      { transformTaskQueue: platform.config.temporal.declarations.taskQueues.transform },
    ] as const;
    const queue = platform.config.temporal.declarations.taskQueues.ingest;

    // Incremental re-run: the overlap window re-reads the last hour.
    const again = (await env.client.workflow.execute('ingestRteRegional', {
      taskQueue: queue,
      workflowId: 'rerun-1',
      args: [...args],
    })) as IngestRteRegionalResult;
    expect(again.records).toBe(2);
    expect(await goldCounts()).toEqual(before);

    // Watermark lost: the same page is fetched again; Bronze recognises the bytes, Gold upserts.
    await platform.db('ingestion_watermark').del();
    const fromScratch = (await env.client.workflow.execute('ingestRteRegional', {
      taskQueue: queue,
      workflowId: 'rerun-2',
      args: [...args],
    })) as IngestRteRegionalResult;
    expect(fromScratch).toMatchObject({ records: 5, bronzeObjects: 1, newBronzeObjects: 0 });
    expect(await goldCounts()).toEqual(before);
    const [dupes] = await platform
      .db('fact_energy_flow')
      .select('region_code', 'source_code', 'ts_utc')
      .count({ n: '*' })
      .groupBy('region_code', 'source_code', 'ts_utc')
      .having(platform.db.raw('count(*) > 1'));
    expect(dupes).toBeUndefined();
  });

  test('a 503 is retried by Temporal; the failed attempt is audited', async () => {
    const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
    platform.replay.injectFaults({ kind: 'status', status: 503 });
    const result = (await env.client.workflow.execute('ingestRteRegional', {
      taskQueue: ingest,
      workflowId: 'retry-503',
      args: [{ transformTaskQueue: transform }],
    })) as IngestRteRegionalResult;
    expect(result.records).toBeGreaterThan(0);
    const fetches = await platform
      .db('ingestion_audit')
      .where({ workflow_id: 'retry-503', step: AUDIT_STEP.toBronze })
      .orderBy('id');
    expect(fetches.map((e) => [e.status, e.attempt])).toEqual([
      ['started', 1],
      ['failed', 1],
      ['started', 2],
      ['succeeded', 2],
    ]);
    expect(fetches[1].error).toMatch(`${FailureType.HttpServerError}: HTTP 503`);
  });

  test('a 429 with Retry-After delays the next attempt at least that long', async () => {
    const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
    platform.replay.injectFaults({ kind: 'status', status: 429, retryAfterSeconds: 4 });
    const before = platform.replay.requests.length;
    await env.client.workflow.execute('ingestRteRegional', {
      taskQueue: ingest,
      workflowId: 'retry-429',
      args: [{ transformTaskQueue: transform }],
    });
    const [limited, next] = platform.replay.requests.slice(before);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(4_000);
  });

  test('a 404 fails the workflow at once, without retrying, with a clear message', async () => {
    const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
    platform.replay.injectFaults({ kind: 'status', status: 404, body: '{"error_code":"DatasetNotFound"}' });
    const before = platform.replay.requests.length;
    const failure = await env.client.workflow
      .execute('ingestRteRegional', {
        taskQueue: ingest,
        workflowId: 'permanent-404',
        args: [{ transformTaskQueue: transform }],
      })
      .catch((e: Error & { cause?: Error & { cause?: Error } }) => e);
    expect(String(failure.cause?.cause?.message)).toMatch(
      /HTTP 404 from .*eco2mix-regional-tr.*DatasetNotFound/,
    );
    expect(platform.replay.requests.length - before).toBe(1);
    const events = await platform.db('ingestion_audit').where({ workflow_id: 'permanent-404' }).orderBy('id');
    expect(events.map((e) => `${e.step}:${e.status}:${e.attempt}`)).toEqual([
      'to-bronze:started:1',
      'to-bronze:failed:1',
    ]);
  });

  test('the audit log answers by source, status, workflow and time window', async () => {
    const token = await devToken();
    const query = `query ($source: String, $status: String, $workflowId: String, $from: DateTime, $to: DateTime) {
      auditLog(source: $source, status: $status, workflowId: $workflowId, from: $from, to: $to, first: 100) {
        nodes { workflowId step source status attempt error at }
      }
    }`;
    const failed = await graphql(
      query,
      { source: 'rte-regional', status: 'failed', workflowId: 'retry-503' },
      token,
    );
    expect(failed.body.errors).toBeUndefined();
    const events = (failed.body.data?.auditLog as { nodes: unknown[] }).nodes as {
      step: string;
      attempt: number;
      error: string;
      at: string;
    }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ step: AUDIT_STEP.toBronze, attempt: 1 });
    expect(events[0]?.error).toMatch(/HTTP 503/);

    const at = Date.parse(events[0]?.at as string);
    const around = await graphql(
      query,
      { workflowId: 'retry-503', from: new Date(at).toISOString(), to: new Date(at + 1).toISOString() },
      token,
    );
    expect((around.body.data?.auditLog as { nodes: unknown[] }).nodes.length).toBeGreaterThanOrEqual(1);
    const later = await graphql(
      query,
      { source: 'rte-regional', from: new Date(Date.now() + 3_600_000).toISOString() },
      token,
    );
    expect((later.body.data?.auditLog as { nodes: unknown[] }).nodes).toEqual([]);
    const reversed = await graphql(
      query,
      { from: '2025-02-21T00:00:00Z', to: '2025-02-20T00:00:00Z' },
      token,
    );
    expect(JSON.stringify(reversed.body.errors)).toMatch(/`from` must be before `to`/);
    expect((await graphql(query, { source: 'rte-regional' })).status).toBe(401);
  });

  test('a failed blocking gate stops the window: workflow failed, alert audited, watermark kept', async () => {
    const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
    const before = await platform.db('ingestion_watermark').where({ source: 'rte-regional' }).first();
    platform.replay.publish('eco2mix-regional-tr', [implausibleRegionalRecord(fixture[0]!)]);
    const failure = await env.client.workflow
      .execute('ingestRteRegional', {
        taskQueue: ingest,
        workflowId: 'implausible',
        args: [{ transformTaskQueue: transform }],
      })
      .catch((e: Error & { cause?: Error }) => e);
    expect(String(failure.cause?.message)).toMatch(
      /blocking quality gates failed for eco2mix_regional 2025-02-21: consumption_plausible/,
    );

    const alerts = await platform
      .db('ingestion_audit')
      .where({ status: 'alert' })
      .where('workflow_id', 'like', 'implausible%');
    expect(alerts.map((a) => [a.step, a.source])).toEqual([
      ['quality:consumption_plausible', 'eco2mix_regional'],
    ]);
    expect(alerts[0].error).toMatch(/observed 1, expected = 0 rows outside 0..25000 MW/);
    const after = await platform.db('ingestion_watermark').where({ source: 'rte-regional' }).first();
    expect(after.watermark_utc).toBe(before.watermark_utc);
    const steps = await platform
      .db('ingestion_audit')
      .where('workflow_id', 'like', 'implausible%')
      .pluck('step');
    expect(steps).not.toContain('advance-watermark');
  });

  test('generation far below zero is flagged by its gate and kept in Gold as published', async () => {
    const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
    platform.replay.publish('eco2mix-regional-tr', [
      {
        ...fixture[0],
        date: '2025-02-22',
        heure: '10:30',
        date_heure: '2025-02-22T09:30:00+00:00',
        nucleaire: -500,
      },
    ]);
    const failure = await env.client.workflow
      .execute('ingestRteRegional', {
        taskQueue: ingest,
        workflowId: 'negative-generation',
        args: [{ transformTaskQueue: transform }],
      })
      .catch((e: Error & { cause?: Error }) => e);
    expect(String(failure.cause?.message)).toMatch(/2025-02-22: [^;]*generation_non_negative/);
    const kept = await platform
      .db('fact_energy_flow')
      .where({ source_code: 'nucleaire', ts_utc: new Date('2025-02-22T09:30:00Z').toISOString() })
      .first();
    expect(kept?.mw).toBe(-500);
  });

  test('the API principal cannot write to the gold database', async () => {
    expect(await refusal(readerDb('fact_energy_flow').del())).toMatch(/readonly/i);
  });
});
