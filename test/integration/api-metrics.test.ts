import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '../../activities/config';
import { prepareGoldDatabase } from '../../db/prepare';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { REST_ROUTES } from '../../graphql/rest/routes';
import { createReaderDb, createWriterDb } from '../../lib/db';
import { processMetrics } from '../../lib/metrics/registry';
import { startMetricsServer, type MetricsServer } from '../../lib/metrics/server';
import { devToken } from '../helpers/dev-token';
import { scrape, valueOf } from '../helpers/metrics';

/**
 * The API's metrics as Prometheus scrapes them, on their own listener: latency by route template
 * and status, errors by code and authentication failures by reason.
 */

const regional = REST_ROUTES.find((r) => r.path === '/production/regional')!;

let dir: string;
let writer: Knex;
let reader: Knex;
let api: ApiServer;
let metrics: MetricsServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-api-metrics-'));
  const config = loadConfig({ NODE_ENV: 'test', GPS_DATA_DIR: dir });
  writer = createWriterDb(config.db);
  await prepareGoldDatabase(writer, config.db);
  reader = createReaderDb(config.db);
  api = await startApiServer(config, reader, { port: 0 });
  metrics = await startMetricsServer(processMetrics().registry, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await metrics?.close();
  await api?.close();
  await reader?.destroy();
  await writer?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function get(pathAndQuery: string, authorization?: string): Promise<number> {
  return fetch(`${api.url}${pathAndQuery}`, { headers: authorization ? { authorization } : {} }).then(
    (res) => res.status,
  );
}

test('after requests, /metrics shows latency by route template and status, errors and auth failures', async () => {
  const token = await devToken(api, 'reader');
  const url = `${regional.path}?${regional.exampleQuery}`;
  expect(await get(url, `Bearer ${token}`)).toBe(200);
  expect(await get(url, `Bearer ${token}`)).toBe(200);
  expect(await get(url, 'Bearer not-a-token')).toBe(401);
  expect(await get(url)).toBe(401);
  expect(await get('/no/such/route/12345')).toBe(404);

  const samples = await scrape(metrics.url);
  const count = (route: string, status: string) =>
    valueOf(samples, 'http_request_duration_seconds_count', { method: 'GET', route, status });
  expect(count('/production/regional', '200')).toBe(2);
  expect(count('/production/regional', '401')).toBe(2);
  expect(count('(unmatched)', '404')).toBe(1);
  expect(
    valueOf(samples, 'http_request_duration_seconds_bucket', {
      route: '/production/regional',
      status: '200',
      le: '+Inf',
    }),
  ).toBe(2);
  // Raw paths and query strings never become label values: the series stay bounded.
  expect(samples.some((s) => Object.values(s.labels).some((v) => /12345|region_code/.test(v)))).toBe(false);

  expect(valueOf(samples, 'api_auth_failures_total', { reason: 'invalid-token' })).toBe(1);
  expect(valueOf(samples, 'api_auth_failures_total', { reason: 'missing-token' })).toBe(1);
  expect(valueOf(samples, 'api_errors_total', { code: 'UNAUTHENTICATED' })).toBe(2);
  expect(valueOf(samples, 'api_errors_total', { code: 'NOT_FOUND' })).toBe(1);
  // Node's process metrics come with the registry.
  expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
});

test('the metrics listener answers GET /metrics only, and the API port has no /metrics', async () => {
  expect((await fetch(metrics.url.replace('/metrics', '/graphql'))).status).toBe(404);
  expect((await fetch(metrics.url, { method: 'POST' })).status).toBe(404);
  expect(await get('/metrics')).toBe(404);
});
