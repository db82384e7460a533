import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '../../activities/config';
import { ConfigError } from '../../lib/config';
import { createReaderDb } from '../../lib/db';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { devToken } from '../helpers/dev-token';

/**
 * A console hosted apart from the API (a static site) calls it from another origin: the listed
 * origins are allowed, bearer tokens only; any other origin, or none configured, gets no CORS
 * header and the browser keeps the same-origin rule.
 */

const CONSOLE = 'https://console.gps.example';
let dataDir: string;
let readerDb: Knex;
let api: ApiServer;
let plain: ApiServer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-cors-'));
  const env = { NODE_ENV: 'test', GPS_DATA_DIR: dataDir };
  const config = loadConfig({ ...env, GPS_API_CORS_ORIGINS: `${CONSOLE}, http://127.0.0.1:5173` });
  readerDb = createReaderDb(config.db);
  api = await startApiServer(config, readerDb, { port: 0 });
  plain = await startApiServer(loadConfig(env), readerDb, { port: 0 });
});

afterAll(async () => {
  await api?.close();
  await plain?.close();
  await readerDb?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const preflight = (base: string, origin: string) =>
  fetch(`${base}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });

test('a listed origin passes the preflight for a bearer-token POST, without credentials', async () => {
  const res = await preflight(api.url, CONSOLE);
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe(CONSOLE);
  expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  expect(res.headers.get('access-control-allow-credentials')).toBeNull();
});

test('the actual request from a listed origin is answered with its origin; auth still applies', async () => {
  const noToken = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { origin: CONSOLE, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(noToken.status).toBe(401);
  expect(noToken.headers.get('access-control-allow-origin')).toBe(CONSOLE);

  const ok = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: {
      origin: CONSOLE,
      'content-type': 'application/json',
      authorization: `Bearer ${await devToken(api, 'reader')}`,
    },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('access-control-expose-headers')).toContain('content-disposition');
});

test('an origin not listed, or no origin configured, gets no CORS header', async () => {
  const other = await preflight(api.url, 'https://evil.example');
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
  const none = await preflight(plain.url, CONSOLE);
  expect(none.headers.get('access-control-allow-origin')).toBeNull();
});

test('an entry that is not an origin is refused at start', () => {
  for (const bad of [
    'https://console.gps.example/',
    'https://console.gps.example/app',
    'console.gps.example',
  ]) {
    expect(() => loadConfig({ GPS_DATA_DIR: dataDir, GPS_API_CORS_ORIGINS: bad })).toThrow(ConfigError);
  }
});
