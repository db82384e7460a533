import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../activities/config';
import { prepareGoldDatabase } from '../../db/prepare';
import { REST_ROUTES } from '../../graphql/rest/routes';
import { createWriterDb } from '../../lib/db';
import { devToken } from '../helpers/dev-token';
import { freePort } from '../helpers/free-port';
import { scrape, valueOf } from '../helpers/metrics';
import { until } from '../helpers/until';

/**
 * GPS_API_PROCESSES=2, as deployed (`workers/api.ts`, real processes, real HTTP): two API
 * processes answer on one port with one local issuer's tokens, `/metrics` adds their counts up,
 * each killed process is replaced by one that answers, and SIGTERM stops them all.
 */

jest.setTimeout(180_000);

const regional = REST_ROUTES.find((r) => r.path === '/production/regional')!;
const ROOT = path.resolve(__dirname, '../..');

let dir: string;
let primary: ChildProcess;
let apiUrl: string;
let metricsUrl: string;
const logLines: string[] = [];

/** Live API processes started by `pid`, from /proc (Linux); tsx's esbuild service is left out. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        // Fields after the command name, which is in parentheses and may hold spaces.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(ppid) !== pid || state === 'Z') return [];
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('api-worker') ? [Number(entry)] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** The primary logged the process's exit: from then on it hands it no more connections. */
const exitLogged = (pid: number) =>
  logLines.some((line) => line.includes('"API process exited') && line.includes(`"pid":${pid},`));

const listeningPids = () =>
  logLines.flatMap((line) => {
    const entry = JSON.parse(line) as { msg?: string; pid?: number };
    return entry.msg === 'API process listening' && entry.pid ? [entry.pid] : [];
  });

/** One GET on a connection of its own, so the primary hands it to the next process in turn. */
function getStatus(pathAndQuery: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        `${apiUrl}${pathAndQuery}`,
        { agent: false, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      )
      .on('error', reject)
      .setTimeout(10_000, function (this: http.ClientRequest) {
        this.destroy(new Error(`no answer to GET ${pathAndQuery} in 10 s`));
      });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-api-processes-'));
  const env = { NODE_ENV: 'test', GPS_DATA_DIR: dir };
  const config = loadConfig(env);
  const writer = createWriterDb(config.db);
  await prepareGoldDatabase(writer, config.db);
  await writer.destroy();
  const [apiPort, metricsPort] = [await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  primary = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/api.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      GPS_API_PORT: String(apiPort),
      GPS_METRICS_PORT: String(metricsPort),
      GPS_API_PROCESSES: '2',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  primary.stdout!.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop()!;
    logLines.push(...lines.filter((l) => l.startsWith('{')));
  });
  await until(
    () => logLines.some((l) => l.includes('"metrics listening"')),
    'the API processes to listen',
    90_000,
  );
});

afterAll(async () => {
  if (primary && primary.exitCode === null) primary.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('two processes share the port, /metrics adds them up, a killed one is replaced, SIGTERM stops all', async () => {
  const [first, second] = listeningPids();
  expect(childrenOf(primary.pid!).sort()).toEqual([first, second].sort());

  const token = await devToken({ url: apiUrl }, 'reader');
  const url = `${regional.path}?${regional.exampleQuery}`;
  for (let i = 0; i < 4; i++) expect(await getStatus(url, token)).toBe(200);
  const samples = await scrape(metricsUrl);
  expect(
    valueOf(samples, 'http_request_duration_seconds_count', {
      method: 'GET',
      route: '/production/regional',
      status: '200',
    }),
  ).toBe(4);

  // With the first process dead, the second answers alone (the token holds there too).
  process.kill(first!, 'SIGKILL');
  await until(() => exitLogged(first!), 'the primary to see the killed process exit');
  for (let i = 0; i < 2; i++) expect(await getStatus(url, token)).toBe(200);

  await until(() => listeningPids().length === 3, 'a replacement to listen', 90_000);
  const replacement = listeningPids()[2]!;
  expect(childrenOf(primary.pid!).sort()).toEqual([second, replacement].sort());

  // With the second dead too, only the replacement is left to answer.
  process.kill(second!, 'SIGKILL');
  await until(() => exitLogged(second!), 'the primary to see the second killed process exit');
  for (let i = 0; i < 2; i++) expect(await getStatus(url, token)).toBe(200);

  const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
  primary.kill('SIGTERM');
  expect(await exited).toBe(0);
  await until(() => [second!, replacement].every((pid) => !existsProcess(pid)), 'every API process to stop');
});

function existsProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
