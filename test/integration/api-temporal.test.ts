import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ScheduleDeclaration, TemporalDeclarations } from '../../lib/config';
import type { Config } from '../../activities/config';
import { createReaderDb } from '../../lib/db';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { TEMPORAL_DEADLINE_MS } from '../../graphql/temporal/client';
import { applySchedules } from '../../workers/schedules';
import { freePort } from '../helpers/free-port';
import { refusal } from '../helpers/refusal';
import { namespaceOf, startDevServer } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { FailureType } from '../../lib/domain/failure-types';

/**
 * Run history and schedule administration through GraphQL, on the real Temporal dev server with
 * both workers, the replay server and SQLite gold: real runs are listed from visibility and
 * summarised from their history; schedules from temporal.yaml (a paused copy, so nothing fires
 * on its own) are edited live by an Admin, each change lands in schedule_changes through the
 * recordScheduleChange workflow, and the reconcile keeps or overwrites the edit.
 */

/** GraphQL answers are checked field by field; their shape is the schema's, not TypeScript's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Gql = { status: number; body: { data?: Record<string, Json>; errors?: Json[] } };

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let readerDb: ReturnType<typeof createReaderDb>;
let api: ApiServer;
let apiConfig: Config;
/** What the test applies to the server: the declared schedules, all paused. */
let applied: TemporalDeclarations;
const extraServers: ApiServer[] = [];
const extraConnections: Connection[] = [];
let deadAddressAskedAt = 0;

const ghost: ScheduleDeclaration = {
  id: 'declared-not-applied',
  source: 'era5',
  workflow: 'ingestEra5',
  taskQueue: 'gps-ingest',
  every: '1d',
  overlap: 'SKIP',
  catchupWindow: '1h',
  paused: true,
  searchAttributes: {},
};

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env);
  const declared = platform.config.temporal.declarations;
  applied = { ...declared, schedules: declared.schedules.map((s) => ({ ...s, paused: true })) };
  // The API also knows a declaration that was never applied: it must show as missing.
  apiConfig = {
    ...platform.config,
    temporal: {
      ...platform.config.temporal,
      declarations: { ...applied, schedules: [...applied.schedules, ghost] },
    },
  };
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(apiConfig, readerDb, { port: 0, temporal: env.client });
});

afterAll(async () => {
  for (const server of extraServers) await server.close();
  for (const connection of extraConnections) await connection.close();
  await api?.close();
  await readerDb?.destroy();
  await platform?.stop();
  await env?.teardown();
});

async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  url = api.url,
): Promise<Gql> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Gql['body'] };
}

async function devToken(role: 'reader' | 'admin', subject?: string, url = api.url): Promise<string> {
  const res = await fetch(`${url}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, subject }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Visibility is eventually consistent: ask again until the answer satisfies `ready`. */
async function eventually<T>(ask: () => Promise<T>, ready: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 100; i++) {
    last = await ask();
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not ready, last answer ${JSON.stringify(last)}`);
}

function expectError(res: Gql, status: number, code: string, message?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
  if (message) expect(res.body.errors?.[0]?.message).toMatch(message);
}

const RUN_FIELDS = `workflowId runId type taskQueue status startTime closeTime durationMs historyLength attempts
  failureMessage memo summary source layer windowStart windowEnd rows parentWorkflowId webUiUrl`;

