import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { applyAlertLifecycle, type LifecycleOptions } from '../../activities/alerts/store';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { createReaderDb } from '../../lib/db';
import { alertStatusChangeWorkflowId } from '../../lib/domain/alert-status-change';
import { FailureType } from '../../lib/domain/failure-types';
import { at, result } from '../helpers/alert-results';
import { devToken } from '../helpers/dev-token';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { startDevServer } from '../helpers/temporal';

/**
 * Alerts through the API on the real stack: the Temporal dev server with both workers, SQLite
 * gold written by the store's own lifecycle, the API reading it with the read-only principal over
 * HTTP, tokens from the local issuer. Listing and filters, one alert with its transitions, an
 * Admin's acknowledge and resolve applied by the changeAlertStatus workflow (alert, transition and
 * audit row), a Reader refused, an illegal transition refused, and GET /alerts beside GraphQL.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Gql = { status: number; body: { data?: Record<string, Json>; errors?: Json[] } };

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let readerDb: ReturnType<typeof createReaderDb>;
let api: ApiServer;
let reader: string;
let admin: string;

const ADMIN = 'ada-admin';
const evaluator = { workflowId: 'alerts-seed', runId: 'seed', workflowType: 'evaluateAlerts', attempt: 1 };
const opts = (now: string): LifecycleOptions => ({ resolveAfterClearQuarterHours: 4, now, by: 'alerts' });

async function graphql(
  query: string,
  variables: Record<string, unknown>,
  token: string,
  headers: Record<string, string> = {},
): Promise<Gql> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Gql['body'] };
}

async function rest(path: string, token?: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${api.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: await res.json() };
}

function expectError(res: Gql, status: number, code: string, message?: RegExp) {
  expect([res.status, res.body.errors?.[0]?.extensions?.code]).toEqual([status, code]);
  if (message) expect(res.body.errors?.[0]?.message).toMatch(message);
}

const FIELDS = `id kind regionCode status severity episodeStart lastSeenAt episodeEnd evidence
  openedAt openedBy acknowledgedAt acknowledgedBy resolvedAt resolvedBy notes
  transitions { from to at by note }`;
const LIST = `query($status: AlertStatus, $kind: AlertKind, $regionCode: String, $from: DateTime,
  $to: DateTime, $first: Int, $after: String) {
  alerts(status: $status, kind: $kind, regionCode: $regionCode, from: $from, to: $to, first: $first,
    after: $after) { nodes { id status } pageInfo { hasNextPage endCursor } } }`;
const ONE = `query($id: Int!) { alert(id: $id) { ${FIELDS} } }`;
const ACK = `mutation($id: Int!, $note: String) { acknowledgeAlert(id: $id, note: $note) { ${FIELDS} } }`;
const RESOLVE = `mutation($id: Int!, $note: String) { resolveAlert(id: $id, note: $note) { ${FIELDS} } }`;

const ids = async (variables: Record<string, unknown>) => {
  const res = await graphql(LIST, variables, reader);
  expect(res.body.errors).toBeUndefined();
  return (res.body.data!.alerts.nodes as { id: number }[]).map((n) => n.id);
};

/** What an alert looks like in the tables: its row, transitions and audit rows. */
async function stored(id: number) {
  return {
    alert: await platform.db('alerts').where({ id }).first(),
    transitions: await platform.db('alert_transitions').where({ alert_id: id }).orderBy('id'),
    audit: (await platform.db('ingestion_audit').where({ source: 'alerts' }).orderBy('id')).filter(
      (r) => JSON.parse(r.details).alertId === id,
    ),
  };
}

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env);
  // Seeded through the store's lifecycle, one evaluation each, so ids follow this order:
  // 1 over-production in 52, open; 2 national negative-price risk, resolved by the evaluator;
  // 3 over-production in 75 two days later, updated to medium; 4 negative-price risk in 75, open.
  const seed = (r: ReturnType<typeof result>, now: string) =>
    applyAlertLifecycle(platform.db, evaluator, [r], opts(now));
  await seed(result(0, 8, [4, 5, 6, 7]), at(8));
  await seed(result(0, 16, [8, 9, 10, 11], 'low', null, 'NEGATIVE_PRICE_RISK'), at(16));
  await seed(result(190, 204, [200, 201, 202, 203], 'low', '75'), at(204));
  await seed(result(190, 206, [200, 201, 202, 203, 204, 205], 'medium', '75'), at(206));
  await seed(result(290, 304, [300, 301, 302, 303], 'high', '75', 'NEGATIVE_PRICE_RISK'), at(304));
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(platform.config, readerDb, { port: 0, temporal: env.client });
  reader = await devToken(api, 'reader', 'rita-reader');
  admin = await devToken(api, 'admin', ADMIN);
});

