import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '../helpers/free-port';
import { namespaceOf, startDevServer } from '../helpers/temporal';

/**
 * The Dockerfile's install, reproduced without Docker (no engine runs on these machines, so the
 * image build itself is untested): `npm run build:server`, `npm pack` (package.json "files" is
 * what ships), `npm ci --omit=dev --workspaces=false` on the unpacked tarball, then each entry
 * point started with plain `node` from there. A runtime import left in devDependencies, a file
 * missing from "files" or a path that only resolves from the sources fails here.
 *
 * `npm ci` takes 1.5 to 3.5 minutes on these shared cores (better-sqlite3 compiles: no route to
 * its prebuilt binaries), so the installed tree is kept per package.json + lock + Node version
 * and reused while they are unchanged: any change to the dependencies, such as moving one between
 * dependencies and devDependencies, installs afresh. GPS_IMAGE_TEST_FRESH=1 forces it.
 */

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
// npm ci downloads through the user's npm cache and compiles better-sqlite3: 2 to 3.5 minutes
// on an idle 2-core machine, over 6 when other test files share the cores.
const INSTALL_TIMEOUT_MS = 600_000;
const INSTALL_CACHE = path.join(os.tmpdir(), 'gps-image-install');

let scratch: string;
let app: string;
let env: TestWorkflowEnvironment;
const children: ChildProcess[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'gps-image-'));
  app = path.join(scratch, 'app');
  mkdirSync(app);
  const headers = (
    await run(process.execPath, [path.join(ROOT, 'scripts', 'node-headers.js')])
  ).stdout.trim();
  const npm = (args: string[], cwd: string) =>
    run('npm', args, { cwd, env: npmEnv(headers), maxBuffer: 64 * 1024 * 1024, timeout: INSTALL_TIMEOUT_MS });
  await npm(['run', 'build:server'], ROOT);
  await npm(['pack', '--ignore-scripts', '--pack-destination', scratch], ROOT);
  const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  await run('tar', ['-xzf', path.join(scratch, tarball!), '-C', app, '--strip-components=1']);
  await run('cp', [path.join(ROOT, 'package-lock.json'), app]);
  const installed = installCache();
  if (process.env.GPS_IMAGE_TEST_FRESH === '1' || !existsSync(installed)) {
    await npm(['ci', '--omit=dev', '--workspaces=false', '--no-audit', '--no-fund'], app);
    rmSync(INSTALL_CACHE, { recursive: true, force: true }); // older keys: 600 MB each
    mkdirSync(path.dirname(installed), { recursive: true });
    renameSync(path.join(app, 'node_modules'), installed);
  }
  symlinkSync(installed, path.join(app, 'node_modules'));
  env = await startDevServer();
}, INSTALL_TIMEOUT_MS + 240_000); // + the server build, the pack and the dev server

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await env?.teardown();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Where the production install for this package.json, lock and Node version is kept. */
function installCache(): string {
  const key = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) key.update(readFileSync(path.join(ROOT, file)));
  key.update(`${process.version} ${process.platform} ${process.arch}`);
  return path.join(INSTALL_CACHE, key.digest('hex').slice(0, 16), 'node_modules');
}

/**
 * The parent's npm settings (a Jest run under `npm test` inherits npm_config_*) stay out, but
 * better-sqlite3 compiles against this Node's own headers where it has them, as in
 * scripts/setup.sh: npm's configured nodedir may name another Node's (/usr, Node 20, here).
 */
function npmEnv(nodeHeaders: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return nodeHeaders ? { ...env, npm_config_nodedir: nodeHeaders } : env;
}

/** A production environment that is valid but reaches only loopback: no internet, no Azure. */
async function productionEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const tmp = mkdtempSync(path.join(scratch, 'run-'));
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: tmp,
    NODE_ENV: 'production',
    GPS_DATA_DIR: path.join(tmp, 'data'),
    GPS_TEMPORAL_EMBEDDED: 'false',
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: namespaceOf(env),
    GPS_RTE_MODE: 'replay',
    GPS_AUTH_MODE: 'azure',
    AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000000',
    AZURE_API_AUDIENCE: 'api://grid-power-stream-image-test',
    GPS_API_PORT: String(await freePort()),
    GPS_REPLAY_PORT: String(await freePort()),
    GPS_MAINTENANCE_REPLAY_PORT: String(await freePort()),
    GPS_OBJECT_STORE_REPLAY_PORT: String(await freePort()),
    GPS_ENTSOE_REPLAY_PORT: String(await freePort()),
    ...extra,
  };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, ms?: number) => Promise<void>;
  exit: Promise<number | null>;
}