describe('workflow runs from Temporal visibility and history', () => {
  const { ingest, transform } = { ingest: 'gps-ingest', transform: 'gps-transform' };
  const start = new Date();

  beforeAll(async () => {
    expect(platform.config.temporal.declarations.taskQueues).toEqual({ ingest, transform });
    const run = (workflowId: string) =>
      env.client.workflow.execute('ingestRteRegional', {
        taskQueue: ingest,
        workflowId,
        args: [{ transformTaskQueue: transform }],
      });
    await run('api-runs-ok');
    // Incremental re-run with one 503 on the first fetch: Temporal retries the activity.
    platform.replay.injectFaults({ kind: 'status', status: 503 });
    await run('api-runs-503');
    platform.replay.injectFaults({ kind: 'status', status: 404, body: '{"error_code":"DatasetNotFound"}' });
    await expect(run('api-runs-404')).rejects.toThrow();
  });

  const listQuery = `query($type: String, $status: WorkflowRunStatus, $source: String, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
    workflowRuns(workflowType: $type, status: $status, source: $source, from: $from, to: $to, first: $first, after: $after) {
      edges { cursor node { workflowId } }
      nodes { ${RUN_FIELDS} ingestionSteps { nodes { workflowId step status attempts rows bytes error } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  test('workflowRuns lists the runs with status, times, attempts, failure, memo, search attributes and a Web UI link', async () => {
    const token = await devToken('reader');
    const res = await eventually(
      () => graphql(listQuery, { type: 'ingestRteRegional', first: 10 }, token),
      (r) =>
        (r.body.data?.workflowRuns?.nodes ?? []).filter((n: Json) => n.status !== 'RUNNING').length === 3,
      'three closed runs in visibility',
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const runs = res.body.data!.workflowRuns.nodes as Json[];
    const byId = Object.fromEntries(runs.map((r) => [r.workflowId, r]));
    expect(Object.keys(byId).sort()).toEqual(['api-runs-404', 'api-runs-503', 'api-runs-ok']);

    const ok = byId['api-runs-ok'];
    const description = await env.client.workflow.getHandle('api-runs-ok').describe();
    expect(ok).toMatchObject({
      runId: description.runId,
      type: 'ingestRteRegional',
      taskQueue: 'gps-ingest',
      status: 'COMPLETED',
      attempts: 1,
      failureMessage: null,
      source: 'rte-regional',
      layer: 'gold',
      rows: 5 * PRODUCTION_SOURCES.length + 5,
      windowStart: '2025-02-19T23:00:00.000Z',
      windowEnd: '2025-02-20T12:30:00.000Z',
      parentWorkflowId: null,
      webUiUrl: `http://127.0.0.1:8233/namespaces/${namespaceOf(env)}/workflows/api-runs-ok/${description.runId}/history`,
    });
    expect(Date.parse(ok.startTime)).toBeGreaterThanOrEqual(start.getTime() - 1000);
    expect(ok.durationMs).toBe(Date.parse(ok.closeTime) - Date.parse(ok.startTime));
    expect(ok.durationMs).toBeGreaterThan(0);
    expect(ok.historyLength).toBeGreaterThan(10);
    expect(ok.summary).toMatch(/^5 records in 1 pages \(1 new\) -> 5 silver rows/);
    expect(JSON.parse(ok.memo)).toEqual({ summary: ok.summary });

    // The audit rows of the run and of its day's child workflow, joined per step.
    const steps = ok.ingestionSteps.nodes as Json[];
    expect(steps.map((s) => `${s.workflowId.replace('api-runs-ok', '')} ${s.step}:${s.status}`)).toEqual([
      ' to-bronze:succeeded',
      ' to-silver:succeeded',
      '/gold/2025-02-20 to-gold:succeeded',
      '/gold/2025-02-20 asset-discovered:event',
      '/gold/2025-02-20 quality-gates:succeeded',
      ' advance-watermark:succeeded',
    ]);
    expect(steps[0]).toMatchObject({ rows: 5, attempts: 1, error: null });
    expect(steps[0].bytes).toBeGreaterThan(1000);

    const failed = byId['api-runs-404'];
    expect(failed.status).toBe('FAILED');
    expect(failed.durationMs).toBeGreaterThanOrEqual(0);
    expect(failed.failureMessage).toMatch(
      new RegExp(
        `^Activity task failed: ${FailureType.HttpClientError}: HTTP 404 from .*eco2mix-regional-tr.*DatasetNotFound`,
      ),
    );
    expect(failed.ingestionSteps.nodes).toEqual([
      expect.objectContaining({ step: AUDIT_STEP.toBronze, status: 'failed', attempts: 1, rows: null }),
    ]);
    expect(failed.ingestionSteps.nodes[0].error).toMatch(/HTTP 404/);

    // The retried fetch: two attempts in the audit, the first one's failure cleared by the success.
    const retried = byId['api-runs-503'];
    expect(retried.status).toBe('COMPLETED');
    expect(retried.ingestionSteps.nodes[0]).toMatchObject({
      step: AUDIT_STEP.toBronze,
      status: 'succeeded',
      attempts: 2,
      error: null,
    });
  });

  test('the audit rows of a page of runs are read with one SQL query (DataLoader)', async () => {
    const token = await devToken('reader');
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    readerDb.on('query', onQuery);
    try {
      const res = await graphql(listQuery, { type: 'ingestRteRegional', first: 10 }, token);
      expect(res.body.data!.workflowRuns.nodes).toHaveLength(3);
    } finally {
      readerDb.off('query', onQuery);
    }
    expect(statements.filter((s) => s.includes('ingestion_audit'))).toHaveLength(1);
  });

  test('filters: status, source (custom search attribute) and start time', async () => {
    const token = await devToken('reader');
    const failed = await graphql(listQuery, { type: 'ingestRteRegional', status: 'FAILED' }, token);
    expect(failed.body.data!.workflowRuns.nodes.map((n: Json) => n.workflowId)).toEqual(['api-runs-404']);
    // The source is a search attribute the workflow sets after its first fetch (a scheduled run
    // carries it from the start, from the schedule's action): the 404 run failed before. The days'
    // child workflows set it too.
    const bySource = await graphql(listQuery, { source: 'rte-regional' }, token);
    expect(bySource.body.data!.workflowRuns.nodes.map((n: Json) => n.workflowId).sort()).toEqual([
      'api-runs-503',
      'api-runs-503/gold/2025-02-20',
      'api-runs-ok',
      'api-runs-ok/gold/2025-02-20',
    ]);

    const completed = await graphql(listQuery, { status: 'COMPLETED', type: 'ingestRteRegional' }, token);
    expect(completed.body.data!.workflowRuns.nodes.map((n: Json) => n.workflowId).sort()).toEqual([
      'api-runs-503',
      'api-runs-ok',
    ]);
    const otherSource = await graphql(listQuery, { source: 'maintenance' }, token);
    expect(otherSource.body.data!.workflowRuns.nodes).toEqual([]);

    const before = await graphql(listQuery, { type: 'ingestRteRegional', to: start.toISOString() }, token);
    expect(before.body.data!.workflowRuns.nodes).toEqual([]);
    const after = await graphql(
      listQuery,
      { type: 'ingestRteRegional', from: new Date(start.getTime() - 60_000).toISOString() },
      token,
    );
    expect(after.body.data!.workflowRuns.nodes).toHaveLength(3);
  });

  test('pages follow the visibility page token; a cursor only works with its own filter', async () => {
    const token = await devToken('reader');
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 3; i++) {
      const page = await graphql(listQuery, { type: 'ingestRteRegional', first: 1, after }, token);
      expect(page.body.errors).toBeUndefined();
      const connection = page.body.data!.workflowRuns;
      expect(connection.nodes).toHaveLength(1);
      seen.push(connection.nodes[0].workflowId);
      expect(connection.pageInfo.hasNextPage).toBe(true);
      after = connection.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(['api-runs-404', 'api-runs-503', 'api-runs-ok']);
    const last = await graphql(listQuery, { type: 'ingestRteRegional', first: 1, after }, token);
    expect(last.body.data!.workflowRuns.nodes).toEqual([]);
    expect(last.body.data!.workflowRuns.pageInfo.hasNextPage).toBe(false);

    // Edge cursors resume inside a page: after the first of two, the second of the same page.
    const two = await graphql(listQuery, { type: 'ingestRteRegional', first: 2 }, token);
    const firstEdge = two.body.data!.workflowRuns.edges[0];
    const resumed = await graphql(
      listQuery,
      { type: 'ingestRteRegional', first: 1, after: firstEdge.cursor },
      token,
    );
    expect(resumed.body.data!.workflowRuns.nodes[0].workflowId).toBe(
      two.body.data!.workflowRuns.nodes[1].workflowId,
    );

    const mixed = await graphql(listQuery, { status: 'FAILED', first: 1, after: firstEdge.cursor }, token);
    expectError(mixed, 400, 'BAD_USER_INPUT', /cursor of another filter/);
  });

  test('values that are not plain identifiers are refused with a 400, never passed to visibility', async () => {
    const token = await devToken('reader');
    for (const variables of [
      { type: "ingestRteRegional' OR WorkflowType != '" },
      { source: 'rte-regional" OR 1=1' },
      { source: 'a b' },
      { type: '' + 'x'.repeat(200) },
    ]) {
      expectError(await graphql(listQuery, variables, token), 400, 'BAD_USER_INPUT', /plain identifier/);
    }
    expectError(
      await graphql(listQuery, { from: '2025-02-21T00:00:00Z', to: '2025-02-20T00:00:00Z' }, token),
      400,
      'BAD_USER_INPUT',
      /`from` must be before `to`/,
    );
    expectError(await graphql(listQuery, { first: 1000 }, token), 400, 'BAD_USER_INPUT', /`first`/);
    expectError(await graphql(listQuery, { after: 'not-a-cursor' }, token), 400, 'BAD_USER_INPUT');
    expect((await graphql(listQuery, {})).status).toBe(401);
  });

  const runQuery = `query($id: String!, $runId: String) {
    workflowRun(workflowId: $id, runId: $runId) {
      ${RUN_FIELDS}
      activities { nodes { activityId activityType taskQueue status attempts lastFailure scheduledAt lastStartedAt closedAt durationMs lastAttemptMs } }
      childWorkflows { nodes { workflowId runId type status failure webUiUrl } }
      ingestionSteps(first: 2) { nodes { step } pageInfo { hasNextPage endCursor } }
    }
  }`;

  test('workflowRun summarises activities and child workflows from the event history', async () => {
    const token = await devToken('reader');
    const res = await graphql(runQuery, { id: 'api-runs-ok' }, token);
    expect(res.body.errors).toBeUndefined();
    const run = res.body.data!.workflowRun;
    expect(run).toMatchObject({ workflowId: 'api-runs-ok', status: 'COMPLETED', attempts: 1 });
    const activities = run.activities.nodes as Json[];
    expect(activities.map((a) => `${a.activityType}@${a.taskQueue}:${a.status}:${a.attempts}`)).toEqual([
      'rteRegionalToBronze@gps-ingest:COMPLETED:1',
      'eco2mixRegionalToSilver@gps-transform:COMPLETED:1',
      'advanceSourceWatermark@gps-ingest:COMPLETED:1',
    ]);
    for (const a of activities) {
      expect(a.lastFailure).toBeNull();
      expect(a.durationMs).toBe(Date.parse(a.closedAt) - Date.parse(a.scheduledAt));
      expect(a.lastAttemptMs).toBe(Date.parse(a.closedAt) - Date.parse(a.lastStartedAt));
    }
    const [child, alerts] = run.childWorkflows.nodes;
    // The day's Gold child, then the alert evaluation the run starts and abandons (its status varies).
    expect(run.childWorkflows.nodes).toHaveLength(2);
    expect(alerts).toMatchObject({ workflowId: 'alerts-2025-02-20T12:45:00.000Z', type: 'evaluateAlerts' });
    expect(child).toMatchObject({
      workflowId: 'api-runs-ok/gold/2025-02-20',
      type: 'publishEco2mixRegionalDay',
      status: 'COMPLETED',
      failure: null,
    });
    expect(child.webUiUrl).toBe(
      `http://127.0.0.1:8233/namespaces/${namespaceOf(env)}/workflows/api-runs-ok%2Fgold%2F2025-02-20/${child.runId}/history`,
    );

    // Nested lists are connections too.
    expect(run.ingestionSteps.nodes.map((s: Json) => s.step)).toEqual([
      AUDIT_STEP.toBronze,
      AUDIT_STEP.toSilver,
    ]);
    expect(run.ingestionSteps.pageInfo.hasNextPage).toBe(true);

    // The child itself, by id: its gold load and gates, and its parent.
    const childRun = await graphql(runQuery, { id: child.workflowId, runId: child.runId }, token);
    expect(childRun.body.data!.workflowRun.parentWorkflowId).toBe('api-runs-ok');
    expect(childRun.body.data!.workflowRun.activities.nodes.map((a: Json) => a.activityType)).toContain(
      'checkEco2mixRegionalGates',
    );
  });

  test('workflowRun shows the retried activity with its attempts and the failure before the success', async () => {
    const token = await devToken('reader');
    const retried = await graphql(runQuery, { id: 'api-runs-503' }, token);
    const fetchStep = retried.body.data!.workflowRun.activities.nodes[0];
    expect(fetchStep).toMatchObject({
      activityType: 'rteRegionalToBronze',
      status: 'COMPLETED',
      attempts: 2,
    });
    expect(fetchStep.lastFailure).toMatch(`${FailureType.HttpServerError}: HTTP 503`);

    const failed = await graphql(runQuery, { id: 'api-runs-404' }, token);
    expect(failed.body.data!.workflowRun.activities.nodes).toEqual([
      expect.objectContaining({ activityType: 'rteRegionalToBronze', status: 'FAILED', attempts: 1 }),
    ]);
    expect(failed.body.data!.workflowRun.activities.nodes[0].lastFailure).toMatch(/HTTP 404/);
  });

  test('workflowRun: unknown run 404, malformed ids 400', async () => {
    const token = await devToken('reader');
    expectError(await graphql(runQuery, { id: 'no-such-workflow' }, token), 404, 'NOT_FOUND');
    expectError(
      await graphql(runQuery, { id: 'api-runs-ok', runId: 'nope' }, token),
      400,
      'BAD_USER_INPUT',
      /runId/,
    );
    expectError(await graphql(runQuery, { id: 'a\u0000b' }, token), 400, 'BAD_USER_INPUT', /workflowId/);
  });
});

