import {
  HttpStatusError,
  HttpTimeoutError,
  OdreClient,
  parseRetryAfter,
  PayloadError,
} from '../../lib/http/odre-client';
import { loadFixture, startOdreReplayServer, type ReplayServer } from '../../replay/odre-replay-server';

let replay: ReplayServer;
let client: OdreClient;
const DATASET = 'eco2mix-regional-tr';

beforeAll(async () => {
  replay = await startOdreReplayServer();
  client = new OdreClient({ baseUrl: replay.baseUrl, timeoutMs: 500, apiKey: 'test-key' });
});
afterAll(() => replay.close());

test('a records page keeps the raw body and parses total_count and results', async () => {
  const page = await client.records(DATASET, {
    where: 'date_heure >= "2025-02-20T10:00:00Z"',
    orderBy: 'date_heure',
    limit: 2,
    offset: 1,
  });
  expect(page.totalCount).toBe(3);
  expect(page.results.map((r) => r.date_heure)).toEqual([
    '2025-02-20T11:45:00+00:00',
    '2025-02-20T12:30:00+00:00',
  ]);
  expect(JSON.parse(page.body)).toEqual({ total_count: 3, results: page.results });
  expect(page.params).toEqual({
    limit: '2',
    offset: '1',
    where: 'date_heure >= "2025-02-20T10:00:00Z"',
    order_by: 'date_heure',
  });
  expect(page.url).toContain('/catalog/datasets/eco2mix-regional-tr/records?');
});

test('the API key is sent as an Apikey authorization header', async () => {
  const seen: string[] = [];
  const spying = new OdreClient({
    baseUrl: replay.baseUrl,
    timeoutMs: 500,
    apiKey: 'secret-123',
    fetchImpl: (input, init) => {
      seen.push(new Headers(init?.headers).get('authorization') ?? '');
      return fetch(input, init);
    },
  });
  await spying.records(DATASET, { limit: 1, offset: 0 });
  expect(seen).toEqual(['Apikey secret-123']);
});

test('limits of the API are enforced before any request', async () => {
  const before = replay.requests.length;
  await expect(client.records(DATASET, { limit: 101, offset: 0 })).rejects.toThrow(RangeError);
  await expect(client.records(DATASET, { limit: 100, offset: 9_901 })).rejects.toThrow(/10000/);
  expect(replay.requests.length).toBe(before);
});

test('429 carries Retry-After; 5xx is retryable; 404 is permanent', async () => {
  replay.injectFaults(
    { kind: 'status', status: 429, retryAfterSeconds: 7 },
    { kind: 'status', status: 503 },
    { kind: 'status', status: 404 },
  );
  const tooMany = await client.records(DATASET, { limit: 1, offset: 0 }).catch((e) => e);
  expect(tooMany).toBeInstanceOf(HttpStatusError);
  expect([tooMany.status, tooMany.retryAfterMs, tooMany.retryable]).toEqual([429, 7000, true]);
  const unavailable = await client.records(DATASET, { limit: 1, offset: 0 }).catch((e) => e);
  expect([unavailable.status, unavailable.retryable]).toEqual([503, true]);
  const missing = await client.records(DATASET, { limit: 1, offset: 0 }).catch((e) => e);
  expect([missing.status, missing.retryable]).toEqual([404, false]);
});

test('a truncated body is a malformed payload; a changed shape is a schema violation', async () => {
  replay.injectFaults({ kind: 'truncate' });
  const truncated = await client.records(DATASET, { limit: 5, offset: 0 }).catch((e) => e);
  expect(truncated).toBeInstanceOf(PayloadError);
  expect(truncated.kind).toBe('malformed');
  expect(truncated.body.length).toBeGreaterThan(0);

  replay.injectFaults({
    kind: 'status',
    status: 200,
    body: JSON.stringify({ total: 5, records: loadFixture(DATASET) }),
  });
  const drifted = await client.records(DATASET, { limit: 5, offset: 0 }).catch((e) => e);
  expect(drifted).toBeInstanceOf(PayloadError);
  expect(drifted.kind).toBe('schema');
  expect(drifted.message).toMatch(/total_count.*results/);
});

test('no complete answer within the timeout is an HttpTimeoutError', async () => {
  replay.injectFaults({ kind: 'delay', ms: 1_500 });
  await expect(client.records(DATASET, { limit: 1, offset: 0 })).rejects.toBeInstanceOf(HttpTimeoutError);
});

test('Retry-After accepts seconds and HTTP dates', () => {
  expect(parseRetryAfter('3')).toBe(3000);
  expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(
    10_000,
  );
  expect(parseRetryAfter('soon')).toBeUndefined();
  expect(parseRetryAfter(null)).toBeUndefined();
});