afterAll(async () => {
  await api?.close();
  await readerDb?.destroy();
  await platform?.stop();
  await env?.teardown();
});

describe('alerts and alert(id)', () => {
  test('newest opened first, filtered by status, kind and region', async () => {
    expect(await ids({})).toEqual([4, 3, 2, 1]);
    expect(await ids({ status: 'OPEN' })).toEqual([4, 3, 1]);
    expect(await ids({ status: 'RESOLVED' })).toEqual([2]);
    expect(await ids({ kind: 'NEGATIVE_PRICE_RISK' })).toEqual([4, 2]);
    expect(await ids({ regionCode: '75' })).toEqual([4, 3]);
    expect(await ids({ regionCode: '75', kind: 'OVER_PRODUCTION', status: 'OPEN' })).toEqual([3]);
  });

  test('from/to select on episode overlap, the last quarter-hour included', async () => {
    // Alert 1 holds from quarter-hour 4 to 7 included, alert 2 from 8 to 11.
    expect(await ids({ from: at(0), to: at(8) })).toEqual([1]);
    expect(await ids({ from: at(7), to: at(9) })).toEqual([2, 1]);
    expect(await ids({ from: at(8), to: at(12) })).toEqual([2]);
    expect(await ids({ from: at(100) })).toEqual([4, 3]);
    expect(await ids({ to: at(4) })).toEqual([]);
  });

  test('pages follow the cursor', async () => {
    const first = await graphql(LIST, { first: 3 }, reader);
    const page1 = first.body.data!.alerts;
    expect(page1.nodes.map((n: Json) => n.id)).toEqual([4, 3, 2]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const next = await graphql(LIST, { first: 3, after: page1.pageInfo.endCursor }, reader);
    expect(next.body.data!.alerts.nodes.map((n: Json) => n.id)).toEqual([1]);
    expect(next.body.data!.alerts.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  test('bad arguments are BAD_USER_INPUT naming the problem', async () => {
    expectError(
      await graphql(LIST, { from: at(8), to: at(8) }, reader),
      400,
      'BAD_USER_INPUT',
      /from.*before.*to/,
    );
    expectError(await graphql(LIST, { first: 101 }, reader), 400, 'BAD_USER_INPUT', /first/);
    expectError(await graphql(LIST, { after: 'bm90LWEtY3Vyc29y' }, reader), 400, 'BAD_USER_INPUT', /after/);
    expectError(await graphql(LIST, { regionCode: '99' }, reader), 400, 'BAD_USER_INPUT', /regionCode/);
    expectError(await graphql(LIST, { status: 'CLOSED' }, reader), 400, 'BAD_USER_INPUT', /AlertStatus/);
  });

  test('alert(id) with its transitions; an unknown id is null', async () => {
    const res = await graphql(ONE, { id: 3 }, reader);
    expect(res.body.errors).toBeUndefined();
    const alert = res.body.data!.alert;
    expect(alert).toMatchObject({
      id: 3,
      kind: 'OVER_PRODUCTION',
      regionCode: '75',
      status: 'OPEN',
      severity: 'MEDIUM',
      episodeStart: at(200),
      lastSeenAt: at(205),
      episodeEnd: null,
      openedAt: at(204),
      openedBy: 'alerts',
      acknowledgedBy: null,
      notes: null,
    });
    expect(JSON.parse(alert.evidence)).toEqual({ lastSeen: at(205) });
    expect(alert.transitions).toEqual([
      { from: null, to: 'OPEN', at: at(204), by: 'alerts', note: 'opened: low' },
      {
        from: 'OPEN',
        to: 'OPEN',
        at: at(206),
        by: 'alerts',
        note: `severity low → medium; last seen ${at(205)}`,
      },
    ]);
    const national = (await graphql(ONE, { id: 2 }, reader)).body.data!.alert;
    expect(national).toMatchObject({
      regionCode: null,
      status: 'RESOLVED',
      resolvedBy: 'alerts',
      episodeEnd: at(11),
    });
    expect((await graphql(ONE, { id: 999 }, reader)).body).toEqual({ data: { alert: null } });
  });
});

describe('acknowledgeAlert and resolveAlert', () => {
  test('a Reader is refused (403) and nothing changes', async () => {
    const before = await stored(1);
    const res = await graphql(ACK, { id: 1, note: 'mine' }, reader);
    expectError(res, 403, 'FORBIDDEN', /Admin/);
    expect(res.body.data ?? null).toBeNull();
    expect(await stored(1)).toEqual(before);
  });

  test('an Admin acknowledges: the workers write the alert, its transition and its audit row; the same request again changes nothing', async () => {
    const requestId = 'ack-alert-1';
    const res = await graphql(ACK, { id: 1, note: 'on it' }, admin, { 'x-request-id': requestId });
    expect(res.body.errors).toBeUndefined();
    const alert = res.body.data!.acknowledgeAlert;
    expect(alert).toMatchObject({ id: 1, status: 'ACKNOWLEDGED', acknowledgedBy: ADMIN, resolvedAt: null });
    expect(alert.notes).toMatch(new RegExp(`^\\S+Z ${ADMIN} acknowledge: on it$`));
    expect(alert.transitions.at(-1)).toEqual({
      from: 'OPEN',
      to: 'ACKNOWLEDGED',
      at: alert.acknowledgedAt,
      by: ADMIN,
      note: 'on it',
    });
    const workflowId = alertStatusChangeWorkflowId({ alertId: 1, action: 'acknowledge', requestId });
    const { audit } = await stored(1);
    expect(audit.at(-1)).toMatchObject({
      step: 'alert-acknowledge',
      source: 'alerts',
      status: 'event',
      workflow_id: workflowId,
      workflow_type: 'changeAlertStatus',
    });
    expect(JSON.parse(audit.at(-1).details)).toMatchObject({
      by: ADMIN,
      byName: ADMIN,
      note: 'on it',
      to: 'acknowledged',
    });

    // A client retrying the same request (same x-request-id) gets the same answer, once applied.
    const again = await graphql(ACK, { id: 1, note: 'on it' }, admin, { 'x-request-id': requestId });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data!.acknowledgeAlert).toEqual(alert);
    const after = await stored(1);
    expect(after.transitions.filter((t) => t.to_status === 'acknowledged')).toHaveLength(1);
    expect(after.audit.filter((r) => r.step === 'alert-acknowledge')).toHaveLength(1);
  });

  test('then resolves: resolved by the admin, the episode ends at its last sighting', async () => {
    const res = await graphql(RESOLVE, { id: 1, note: 'curtailment ordered' }, admin);
    expect(res.body.errors).toBeUndefined();
    const alert = res.body.data!.resolveAlert;
    expect(alert).toMatchObject({
      status: 'RESOLVED',
      resolvedBy: ADMIN,
      acknowledgedBy: ADMIN,
      episodeEnd: at(7),
    });
    expect(alert.notes.split('\n')).toHaveLength(2);
    expect(alert.transitions.map((t: Json) => [t.from, t.to, t.by, t.note])).toEqual([
      [null, 'OPEN', 'alerts', 'opened: low'],
      ['OPEN', 'ACKNOWLEDGED', ADMIN, 'on it'],
      ['ACKNOWLEDGED', 'RESOLVED', ADMIN, 'curtailment ordered'],
    ]);
    const { audit } = await stored(1);
    expect(audit.map((r) => r.step)).toEqual(['alert-open', 'alert-acknowledge', 'alert-resolve']);
    expect(JSON.parse(audit[2].details)).toMatchObject({ by: ADMIN, from: 'acknowledged', to: 'resolved' });
  });

  test('an illegal transition is a clear 409 and changes nothing; an unknown alert is 404', async () => {
    const before = await stored(1);
    expectError(
      await graphql(ACK, { id: 1 }, admin),
      409,
      'ALERT_TRANSITION_REFUSED',
      /alert 1 is resolved: acknowledge applies only to open alerts/,
    );
    expectError(
      await graphql(RESOLVE, { id: 2 }, admin),
      409,
      'ALERT_TRANSITION_REFUSED',
      /alert 2 is resolved/,
    );
    expect(await stored(1)).toEqual(before);
    expectError(await graphql(RESOLVE, { id: 999 }, admin), 404, 'NOT_FOUND', /alert 999 does not exist/);
  });

  test('no worker to apply it: 503 AUDIT_UNAVAILABLE and nothing changes', async () => {
    // The same gold and Temporal, but the API's ingest queue is one no worker polls.
    const config = platform.config;
    const taskQueues = { ...config.temporal.declarations.taskQueues, ingest: 'nobody-polls' };
    const unpolled = await startApiServer(
      {
        ...config,
        temporal: { ...config.temporal, declarations: { ...config.temporal.declarations, taskQueues } },
      },
      readerDb,
      { port: 0, temporal: env.client },
    );
    try {
      const before = await stored(4);
      const res = await fetch(`${unpolled.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await devToken(unpolled, 'admin', ADMIN)}`,
        },
        body: JSON.stringify({ query: ACK, variables: { id: 4 } }),
      });
      expectError(
        { status: res.status, body: (await res.json()) as Gql['body'] },
        503,
        'AUDIT_UNAVAILABLE',
        /no worker polls task queue nobody-polls.*nothing was changed/,
      );
      expect(await stored(4)).toEqual(before);
    } finally {
      await unpolled.close();
    }
  });

  test('the workers refuse an illegal transition themselves, at once and without retrying', async () => {
    // The status can move between the API's check and the workflow: the activity checks again.
    const run = env.client.workflow.execute('changeAlertStatus', {
      taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
      workflowId: 'alert-acknowledge-2-direct',
      args: [{ alertId: 2, action: 'acknowledge', subject: ADMIN, requestId: 'direct' }],
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const failure = (err as WorkflowFailedError).cause?.cause;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe(FailureType.IllegalAlertTransition);
    const history = await env.client.workflow.getHandle('alert-acknowledge-2-direct').fetchHistory();
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
    const started = history.events!.find((e) => e.activityTaskStartedEventAttributes);
    expect(scheduled).toHaveLength(1);
    expect(Number(started?.activityTaskStartedEventAttributes?.attempt)).toBe(1);
  });
});

describe('GET /alerts', () => {
  test('401 without a token', async () => {
    expect((await rest('/alerts')).status).toBe(401);
  });

  test('the same alerts as GraphQL, with the same filters and paging', async () => {
    const gql = (await graphql(`{ alerts(first: 100) { nodes { ${FIELDS} } } }`, {}, reader)).body.data!
      .alerts.nodes;
    const { status, body } = await rest('/alerts', reader);
    expect(status).toBe(200);
    expect(body.next_cursor).toBeNull();
    expect(
      body.items.map((i: Json) => [
        i.id,
        i.kind,
        i.region_code,
        i.status,
        i.severity,
        i.resolved_by,
        i.episode_end,
      ]),
    ).toEqual(
      gql.map((a: Json) => [
        a.id,
        a.kind,
        a.regionCode,
        a.status.toLowerCase(),
        a.severity.toLowerCase(),
        a.resolvedBy,
        a.episodeEnd,
      ]),
    );
    expect(body.items.find((i: Json) => i.id === 3).evidence).toEqual({ lastSeen: at(205) });

    const open = await rest(`/alerts?status=open&region_code=75&kind=NEGATIVE_PRICE_RISK`, reader);
    expect(open.body.items.map((i: Json) => i.id)).toEqual([4]);
    const window = await rest(`/alerts?from=${at(7)}&to=${at(9)}`, reader);
    expect(window.body.items.map((i: Json) => i.id)).toEqual(await ids({ from: at(7), to: at(9) }));

    const page1 = await rest('/alerts?limit=3', reader);
    expect(page1.body.items.map((i: Json) => i.id)).toEqual([4, 3, 2]);
    const page2 = await rest(`/alerts?limit=3&cursor=${page1.body.next_cursor}`, reader);
    expect([page2.body.items.map((i: Json) => i.id), page2.body.next_cursor]).toEqual([[1], null]);
  });

  test('bad parameters are 400 naming them', async () => {
    for (const [query, name] of [
      ['status=closed', 'status'],
      ['kind=FLOOD', 'kind'],
      ['region_code=99', 'region_code'],
      [`from=${at(8)}&to=${at(4)}`, 'from'],
      ['limit=501', 'limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['severity=high', 'severity'],
    ]) {
      const res = await rest(`/alerts?${query}`, reader);
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'BAD_REQUEST']);
      expect(res.body.message).toContain(name);
    }
  });

  test('/openapi.json documents /alerts and its parameters', async () => {
    const { body } = await rest('/openapi.json');
    const op = body.paths['/alerts']?.get;
    expect(op.security).toEqual([{ bearerAuth: [] }]);
    expect(op.parameters.map((p: Json) => p.name).sort()).toEqual([
      'cursor',
      'from',
      'kind',
      'limit',
      'region_code',
      'status',
      'to',
    ]);
    expect(op.parameters.filter((p: Json) => p.required)).toEqual([]);
    expect(body.components.schemas.Alert.properties.evidence).toBeDefined();
  });
});