describe('Temporal unreachable or absent: 503, not 500', () => {
  const query = '{ workflowRuns(first: 1) { nodes { workflowId } } schedules { nodes { id } } }';

  test('an API without a Temporal client answers 503 UNAVAILABLE', async () => {
    const server = await startApiServer(apiConfig, readerDb, { port: 0 });
    extraServers.push(server);
    const res = await graphql(query, {}, await devToken('reader', undefined, server.url), server.url);
    expectError(res, 503, 'UNAVAILABLE', /without a Temporal client/);
    expect(res.body.data).toBeNull();
  });

  test('an API whose Temporal server is down answers 503 UNAVAILABLE within the deadline', async () => {
    // No client-side retries: their timers would outlive the test's connection (the deadline and
    // the API's own cut at TEMPORAL_DEADLINE_MS are what production relies on).
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] });
    extraConnections.push(connection);
    const server = await startApiServer(apiConfig, readerDb, {
      port: 0,
      temporal: new Client({ connection, namespace: namespaceOf(env) }),
    });
    extraServers.push(server);
    const token = await devToken('reader', undefined, server.url);
    deadAddressAskedAt = Date.now();
    const res = await graphql(query, {}, token, server.url);
    expectError(res, 503, 'UNAVAILABLE', /Temporal is unavailable/);
    expect(Date.now() - deadAddressAskedAt).toBeLessThan(TEMPORAL_DEADLINE_MS + 2_000);
  }, 30_000);
});