/** `node dist/workers/<entry>.js` from the installed copy, as the image's CMD runs it. */
function start(entry: string, args: string[], childEnv: NodeJS.ProcessEnv): Started {
  const child = spawn('node', [path.join('dist', 'workers', `${entry}.js`), ...args], {
    cwd: app,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(text)) {
      if (child.exitCode !== null)
        throw new Error(`${entry} exited ${child.exitCode} before ${pattern}:\n${text}`);
      if (Date.now() > deadline) throw new Error(`${entry}: no ${pattern} within ${ms} ms:\n${text}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  return { child, output: () => text, waitFor, exit };
}

async function finish(started: Started): Promise<{ code: number | null; output: string }> {
  return { code: await started.exit, output: started.output() };
}

test('the install holds production dependencies only, the prebuilt workflow bundle and no console sources', () => {
  const modules = path.join(app, 'node_modules');
  expect(existsSync(path.join(modules, 'puppeteer-core'))).toBe(true);
  expect(existsSync(path.join(modules, 'jest'))).toBe(false);
  expect(existsSync(path.join(modules, 'react'))).toBe(false);
  expect(existsSync(path.join(app, 'dist', 'workflow-bundle.js'))).toBe(true);
  expect(existsSync(path.join(app, 'dist', 'workflow-bundle-traced.js'))).toBe(true);
  expect(existsSync(path.join(app, 'ui', 'src'))).toBe(false);
  expect(existsSync(path.join(app, 'test'))).toBe(false);
});

// Every module an entry point imports statically is loaded before its configuration is read:
// a configuration error naming the variable proves both.
test.each([
  ['worker', []],
  ['api', []],
  ['apply-schedules', []],
  ['start-backfill', ['2026-01-01', '2026-01-02']],
  ['platform', []],
  ['alerts-backtest', ['2026-01-01', '2026-01-02']],
  ['restrict-gold', []],
])('%s loads and reads its configuration', async (entry, args) => {
  const { code, output } = await finish(start(entry, args, await productionEnv({ GPS_DB_CLIENT: 'oracle' })));
  expect(output).toMatch(/^configuration error: invalid environment:\n\s+GPS_DB_CLIENT: /);
  expect(code).toBe(2);
});

test('the API serves /livez and the image health check says so', async () => {
  const childEnv = await productionEnv();
  const api = start('api', [], childEnv);
  await api.waitFor(/API listening/);
  const check = await finish(start('healthcheck', ['api'], childEnv));
  expect(check).toEqual({ code: 0, output: '' });
  api.child.kill('SIGTERM');
  expect(await api.exit).toBe(0);
});

test('the worker runs migrations, opens both task queues from the prebuilt bundle and keeps its liveness file', async () => {
  const childEnv = await productionEnv();
  const worker = start('worker', [], childEnv);
  await worker.waitFor(/workers running/, 90_000);
  // The SDK logs this when it runs webpack at start: the compiled worker must not need to.
  expect(worker.output()).not.toMatch(/Workflow bundle created/);
  expect(await finish(start('healthcheck', ['worker'], childEnv))).toEqual({ code: 0, output: '' });
  worker.child.kill('SIGTERM');
  expect(await worker.exit).toBe(0);
});

test('schedules apply reconciles temporal.yaml into the server, then the backfill CLI starts its workflow', async () => {
  const childEnv = await productionEnv();
  const apply = await finish(start('apply-schedules', [], childEnv));
  expect(apply.output).toMatch(/^search attributes: /m);
  expect(apply.output).toMatch(/^[a-z0-9-]+: created$/m);
  expect(apply.code).toBe(0);
  // No worker polls this namespace: the CLI starts the workflow, prints its link and waits.
  const backfill = start('start-backfill', ['2026-01-01', '2026-01-03'], childEnv);
  await backfill.waitFor(/^backfill backfill-rte-regional-2026-01-01-2026-01-03: http/m);
  backfill.child.kill('SIGKILL');
  await env.client.workflow.getHandle('backfill-rte-regional-2026-01-01-2026-01-03').terminate('test over');
});

test('replay mode starts the stand-ins, which the sources import lazily', async () => {
  const platform = start('platform', [], await productionEnv());
  // Logged after every stand-in started and before the workers would run anything.
  await platform.waitFor(/ODRE API key/, 90_000);
  expect(platform.output().match(/replay mode: stand-in started/g)?.length).toBeGreaterThanOrEqual(4);
  platform.child.kill('SIGKILL');
});
