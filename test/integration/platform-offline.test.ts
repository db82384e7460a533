import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../activities/config';
import { liveSourceUnreachable } from '../../workers/live-source-check';
import { freePort } from '../helpers/free-port';

/**
 * `npm start` in live mode on a machine with no route to the eCO2mix API: one line that says so
 * and names `npm run start:replay`, before anything is started, instead of a stack trace per retry.
 */

const run = promisify(execFile);
const tsx = path.join(__dirname, '../../node_modules/.bin/tsx');
const platform = path.join(__dirname, '../../workers/platform.ts');

const liveConfig = (baseUrl: string) =>
  loadConfig({ NODE_ENV: 'test', GPS_DATA_DIR: os.tmpdir(), GPS_ODRE_BASE_URL: baseUrl });

test('npm start with the live API unreachable: one line naming it and start:replay, exit 3, nothing started', async () => {
  const port = await freePort(); // nothing listens there: connection refused, as without a network
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-offline-'));
  try {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GPS_DATA_DIR: dataDir,
      GPS_ODRE_BASE_URL: `http://127.0.0.1:${port}/api/explore/v2.1`,
    };
    const outcome = await run(tsx, [platform], { env, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code?: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(outcome.code).toBe(3);
    expect(outcome.stderr.trim().split('\n')).toEqual([
      `live mode: cannot reach http://127.0.0.1:${port} (ECONNREFUSED); without internet, run npm run start:replay to serve the bundled recorded data`,
    ]);
    expect(readdirSync(dataDir)).toEqual([]); // no Temporal dev server, no database
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('any HTTP answer, an error status included, counts as reachable', async () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(503);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    expect(await liveSourceUnreachable(liveConfig(`http://127.0.0.1:${port}/api`))).toBeUndefined();
  } finally {
    server.close();
  }
});

test('a host that never answers is reported after the timeout', async () => {
  const server = http.createServer(() => undefined); // accepts, never responds
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    expect(await liveSourceUnreachable(liveConfig(`http://127.0.0.1:${port}/api`), 300)).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:\d+ \(no answer in 300 ms\)/,
    );
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