describe('schedules: live state, drift from temporal.yaml, admin mutations and their audit', () => {
  const scheduleQuery = `query($id: String!) {
    schedule(id: $id) {
      id declared existsOnServer workflowType taskQueue spec declaredSpec paused note overlapPolicy catchupWindow
      nextActionTimes { nodes }
      recentActions { nodes { scheduledAt takenAt workflowId runId webUiUrl } }
      actionsTaken createdAt webUiUrl inSync
      drift { nodes { field declared live message } }
    }
  }`;
  const payload = `schedule { id spec paused note inSync drift { nodes { field declared live message } } }
    change { id scheduleId operation subject subjectName at before after details requestId auditWorkflowId auditWebUiUrl }`;
  const update = `mutation($id: String!, $every: String, $cron: String, $note: String) {
    updateScheduleSpec(id: $id, every: $every, cron: $cron, note: $note) { ${payload} } }`;
  const pause = `mutation($id: String!, $note: String) { pauseSchedule(id: $id, note: $note) { ${payload} } }`;
  const unpause = `mutation($id: String!, $note: String) { unpauseSchedule(id: $id, note: $note) { ${payload} } }`;
  const trigger = `mutation($id: String!) { triggerSchedule(id: $id) { ${payload} } }`;
  const backfill = `mutation($id: String!, $from: DateTime!, $to: DateTime!, $overlap: ScheduleOverlapPolicy) {
    backfillSchedule(id: $id, from: $from, to: $to, overlap: $overlap) { ${payload} } }`;
  const changes = `query($id: String, $first: Int, $after: String) {
    scheduleChanges(scheduleId: $id, first: $first, after: $after) {
      nodes { id scheduleId operation subject at before after details auditWorkflowId }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    admin = await devToken('admin', 'alice@example.org');
    reader = await devToken('reader', 'bob@example.org');
    const outcomes = await applySchedules(env.client, applied);
    expect(Object.values(outcomes)).toEqual(applied.schedules.map(() => 'created'));
  });

  test('schedules lists the declared schedules in sync, and the declared one missing on the server', async () => {
    const res = await graphql(
      `
        {
          schedules {
            nodes {
              id
              declared
              existsOnServer
              spec
              paused
              overlapPolicy
              catchupWindow
              inSync
              nextActionTimes(first: 2) {
                nodes
              }
              drift {
                nodes {
                  field
                  message
                }
              }
            }
            pageInfo {
              hasNextPage
            }
          }
        }
      `,
      {},
      reader,
    );
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.schedules.nodes as Json[];
    expect(nodes.map((n) => n.id)).toEqual([...applied.schedules.map((s) => s.id), ghost.id].sort());
    const regional = nodes.find((n) => n.id === 'rte-regional-ingest');
    expect(regional).toMatchObject({
      declared: true,
      existsOnServer: true,
      spec: 'every 15m',
      paused: true,
      overlapPolicy: 'SKIP',
      catchupWindow: '1h',
      inSync: true,
      drift: { nodes: [] },
    });
    expect(regional.nextActionTimes.nodes).toHaveLength(2);
    expect(
      Date.parse(regional.nextActionTimes.nodes[1]) - Date.parse(regional.nextActionTimes.nodes[0]),
    ).toBe(15 * 60_000);
    const missing = nodes.find((n) => n.id === ghost.id);
    expect(missing).toMatchObject({ declared: true, existsOnServer: false, spec: null, inSync: false });
    expect(missing.drift.nodes[0].message).toMatch(/missing on the server/);

    const paged = await graphql(
      '{ schedules(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }',
      {},
      reader,
    );
    const next = await graphql(
      'query($after: String) { schedules(first: 2, after: $after) { nodes { id } } }',
      { after: paged.body.data!.schedules.pageInfo.endCursor },
      reader,
    );
    expect(
      [...paged.body.data!.schedules.nodes, ...next.body.data!.schedules.nodes].map((n: Json) => n.id),
    ).toEqual(nodes.slice(0, 4).map((n) => n.id));
  });

  test('a Reader may read schedules but every mutation answers 403 FORBIDDEN and changes nothing', async () => {
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const to = new Date(Date.now() - 86_400_000).toISOString();
    for (const [query, variables] of [
      [update, { id: 'rte-regional-ingest', every: '30m' }],
      [pause, { id: 'era5-ingest' }],
      [unpause, { id: 'era5-ingest' }],
      [trigger, { id: 'era5-ingest' }],
      [backfill, { id: 'era5-ingest', from, to }],
    ] as const) {
      expectError(await graphql(query, variables, reader), 403, 'FORBIDDEN', /Admin/);
    }
    const described = await env.client.schedule.getHandle('rte-regional-ingest').describe();
    expect(described.spec.intervals).toEqual([{ every: 15 * 60_000 }]);
    expect((await env.client.schedule.getHandle('era5-ingest').describe()).info.numActionsTaken).toBe(0);
    expect(await platform.db('schedule_changes').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  test('bad input is a 400 with a clear message; an unknown schedule a 404', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        update,
        { id: 'rte-regional-ingest', every: '30m', cron: '* * * * *' },
        /exactly one of `every` or `cron`/,
      ],
      [update, { id: 'rte-regional-ingest' }, /exactly one of `every` or `cron`/],
      [update, { id: 'rte-regional-ingest', every: 'fast' }, /`every` is a duration/],
      [update, { id: 'rte-regional-ingest', every: '10s' }, /between 1m and 366d/],
      [update, { id: 'rte-regional-ingest', cron: 'every day' }, /cron expression of 5 to 7 fields/],
      [update, { id: 'rte-regional-ingest', cron: '99 * * * *' }, /invalid schedule spec/],
      [update, { id: "rte'; drop table schedule_changes; --", every: '30m' }, /plain identifier/],
      [pause, { id: 'era5-ingest', note: 'x'.repeat(501) }, /at most 500 characters/],
      [
        backfill,
        {
          id: 'era5-ingest',
          from: new Date(now - day).toISOString(),
          to: new Date(now - 2 * day).toISOString(),
        },
        /`from` must be before `to`/,
      ],
      [
        backfill,
        {
          id: 'era5-ingest',
          from: new Date(now - 400 * day).toISOString(),
          to: new Date(now - day).toISOString(),
        },
        /at most 366 days/,
      ],
      [
        backfill,
        { id: 'era5-ingest', from: new Date(now - day).toISOString(), to: new Date(now + day).toISOString() },
        /must not be in the future/,
      ],
      [
        backfill,
        {
          id: 'rte-regional-ingest',
          from: new Date(now - 30 * day).toISOString(),
          to: new Date(now - day).toISOString(),
        },
        /would start 2784 workflows \(at most 1000\)/,
      ],
      [
        backfill,
        { id: 'era5-ingest', from: new Date(now - 1000).toISOString(), to: new Date(now).toISOString() },
        /nothing to backfill/,
      ],
    ];
    for (const [query, variables, message] of cases) {
      const res = await graphql(query, variables, admin);
      expect({ variables, status: res.status }).toEqual({ variables, status: 400 });
      expect(JSON.stringify(res.body.errors)).toMatch(message);
    }
    expectError(await graphql(pause, { id: 'no-such-schedule' }, admin), 404, 'NOT_FOUND');
    expect((await graphql(scheduleQuery, { id: 'no-such-schedule' }, reader)).body.data!.schedule).toBeNull();
    expect(await platform.db('schedule_changes').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  test('updateScheduleSpec changes the live schedule, reports the drift and writes an audit row', async () => {
    const res = await graphql(
      update,
      { id: 'rte-regional-ingest', every: '30m', note: 'slower during the migration' },
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const { schedule, change } = res.body.data!.updateScheduleSpec;
    expect(schedule).toMatchObject({
      id: 'rte-regional-ingest',
      spec: 'every 30m',
      note: 'slower during the migration',
      inSync: false,
      drift: {
        nodes: [{ field: 'every', declared: '15m', live: '30m', message: 'every: declared 15m, live 30m' }],
      },
    });
    expect(change).toMatchObject({
      scheduleId: 'rte-regional-ingest',
      operation: 'updateSpec',
      subject: 'alice@example.org',
      subjectName: 'alice@example.org',
    });
    expect(JSON.parse(change.before)).toMatchObject({
      spec: 'every 15m',
      paused: true,
      overlap: 'SKIP',
      catchupWindow: '1h',
    });
    expect(JSON.parse(change.after)).toMatchObject({
      spec: 'every 30m',
      note: 'slower during the migration',
    });
    expect(JSON.parse(change.details)).toEqual({ every: '30m' });
    expect(Math.abs(Date.parse(change.at) - Date.now())).toBeLessThan(60_000);
    expect(change.auditWorkflowId).toBe(`schedule-change-${change.requestId}-updateScheduleSpec`);

    // In Temporal: the new interval; the audit workflow completed on the ingest queue.
    const live = await env.client.schedule.getHandle('rte-regional-ingest').describe();
    expect(live.spec.intervals).toEqual([{ every: 30 * 60_000 }]);
    const audit = await env.client.workflow.getHandle(change.auditWorkflowId).describe();
    expect(audit).toMatchObject({ type: 'recordScheduleChange', taskQueue: 'gps-ingest' });
    expect(audit.status.name).toBe('COMPLETED');
    // Written by the workers' principal into the gold database.
    const row = await platform.db('schedule_changes').where({ id: change.id }).first();
    expect(row).toMatchObject({ subject: 'alice@example.org', operation: 'updateSpec', run_id: audit.runId });
  });

  test('the reconcile keeps the live edit while temporal.yaml is unchanged, and overwrites it when it changes', async () => {
    // A platform restart runs applySchedules with the same declarations: the edit stays.
    expect((await applySchedules(env.client, applied))['rte-regional-ingest']).toBe('unchanged');
    const kept = await graphql(scheduleQuery, { id: 'rte-regional-ingest' }, reader);
    expect(kept.body.data!.schedule).toMatchObject({
      spec: 'every 30m',
      declaredSpec: 'every 15m',
      inSync: false,
    });
    expect(kept.body.data!.schedule.drift.nodes.map((d: Json) => d.message)).toEqual([
      'every: declared 15m, live 30m',
    ]);

    // temporal.yaml changes this schedule (here: its interval): the declaration wins at the next reconcile.
    const decl = applied.schedules.find((s) => s.id === 'rte-regional-ingest') as ScheduleDeclaration;
    decl.every = '20m'; // the same object is the API's declaration
    const pending = await graphql(scheduleQuery, { id: 'rte-regional-ingest' }, reader);
    expect(pending.body.data!.schedule.drift.nodes.map((d: Json) => d.field)).toEqual([
      'every',
      'declaration',
    ]);
    expect(pending.body.data!.schedule.drift.nodes[1].message).toMatch(/temporal.yaml changed this schedule/);

    expect((await applySchedules(env.client, applied))['rte-regional-ingest']).toBe('updated');
    const overwritten = await graphql(scheduleQuery, { id: 'rte-regional-ingest' }, reader);
    expect(overwritten.body.data!.schedule).toMatchObject({
      spec: 'every 20m',
      declaredSpec: 'every 20m',
      paused: true,
      inSync: true,
      drift: { nodes: [] },
    });
    // The declared note replaced the live one.
    expect(overwritten.body.data!.schedule.note).toBe(decl.note);
  });

  test('a cron spec is kept as text beside the calendar the server compiles; drift names the spec', async () => {
    const res = await graphql(update, { id: 'rte-regional-ingest', cron: '0 */2 * * *' }, admin);
    expect(res.body.errors).toBeUndefined();
    const { schedule, change } = res.body.data!.updateScheduleSpec;
    expect(schedule.spec).toBe('cron 0 */2 * * *');
    expect(schedule.drift.nodes).toEqual([
      {
        field: 'spec',
        declared: 'every 20m',
        live: 'cron 0 */2 * * *',
        message: 'spec: declared every 20m, live cron 0 */2 * * *',
      },
    ]);
    expect(JSON.parse(change.before).spec).toBe('every 20m');
    expect(JSON.parse(change.after).spec).toBe('cron 0 */2 * * *');
    expect((await applySchedules(env.client, applied))['rte-regional-ingest']).toBe('unchanged');
    const live = await env.client.schedule.getHandle('rte-regional-ingest').describe();
    expect(live.spec.intervals).toEqual([]);
    expect(live.spec.calendars).toHaveLength(1);
    expect(live.info.nextActionTimes[0]!.getUTCMinutes()).toBe(0);
    expect(live.info.nextActionTimes[0]!.getUTCHours() % 2).toBe(0);
  });

  test('unpause and pause with notes; the drift says paused differs from the declaration', async () => {
    const resumed = await graphql(unpause, { id: 'era5-ingest', note: 'resume after the incident' }, admin);
    expect(resumed.body.errors).toBeUndefined();
    expect(resumed.body.data!.unpauseSchedule.schedule).toMatchObject({
      paused: false,
      note: 'resume after the incident',
      drift: {
        nodes: [
          { field: 'paused', declared: 'true', live: 'false', message: 'paused: declared true, live false' },
        ],
      },
    });
    expect(JSON.parse(resumed.body.data!.unpauseSchedule.change.before)).toMatchObject({ paused: true });
    expect(JSON.parse(resumed.body.data!.unpauseSchedule.change.after)).toMatchObject({
      paused: false,
      note: 'resume after the incident',
    });

    const paused = await graphql(pause, { id: 'era5-ingest' }, admin);
    expect(paused.body.data!.pauseSchedule.schedule).toMatchObject({
      paused: true,
      note: 'paused by alice@example.org through the API',
      inSync: true,
    });
    expect((await env.client.schedule.getHandle('era5-ingest').describe()).state).toMatchObject({
      paused: true,
      note: 'paused by alice@example.org through the API',
    });
  });

  test('triggerSchedule starts the workflow now, also when paused; recent actions link to the run', async () => {
    const res = await graphql(trigger, { id: 'era5-ingest' }, admin);
    expect(res.body.errors).toBeUndefined();
    expect(JSON.parse(res.body.data!.triggerSchedule.change.details)).toEqual({ overlap: 'SKIP' });
    const schedule = await eventually(
      () => graphql(scheduleQuery, { id: 'era5-ingest' }, reader),
      (r) => r.body.data?.schedule?.recentActions?.nodes?.length === 1,
      'the triggered action',
    );
    const [action] = schedule.body.data!.schedule.recentActions.nodes;
    expect(action.workflowId).toMatch(/^era5-ingest-\d{4}-\d\d-\d\dT/);
    expect(action.webUiUrl).toBe(
      `http://127.0.0.1:8233/namespaces/${namespaceOf(env)}/workflows/${encodeURIComponent(action.workflowId)}/${action.runId}/history`,
    );
    const result = await env.client.workflow.getHandle(action.workflowId).result();
    expect(result).toMatchObject({ skipped: 'no ERA5 object configured (GPS_ERA5_URL)' });
    expect(schedule.body.data!.schedule.paused).toBe(true);
  });

  test('backfillSchedule takes the missed actions of a past range, one after the other', async () => {
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day) * day;
    const from = new Date(today - 3 * day + 3_600_000).toISOString(); // after D-3 00:00
    const to = new Date(today - day + 3_600_000).toISOString(); // after D-1 00:00
    const res = await graphql(backfill, { id: 'era5-ingest', from, to }, admin);
    expect(res.body.errors).toBeUndefined();
    expect(JSON.parse(res.body.data!.backfillSchedule.change.details)).toEqual({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      overlap: 'BUFFER_ALL',
      expectedActions: 2,
    });
    const expectedIds = [2, 1].map(
      (d) => `era5-ingest-${new Date(today - d * day).toISOString().replace('.000Z', 'Z')}`,
    );
    const token = reader;
    const runs = await eventually(
      () =>
        graphql(
          '{ workflowRuns(workflowType: "ingestEra5", status: COMPLETED, source: "era5") { nodes { workflowId source } } }',
          {},
          token,
        ),
      (r) =>
        expectedIds.every((id) =>
          (r.body.data?.workflowRuns?.nodes ?? []).some((n: Json) => n.workflowId === id),
        ),
      'the backfilled runs in visibility',
    );
    expect(runs.body.data!.workflowRuns.nodes).toHaveLength(3); // the triggered run and the two backfilled
  });

  test('scheduleChanges lists every change newest first, with who, when, before and after', async () => {
    const all = await graphql(changes, { first: 50 }, reader);
    expect(all.body.errors).toBeUndefined();
    const nodes = all.body.data!.scheduleChanges.nodes as Json[];
    expect(nodes.map((n) => `${n.scheduleId} ${n.operation}`)).toEqual([
      'era5-ingest backfill',
      'era5-ingest trigger',
      'era5-ingest pause',
      'era5-ingest unpause',
      'rte-regional-ingest updateSpec',
      'rte-regional-ingest updateSpec',
    ]);
    expect(new Set(nodes.map((n) => n.subject))).toEqual(new Set(['alice@example.org']));
    const ats = nodes.map((n) => Date.parse(n.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);

    const regional = await graphql(changes, { id: 'rte-regional-ingest', first: 1 }, reader);
    const newest = regional.body.data!.scheduleChanges;
    expect(JSON.parse(newest.nodes[0].after).spec).toBe('cron 0 */2 * * *');
    expect(newest.pageInfo.hasNextPage).toBe(true);
    const older = await graphql(
      changes,
      { id: 'rte-regional-ingest', first: 1, after: newest.pageInfo.endCursor },
      reader,
    );
    expect(JSON.parse(older.body.data!.scheduleChanges.nodes[0].after).spec).toBe('every 30m');
    expect(older.body.data!.scheduleChanges.pageInfo.hasNextPage).toBe(false);

    expectError(await graphql(changes, { id: 'x y' }, reader), 400, 'BAD_USER_INPUT', /plain identifier/);
  });

  test('no worker to write the audit row: the change is refused and nothing changes', async () => {
    const unaudited = await startApiServer(
      {
        ...apiConfig,
        temporal: {
          ...apiConfig.temporal,
          declarations: {
            ...apiConfig.temporal.declarations,
            taskQueues: { ingest: 'nobody-polls', transform: 'x' },
          },
        },
      },
      readerDb,
      { port: 0, temporal: env.client },
    );
    extraServers.push(unaudited);
    const token = await devToken('admin', 'alice@example.org', unaudited.url);
    const before = await env.client.schedule.getHandle('maintenance-scrape').describe();
    const res = await graphql(unpause, { id: 'maintenance-scrape' }, token, unaudited.url);
    expectError(
      res,
      503,
      'AUDIT_UNAVAILABLE',
      /no worker polls task queue nobody-polls.*nothing was changed/,
    );
    expect(res.body.errors![0].extensions.applied).toBe(false);
    const after = await env.client.schedule.getHandle('maintenance-scrape').describe();
    expect(after.state).toEqual(before.state);
  });

  test('the change is made but its audit workflow cannot start: 503 AUDIT_NOT_RECORDED, the change stays', async () => {
    // A request id reused while an audit workflow of that id still runs (here one parked on a
    // queue nobody polls) makes the start fail after the schedule changed.
    const requestId = 'reused-request-id';
    const blocker = await env.client.workflow.start('recordScheduleChange', {
      taskQueue: 'nobody-polls',
      workflowId: `schedule-change-${requestId}-pauseSchedule`,
      args: [{}],
    });
    try {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${admin}`,
          'x-request-id': requestId,
        },
        body: JSON.stringify({ query: pause, variables: { id: 'maintenance-scrape', note: 'unaudited' } }),
      });
      const body = (await res.json()) as Gql['body'];
      expectError(
        { status: res.status, body },
        503,
        'AUDIT_NOT_RECORDED',
        /schedule maintenance-scrape: the pause was applied in Temporal and is NOT rolled back, but its audit row could not be requested/,
      );
      expect(body.errors![0].extensions).toMatchObject({
        applied: true,
        auditWorkflowId: `schedule-change-${requestId}-pauseSchedule`,
      });
      expect((await env.client.schedule.getHandle('maintenance-scrape').describe()).state.note).toBe(
        'unaudited',
      );
      expect(await platform.db('schedule_changes').where({ request_id: requestId })).toEqual([]);
    } finally {
      await blocker.terminate('test over');
    }
  });

  test('the API principal cannot write schedule_changes itself', async () => {
    expect(
      await refusal(
        readerDb('schedule_changes').insert({
          schedule_id: 'x',
          operation: 'pause',
          subject: 'mallory',
          at: new Date().toISOString(),
          before_state: '{}',
          after_state: '{}',
          request_id: 'r',
          workflow_id: 'w',
          run_id: 'r',
        }),
      ),
    ).toMatch(/readonly/i);
  });
});
