import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ApolloServer } from '@apollo/server';
import type { Knex } from 'knex';
import type { ApiContext } from '../graphql/context';
import * as gold from '../graphql/gold-queries';
import { resolvers } from '../graphql/resolvers';
import { parseQuery, productionQuery } from '../graphql/rest/params';
import { regionalSeriesPage, seriesSelection } from '../graphql/rest/regional-series';
import { REST_ROUTES } from '../graphql/rest/routes';
import { typeDefs } from '../graphql/schema';
import { startApiServer } from '../graphql/server';
import { loadConfig } from '../activities/config';
import { createReaderDb } from '../lib/db';
import { REGIONS } from '../lib/domain/regions';
import { mulberry32 } from '../replay/seeded-random';
import { runLoad, type LoadRequest, type LoadResult, type LoadSpec } from './api-load-client';
import { startApiProcesses, treeCpuSeconds } from './api-processes';
import { pgGold, sqliteGold, type CachedGold } from './gold-cache';
import { machineLine, percentile } from './machine';
import { SYNTHETIC_START } from './synthetic-gold';

/**
 * The API under load on Gold with >= 10 million SYNTHETIC energy-flow rows (issue 9, Benchmark).
 *
 * Usage: npm run bench:api -- [years=2.65] [sqlite|pg|both] [seconds=30] [connections=50]
 *          [--loadgen=child|inproc] [--scenarios=abc] [--profile] [--fresh]
 *          [--bare-iterations=200] [--bare-seconds=15] [--processes=1,2 [--rounds=1]]
 * (the npm script sets NODE_ENV=production and MALLOC_ARENA_MAX=1 for the process, as the
 * Dockerfile does; 2.65 years is the least that gives 10 million energy-flow rows: 12 regions x
 * 9 sources x 96 quarter-hours x 967 days).
 *
 * Gold is built once through the real Bronze -> Silver -> Gold functions and cached under
 * $TMPDIR/gps-bench-api/ (bench/gold-cache.ts); the build time is printed apart. The API
 * (graphql/server.ts, real auth with a local reader token, rate limits raised out of the way)
 * runs in this process on the read-only reader connection; autocannon runs in a child process
 * by default (--loadgen=inproc runs it on the API's event loop instead).
 *
 * Scenarios, each with requests that vary region and window so they are not one cached row set:
 *   a. REST  GET /production/regional, one region x 7 days at 15 min (672 items)
 *   b. GraphQL regionalProduction + regionalBalance for the same windows (6 048 + 672 nodes)
 *   c. REST  GET /production/regional, all regions x one year at day granularity (~4 380 items)
 * For each: autocannon p50/p99/requests/s/errors under load, and, right before and right after
 * it with the API idle, sequential iterations of
 *   - the bare SQL: the statements the route runs, captured from the route's own query code
 *     with knex's `query` event and replayed with knex.raw on the same reader connection (in the
 *     same concurrency: the page and its count together, then the production by source), with
 *     each statement's time and rows,
 *   - the query functions the route calls (SQL + rows to objects: regionalSeriesPage for REST,
 *     gold.regionalProduction + gold.regionalBalance for GraphQL),
 *   - the route in process, without HTTP (REST: the route's handler with a stub response whose
 *     json() is JSON.stringify; GraphQL: executeOperation on an Apollo server with the same type
 *     definitions and resolvers and Apollo's default plugins, + JSON.stringify), and
 *   - one HTTP request over loopback on one connection.
 * --profile records a CPU profile of the API process during each load (written beside the cache)
 * and prints its self time by package and by function; it slows the API, so its figures are not
 * the benchmark's.
 * CPU during the load: the API process (and its event loop's utilisation and delay), the load
 * generator, the PostgreSQL server, and the rest of the machine (other work on it).
 *
 * --processes=1,2 loads the API as deployed instead: `workers/api.ts` in its own process with
 * GPS_API_PROCESSES set to each count in turn (1: it serves; more: node:cluster), started afresh
 * for each load (an empty response cache), warmed for 2 s on other windows, then loaded; the
 * counts alternate in order over --rounds. The idle measurements stay in this process.
 */

type Dialect = 'sqlite' | 'pg';
type ScenarioId = 'a' | 'b' | 'c' | 'd';

interface Options {
  days: number;
  dialects: Dialect[];
  seconds: number;
  connections: number;
  loadgen: 'child' | 'inproc';
  scenarios: ScenarioId[];
  profile: boolean;
  fresh: boolean;
  bareIterations: number;
  bareSeconds: number;
  /** API process counts to load in turn (workers/api.ts); empty: the API in this process. */
  processes: number[];
  rounds: number;
}

function parseArgs(argv: string[]): Options {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      const [k, v] = arg.slice(2).split('=', 2);
      flags.set(k!, v ?? 'true');
    } else positional.push(arg);
  }
  const years = Number(positional[0] ?? 2.65);
  const which = positional[1] ?? 'both';
  if (!['sqlite', 'pg', 'both'].includes(which)) throw new Error(`dialect ${which}: sqlite, pg or both`);
  const loadgen = flags.get('loadgen') ?? 'child';
  if (loadgen !== 'child' && loadgen !== 'inproc') throw new Error('--loadgen=child|inproc');
  return {
    days: Math.round(years * 365),
    dialects: which === 'both' ? ['sqlite', 'pg'] : [which as Dialect],
    seconds: Number(positional[2] ?? 30),
    connections: Number(positional[3] ?? 50),
    loadgen,
    scenarios: [...(flags.get('scenarios') ?? 'abcd')].filter((s): s is ScenarioId => 'abcd'.includes(s)),
    profile: flags.has('profile'),
    fresh: flags.has('fresh'),
    bareIterations: Number(flags.get('bare-iterations') ?? 200),
    bareSeconds: Number(flags.get('bare-seconds') ?? 15),
    processes: flags.has('processes') ? flags.get('processes')!.split(',').map(Number) : [],
    rounds: Number(flags.get('rounds') ?? 1),
  };
}

const FEED_REGIONS = REGIONS.filter((r) => r.inRegionalFeed).map((r) => r.code);
const DAY_MS = 86_400_000;

function shuffled<T>(items: T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const GRAPHQL_WEEK = `query Week($regionCode: String!, $from: DateTime!, $to: DateTime!) {
  regionalProduction(regionCode: $regionCode, from: $from, to: $to, first: 7000) {
    nodes { timestamp sourceCode mw }
  }
  regionalBalance(regionCode: $regionCode, from: $from, to: $to, first: 700) {
    nodes { timestamp consumptionMw productionMw netExchangeMw carbonIntensity renewableSharePct lowCarbonSharePct }
  }
}`;

interface Variant {
  label: string;
  request: LoadRequest;
  /** REST: the query string as express parses it; GraphQL: the variables. */
  query: Record<string, string>;
}

interface Scenario {
  id: ScenarioId;
  title: string;
  graphql: boolean;
  variants: Variant[];
  /** Statement groups of one request: statements of a group run together, groups one after another. */
  groups: number[][];
  /** Items (REST) or nodes (GraphQL) in an answer, and whether it is complete. */
  count(body: unknown): { items: number; complete: boolean };
}

function scenarios(days: number, ids: ScenarioId[]): Scenario[] {
  const end = SYNTHETIC_START.getTime() + days * DAY_MS;
  const weeks: { from: string; to: string }[] = [];
  for (let t = SYNTHETIC_START.getTime(); t + 7 * DAY_MS <= end; t += 7 * DAY_MS) {
    weeks.push({ from: new Date(t).toISOString(), to: new Date(t + 7 * DAY_MS).toISOString() });
  }
  const regionWeeks = shuffled(
    FEED_REGIONS.flatMap((regionCode) => weeks.map((w) => ({ regionCode, ...w }))),
    9,
  );
  // Years starting on the first of each month, Paris dates (the route reads a date as Paris midnight).
  const years: { from: string; to: string }[] = [];
  for (let m = 0; ; m++) {
    const y = 2025 + Math.floor(m / 12);
    const month = String((m % 12) + 1).padStart(2, '0');
    if (Date.UTC(y + 1, m % 12, 1) > end) break;
    years.push({ from: `${y}-${month}-01`, to: `${y + 1}-${month}-01` });
  }
  const all: Scenario[] = [
    {
      id: 'a',
      title: 'REST /production/regional, 1 region x 7 days, 15 min',
      graphql: false,
      groups: [[0, 1], [2]],
      variants: regionWeeks.map((w) => {
        const query = { region_code: w.regionCode, from: w.from, to: w.to, granularity: '15min' };
        return {
          label: `${w.regionCode} ${w.from.slice(0, 10)}`,
          query,
          request: { method: 'GET', path: `/production/regional?${new URLSearchParams(query)}` },
        };
      }),
      count: (body) => {
        const b = body as { items?: unknown[]; next_cursor?: string | null };
        return { items: b.items?.length ?? 0, complete: b.next_cursor === null };
      },
    },
    {
      id: 'b',
      title: 'GraphQL regionalProduction + regionalBalance, same windows',
      graphql: true,
      groups: [[0, 1]],
      variants: regionWeeks.map((w) => {
        const query = { regionCode: w.regionCode, from: w.from, to: w.to };
        return {
          label: `${w.regionCode} ${w.from.slice(0, 10)}`,
          query,
          request: {
            method: 'POST',
            path: '/graphql',
            body: JSON.stringify({ query: GRAPHQL_WEEK, variables: query }),
          },
        };
      }),
      count: (body) => {
        const b = body as {
          errors?: unknown[];
          data?: { regionalProduction?: { nodes: unknown[] }; regionalBalance?: { nodes: unknown[] } };
        };
        const items =
          (b.data?.regionalProduction?.nodes.length ?? 0) + (b.data?.regionalBalance?.nodes.length ?? 0);
        return { items, complete: !b.errors };
      },
    },
    {
      id: 'c',
      title: 'REST /production/regional, 12 regions x 1 year, day',
      graphql: false,
      groups: [[0, 1], [2]],
      variants: shuffled(years, 11).map((y) => {
        const query = { from: y.from, to: y.to, granularity: 'day', limit: '10000' };
        return {
          label: `all ${y.from}`,
          query,
          request: { method: 'GET', path: `/production/regional?${new URLSearchParams(query)}` },
        };
      }),
      count: (body) => {
        const b = body as { items?: unknown[]; next_cursor?: string | null };
        return { items: b.items?.length ?? 0, complete: b.next_cursor === null };
      },
    },
    {
      // What a console does: every region's latest week, asked again and again. With the API's
      // response cache these are answered from memory once built (the in-process stages above
      // still measure a miss).
      id: 'd',
      title: 'REST /production/regional, the latest week of each region (12 windows), 15 min',
      graphql: false,
      groups: [[0, 1], [2]],
      variants: FEED_REGIONS.map((regionCode) => {
        const w = weeks.at(-1)!;
        const query = { region_code: regionCode, from: w.from, to: w.to, granularity: '15min' };
        return {
          label: `${regionCode} ${w.from.slice(0, 10)}`,
          query,
          request: { method: 'GET', path: `/production/regional?${new URLSearchParams(query)}` },
        };
      }),
      count: (body) => {
        const b = body as { items?: unknown[]; next_cursor?: string | null };
        return { items: b.items?.length ?? 0, complete: b.next_cursor === null };
      },
    },
  ];
  return all.filter((s) => ids.includes(s.id));
}

// ---------------------------------------------------------------------------------------------
// The route without HTTP, and the SQL it runs.

interface InProcess {
  /** Runs the route's code for a variant; returns the JSON.stringify time and the body size. */
  run(variant: Variant): Promise<{ stringifyMs: number; bytes: number }>;
  /** Only the query functions the route calls (SQL + rows to objects): regionalSeriesPage for
   * REST, gold.regionalProduction + gold.regionalBalance for GraphQL. */
  queries(variant: Variant): Promise<unknown>;
  stop(): Promise<void>;
}

async function inProcessRoute(scenario: Scenario, ctx: ApiContext): Promise<InProcess> {
  if (!scenario.graphql) {
    const route = REST_ROUTES.find((r) => r.path === '/production/regional')!;
    return {
      run: async (variant) => {
        // The route's answer as the router builds it on a cache miss (the router parses first).
        const body = await route.answer!(ctx, parseQuery(productionQuery, variant.query));
        const t = performance.now();
        const text = JSON.stringify(body);
        return { stringifyMs: performance.now() - t, bytes: Buffer.byteLength(text) };
      },
      queries: (variant) => {
        // As the route's handler calls it.
        const q = parseQuery(productionQuery, variant.query);
        return regionalSeriesPage(ctx.db, seriesSelection(q), q, { withProduction: true });
      },
      stop: async () => {},
    };
  }
  // The endpoint's own Apollo instance is private to graphql/graphql-endpoint.ts: a second one on
  // the same type definitions and resolvers (without the HTTP integration and its plugins).
  const apollo = new ApolloServer<ApiContext>({
    typeDefs: typeDefs(),
    resolvers,
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  return {
    run: async (variant) => {
      const response = await apollo.executeOperation(
        { query: GRAPHQL_WEEK, variables: variant.query },
        { contextValue: ctx },
      );
      if (response.body.kind !== 'single') throw new Error('unexpected incremental GraphQL response');
      if (response.body.singleResult.errors)
        throw new Error(JSON.stringify(response.body.singleResult.errors));
      const t = performance.now();
      const text = JSON.stringify(response.body.singleResult);
      return { stringifyMs: performance.now() - t, bytes: Buffer.byteLength(text) };
    },
    queries: (variant) => {
      // As the resolvers call them (graphql/resolvers/regional.ts), both at once like the executor.
      const { regionCode } = variant.query as { regionCode: string };
      const range = { from: new Date(variant.query.from!), to: new Date(variant.query.to!) };
      return Promise.all([
        gold.regionalProduction(ctx.db, regionCode, range, undefined, { limit: 7000 }),
        gold.regionalBalance(ctx.db, regionCode, range, { limit: 700 }),
      ]);
    },
    stop: () => apollo.stop(),
  };
}

interface Statement {
  sql: string;
  bindings: unknown[];
}

/** The statements a run of the route sends, in order, as knex.raw can send them again. */
async function captureStatements(db: Knex, run: () => Promise<unknown>): Promise<Statement[]> {
  const captured: Statement[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    // knex hands PostgreSQL $n placeholders; knex.raw takes ? placeholders.
    const sql = q.sql.replace(/\$(\d+)/g, '?');
    captured.push({ sql, bindings: [...(q.bindings ?? [])] });
  };
  db.on('query', listener);
  try {
    await run();
  } finally {
    db.removeListener('query', listener);
  }
  return captured;
}

/**
 * Waits until the API has finished the requests the generator left in flight when it stopped
 * (the server keeps working on them): no query for `quietMs`.
 */
async function drained(db: Knex, quietMs = 1000, maxMs = 60_000): Promise<number> {
  const t0 = performance.now();
  let last = performance.now();
  const listener = () => (last = performance.now());
  db.on('query', listener);
  try {
    while (performance.now() - last < quietMs && performance.now() - t0 < maxMs) {
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    db.removeListener('query', listener);
  }
  return performance.now() - t0;
}

/** Runs one request's statements; returns each one's time from the start of its group and its rows. */
async function runStatements(
  db: Knex,
  statements: Statement[],
  groups: number[][],
): Promise<{ ms: number[]; rows: number[] }> {
  const out = { ms: [] as number[], rows: [] as number[] };
  for (const group of groups) {
    const t = performance.now();
    await Promise.all(
      group.map(async (i) => {
        const result = (await db.raw(statements[i]!.sql, statements[i]!.bindings as Knex.RawBinding[])) as
          unknown[] | { rows: unknown[] };
        out.ms[i] = performance.now() - t;
        out.rows[i] = Array.isArray(result) ? result.length : result.rows.length;
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One HTTP request on one keep-alive connection.

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Retried once when the server closed the idle keep-alive socket just as it was reused. */
async function httpOnce(
  baseUrl: string,
  token: string,
  request: LoadRequest,
): Promise<{ status: number; body: string }> {
  try {
    return await httpRequest(baseUrl, token, request);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
    return httpRequest(baseUrl, token, request);
  }
}

function httpRequest(
  baseUrl: string,
  token: string,
  request: LoadRequest,
): Promise<{ status: number; body: string }> {
  const url = new URL(request.path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: request.method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(request.body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

// ---------------------------------------------------------------------------------------------
// CPU accounting.

function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3]! + v[4]!;
  return { busy: total - idle, total };
}

/** CPU seconds of a PostgreSQL server: the postmaster and its live children. */
function pgServerCpu(dataDir: string | undefined): number {
  if (!dataDir) return 0;
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
  return treeCpuSeconds(postmaster);
}

// ---------------------------------------------------------------------------------------------
// CPU profile of the API process during a load (--profile), summarised by where the time goes.

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

function categorise(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const root = path.resolve(__dirname, '..');
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(root) ? path.relative(root, file) : file;
}

function summariseProfile(profile: CpuProfile): string[] {
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
  );
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    total += ms;
    // Line numbers are those of tsx's output, not of the sources: left out.
    const { functionName, url } = node.callFrame;
    const category = categorise(url, functionName);
    byCategory.set(category, (byCategory.get(category) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'}${url ? ` (${category})` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [
    `    main-thread samples over ${(total / 1000).toFixed(1)} s, self time by package / file:`,
    ...top(byCategory, 14).map((l) => `      ${l}`),
    '    top functions (self time):',
    ...top(byFunction, 14).map((l) => `      ${l}`),
  ];
}

// ---------------------------------------------------------------------------------------------
// The load, in this process or in a child.

function forkLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'api-load-client.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, GPS_BENCH_LOADGEN_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m: { ready?: boolean; result?: LoadResult; error?: string }) => {
      if (m.ready) child.send(spec);
      else if (m.result) resolve(m.result);
      else if (m.error) reject(new Error(m.error));
    });
    child.on('exit', (code) => (code ? reject(new Error(`load generator exited with ${code}`)) : undefined));
  });
}

/** Forks (and thereby compiles) the generator once with a trivial load before the first scenario. */
async function warmLoadGenerator(url: string, token: string): Promise<void> {
  await forkLoad({
    url,
    token,
    connections: 1,
    seconds: 1,
    graphql: false,
    requests: [{ method: 'GET', path: '/livez' }],
  });
}

interface LoadFigures extends LoadResult {
  apiCores: number;
  apiElu: number;
  loopDelayP99Ms: number;
  loadgenCores: number;
  pgCores: number;
  otherCores: number;
  machineCores: number;
  peakRssMb: number;
  /** Time the API took to finish what was left in flight when the generator stopped. */
  drainMs?: number;
  profile?: string[];
}

async function measureLoad(
  spec: LoadSpec,
  mode: 'child' | 'inproc',
  pgDataDir: string | undefined,
  profileTo?: string,
): Promise<LoadFigures> {
  let session: inspector.Session | undefined;
  if (profileTo) {
    session = new inspector.Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.start');
  }
  let peakRss = process.memoryUsage().rss;
  const rss = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const m0 = machineCpu();
  const pg0 = pgServerCpu(pgDataDir);
  const t0 = performance.now();
  const result = mode === 'child' ? await forkLoad(spec) : await runLoad(spec);
  const wall = (performance.now() - t0) / 1000;
  const pg1 = pgServerCpu(pgDataDir);
  const m1 = machineCpu();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  delay.disable();
  clearInterval(rss);
  let profile: string[] | undefined;
  if (session && profileTo) {
    const { profile: p } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
    session.disconnect();
    writeFileSync(profileTo, JSON.stringify(p));
    profile = [`    CPU profile: ${profileTo}`, ...summariseProfile(p)];
  }
  const cores = os.cpus().length;
  const machineCores = ((m1.busy - m0.busy) / (m1.total - m0.total)) * cores;
  const apiCpu = (cpu.user + cpu.system) / 1e6;
  // In process, the generator's CPU is part of the API process's figure.
  const loadgenCores = mode === 'child' ? result.cpuSeconds / wall : 0;
  const apiCores = apiCpu / wall;
  const pgCores = (pg1 - pg0) / wall;
  return {
    ...result,
    apiCores,
    apiElu: elu.utilization,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    loadgenCores,
    pgCores,
    otherCores: Math.max(0, machineCores - apiCores - loadgenCores - pgCores),
    machineCores,
    peakRssMb: peakRss / 2 ** 20,
    profile,
  };
}

/**
 * One load on `workers/api.ts` run as `processes` API processes, started for it and stopped after:
 * 2 s of warm-up on windows the load reaches last, then the load. CPU of the API is that of its
 * processes from /proc; event-loop figures are not available from outside.
 */
async function measureProcessesLoad(
  spec: LoadSpec,
  env: Record<string, string>,
  processes: number,
  pgDataDir: string | undefined,
): Promise<LoadFigures> {
  const api = await startApiProcesses(env, processes);
  try {
    const target = { url: api.url, token: api.token };
    await forkLoad({
      ...spec,
      ...target,
      connections: 2 * processes,
      seconds: 2,
      requests: spec.requests.slice(-100).reverse(),
    });
    const m0 = machineCpu();
    const cpu0 = api.cpuSeconds();
    const pg0 = pgServerCpu(pgDataDir);
    const t0 = performance.now();
    const result = await forkLoad({ ...spec, ...target });
    const wall = (performance.now() - t0) / 1000;
    const pg1 = pgServerCpu(pgDataDir);
    const apiCores = (api.cpuSeconds() - cpu0) / wall;
    const m1 = machineCpu();
    const machineCores = ((m1.busy - m0.busy) / (m1.total - m0.total)) * os.cpus().length;
    const loadgenCores = result.cpuSeconds / wall;
    const pgCores = (pg1 - pg0) / wall;
    return {
      ...result,
      apiCores,
      apiElu: Number.NaN,
      loopDelayP99Ms: Number.NaN,
      loadgenCores,
      pgCores,
      otherCores: Math.max(0, machineCores - apiCores - loadgenCores - pgCores),
      machineCores,
      peakRssMb: Number.NaN,
    };
  } finally {
    await api.stop();
  }
}

// ---------------------------------------------------------------------------------------------

interface StageSamples {
  sql: number[];
  /** Per statement of the request, in capture order. */
  statements: number[][];
  statementRows: number[];
  queries: number[];
  route: number[];
  stringify: number[];
  http: number[];
  bytes: number;
}

/** Sequential iterations with the API idle: bare SQL, the route in process, one HTTP request. */
async function stages(
  db: Knex,
  scenario: Scenario,
  route: InProcess,
  statements: (v: Variant) => Promise<Statement[]>,
  http1: (v: Variant) => Promise<unknown>,
  offset: number,
  options: Options,
): Promise<StageSamples> {
  const out: StageSamples = {
    sql: [],
    statements: [],
    statementRows: [],
    queries: [],
    route: [],
    stringify: [],
    http: [],
    bytes: 0,
  };
  const t0 = performance.now();
  for (let i = 0; i < options.bareIterations; i++) {
    if (i >= 20 && performance.now() - t0 > options.bareSeconds * 1000) break;
    const variant = scenario.variants[(offset + i) % scenario.variants.length]!;
    const sql = await statements(variant);
    let t = performance.now();
    const each = await runStatements(db, sql, scenario.groups);
    out.sql.push(performance.now() - t);
    each.ms.forEach((x, k) => (out.statements[k] ??= []).push(x));
    out.statementRows = each.rows;
    t = performance.now();
    await route.queries(variant);
    out.queries.push(performance.now() - t);
    t = performance.now();
    const r = await route.run(variant);
    out.route.push(performance.now() - t);
    out.stringify.push(r.stringifyMs);
    out.bytes = r.bytes;
    t = performance.now();
    await http1(variant);
    out.http.push(performance.now() - t);
  }
  return out;
}

interface ScenarioFigures {
  dialect: Dialect;
  /** API processes of workers/api.ts under the load; undefined: the API in the bench's process. */
  processes?: number;
  id: ScenarioId;
  title: string;
  items: number;
  bytes: number;
  load: LoadFigures;
  before: StageSamples;
  after: StageSamples;
  bareP50: number;
  bareP99: number;
}

const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const pp = (xs: number[]) => {
  const s = sortNum(xs);
  return `${ms(percentile(s, 50))}/${ms(percentile(s, 99))}`;
};

async function runDialect(
  dialect: Dialect,
  options: Options,
  log: (s: string) => void,
): Promise<ScenarioFigures[]> {
  log(`\n=== ${dialect} ===`);
  const buildStart = performance.now();
  const gold: CachedGold =
    dialect === 'sqlite'
      ? await sqliteGold(options.days, options.fresh, log)
      : await pgGold(options.days, options.fresh, log);
  const b = gold.build;
  log(
    `Gold (${b.reused ? 'cached' : 'built now'}): ${b.days} days of SYNTHETIC quarter-hours, built in ${b.seconds.toFixed(0)} s on ${b.builtAt}${b.reused ? `; reused in ${((performance.now() - buildStart) / 1000).toFixed(1)} s` : ''} (${b.path})`,
  );
  const dataDir = path.join(process.env.TMPDIR || os.tmpdir(), 'gps-bench-api', 'data-dir');
  mkdirSync(dataDir, { recursive: true });
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    GPS_DATA_DIR: dataDir,
    GPS_API_RATE_LIMIT_PER_MINUTE: '10000000',
    GPS_API_IP_RATE_LIMIT_PER_MINUTE: '10000000',
    // The response cache as configured (GPS_API_CACHE_MB=0 measures every request built afresh).
    ...(process.env.GPS_API_CACHE_MB ? { GPS_API_CACHE_MB: process.env.GPS_API_CACHE_MB } : {}),
  };
  if (gold.dbConfig.client === 'sqlite')
    Object.assign(env, { GPS_DB_CLIENT: 'sqlite', GPS_DB_FILE: gold.dbConfig.file });
  else if (gold.dbConfig.client === 'pg')
    Object.assign(env, {
      GPS_DB_CLIENT: 'pg',
      GPS_DB_URL: gold.dbConfig.writerUrl,
      GPS_DB_READER_URL: gold.dbConfig.readerUrl,
    });
  const config = loadConfig(env);
  log(`API response cache: ${config.api.cacheMb ? `${config.api.cacheMb} MiB` : 'off'}`);
  const db = createReaderDb(config.db);
  const figures: ScenarioFigures[] = [];
  const api = await startApiServer(config, db, { port: 0 });
  try {
    const [{ n: flowRows }] = (await db('fact_energy_flow').count({ n: '*' })) as [{ n: number | string }];
    const [{ n: balanceRows }] = (await db('fact_regional_balance').count({ n: '*' })) as [
      { n: number | string },
    ];
    log(
      `fact_energy_flow ${Number(flowRows).toLocaleString('en')} rows (>= 10 million: ${Number(flowRows) >= 10_000_000 ? 'PASS' : 'MISS'}), fact_regional_balance ${Number(balanceRows).toLocaleString('en')} rows`,
    );
    const tokenRes = await fetch(`${api.url}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'reader', subject: 'bench-api-load' }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const ctx = {
      config,
      db,
      viewer: { subject: 'bench-api-load', roles: ['Reader'] },
      requestId: 'bench',
    } as unknown as ApiContext;
    if (options.loadgen === 'child') await warmLoadGenerator(api.url, token);

    for (const scenario of scenarios(options.days, options.scenarios)) {
      log(`\n(${scenario.id}) ${scenario.title} [${dialect}], ${scenario.variants.length} distinct requests`);
      if (!scenario.variants.length) {
        log('  skipped: Gold holds no such window (give more years)');
        continue;
      }
      const first = scenario.variants[0]!;
      const check = await httpOnce(api.url, token, first.request);
      const counted = scenario.count(JSON.parse(check.body));
      if (check.status !== 200 || !counted.complete) {
        throw new Error(`(${scenario.id}) ${first.label}: HTTP ${check.status} ${check.body.slice(0, 300)}`);
      }
      log(
        `  one answer (${first.label}): ${counted.items} items, ${(Buffer.byteLength(check.body) / 1024).toFixed(0)} KiB`,
      );

      const route = await inProcessRoute(scenario, ctx);
      const captured = new Map<string, Statement[]>();
      const statementsOf = async (v: Variant) => {
        let s = captured.get(v.label);
        if (!s) {
          s = await captureStatements(db, () => route.run(v));
          const expected = Math.max(...scenario.groups.flat()) + 1;
          if (s.length !== expected)
            throw new Error(
              `(${scenario.id}) captured ${s.length} statements, expected ${expected}: ${JSON.stringify(s.map((x) => x.sql.slice(0, 80)))}`,
            );
          captured.set(v.label, s);
        }
        return s;
      };
      const http1 = (v: Variant) => httpOnce(api.url, token, v.request);
      const offset = Math.floor(scenario.variants.length / 2);
      const before = await stages(db, scenario, route, statementsOf, http1, offset, options);
      const spec: LoadSpec = {
        url: api.url,
        token,
        connections: options.connections,
        seconds: options.seconds,
        graphql: scenario.graphql,
        requests: scenario.variants.map((v) => v.request),
      };
      const profileTo = options.profile
        ? path.join(
            process.env.TMPDIR || os.tmpdir(),
            'gps-bench-api',
            `profile-${dialect}-${scenario.id}.cpuprofile`,
          )
        : undefined;
      const pgDataDir = dialect === 'pg' ? gold.build.path : undefined;
      const loads: { processes?: number; load: LoadFigures }[] = [];
      if (options.processes.length) {
        for (let round = 0; round < options.rounds; round++) {
          const order = round % 2 ? [...options.processes].reverse() : options.processes;
          for (const processes of order) {
            loads.push({ processes, load: await measureProcessesLoad(spec, env, processes, pgDataDir) });
          }
        }
      } else {
        const load = await measureLoad(spec, options.loadgen, pgDataDir, profileTo);
        load.drainMs = await drained(db);
        loads.push({ load });
      }
      const after = await stages(
        db,
        scenario,
        route,
        statementsOf,
        http1,
        offset + before.sql.length,
        options,
      );
      await route.stop();
      const bare = sortNum([...before.sql, ...after.sql]);
      for (const { processes, load } of loads) {
        const f: ScenarioFigures = {
          dialect,
          processes,
          id: scenario.id,
          title: scenario.title,
          items: counted.items,
          bytes: before.bytes,
          load,
          before,
          after,
          bareP50: percentile(bare, 50),
          bareP99: percentile(bare, 99),
        };
        figures.push(f);
        printScenario(f, options, log);
      }
    }
  } finally {
    await api.close();
    await db.destroy();
    await gold.stop();
  }
  return figures;
}

function errorsOf(l: LoadResult): number {
  return l.errors + l.non2xx + l.graphqlErrors;
}

function printScenario(f: ScenarioFigures, options: Options, log: (s: string) => void): void {
  const l = f.load;
  if (f.processes !== undefined) log(`  -- workers/api.ts with GPS_API_PROCESSES=${f.processes}:`);
  log(
    `  load ${options.connections} connections ${options.seconds} s (${options.loadgen === 'child' ? 'generator in a child process' : 'generator in the API process'}): p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms | ${l.requestsPerSecond.toFixed(1)} req/s, ${l.completed} completed, ${(l.bytesPerSecond / 2 ** 20).toFixed(1)} MiB/s | errors ${l.errors} (timeouts ${l.timeouts}${Object.keys(l.errorCodes).length ? `; ${JSON.stringify(l.errorCodes)}` : ''}), non-2xx ${l.non2xx}${l.graphqlErrors ? `, GraphQL errors ${l.graphqlErrors}` : ''}; API drained ${((l.drainMs ?? 0) / 1000).toFixed(1)} s after`,
  );
  const apiCpu =
    f.processes === undefined
      ? `API process${options.loadgen === 'inproc' ? ' (with the generator)' : ''} ${l.apiCores.toFixed(2)} (event loop busy ${(100 * l.apiElu).toFixed(0)}%, loop delay p99 ${ms(l.loopDelayP99Ms)} ms, peak RSS ${l.peakRssMb.toFixed(0)} MB)`
      : `API processes (${f.processes}${f.processes > 1 ? ' + the supervisor' : ''}) ${l.apiCores.toFixed(2)}`;
  log(
    `  CPU during the load (of ${os.cpus().length} cores): ${apiCpu} | load generator ${l.loadgenCores.toFixed(2)}${f.dialect === 'pg' ? ` | PostgreSQL ${l.pgCores.toFixed(2)}` : ''} | rest of machine ${l.otherCores.toFixed(2)} | machine ${l.machineCores.toFixed(2)}`,
  );
  const s = (x: StageSamples) =>
    `n=${x.sql.length}: bare SQL ${pp(x.sql)} | query functions ${pp(x.queries)} | route in process ${pp(x.route)} (of which JSON.stringify ${pp(x.stringify)}) | HTTP 1 connection ${pp(x.http)}`;
  const statementNames =
    f.id === 'b' ? ['regionalProduction', 'regionalBalance'] : ['page', 'count', 'production by source'];
  log(
    `  bare SQL per statement, p50/p99 ms (rows): ${statementNames
      .map(
        (name, k) =>
          `${name} ${pp([...(f.before.statements[k] ?? []), ...(f.after.statements[k] ?? [])])} (${f.before.statementRows[k] ?? '?'})`,
      )
      .join(' | ')}${f.id === 'b' ? ' (both at once)' : ' (page and count at once, then production)'}`,
  );
  log(`  idle, sequential, p50/p99 ms, before the load ${s(f.before)}`);
  log(`  idle, sequential, p50/p99 ms, after the load  ${s(f.after)}`);
  const httpP50 = percentile(sortNum([...f.before.http, ...f.after.http]), 50);
  log(
    `  closed loop: ${options.connections} connections / ${l.requestsPerSecond.toFixed(1)} req/s = ${ms((1000 * options.connections) / l.requestsPerSecond)} ms mean latency (Little's law); idle HTTP p50 ${ms(httpP50)} ms, so an event loop serving one request at a time tops out near ${(1000 / httpP50).toFixed(0)} req/s`,
  );
  const ratio = l.p99 / f.bareP99;
  log(
    `  targets: p99 ${ms(l.p99)} ms <= 50 ms ${l.p99 <= 50 ? 'PASS' : 'MISS'} | API p99 / bare SQL p99 = ${ms(l.p99)} / ${ms(f.bareP99)} = ${ratio.toFixed(1)}x <= 2x ${ratio <= 2 ? 'PASS' : 'MISS'} | errors ${errorsOf(l)} ${errorsOf(l) === 0 ? 'PASS' : 'MISS'}`,
  );
  for (const line of l.profile ?? []) log(line);
}

function printTable(all: ScenarioFigures[], options: Options, log: (s: string) => void): void {
  log(
    `\n${machineLine()}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  log(
    `${options.connections} connections x ${options.seconds} s per scenario, generator ${options.loadgen === 'child' ? 'in a child process' : 'in the API process'}; bare SQL sequential with the API idle (before + after the load)`,
  );
  const header = [
    'dialect',
    'procs',
    'scenario',
    'items',
    'KiB',
    'p50 ms',
    'p99 ms',
    'req/s',
    'errors',
    'SQL p50',
    'SQL p99',
    'p99/SQL',
    'p99<=50',
    '<=2x',
    '0 err',
  ];
  const rows = all.map((f) => {
    const ratio = f.load.p99 / f.bareP99;
    return [
      f.dialect,
      f.processes === undefined ? 'in bench' : String(f.processes),
      f.id,
      String(f.items),
      (f.bytes / 1024).toFixed(0),
      ms(f.load.p50),
      ms(f.load.p99),
      f.load.requestsPerSecond.toFixed(1),
      `${errorsOf(f.load)}${f.load.timeouts ? ` (${f.load.timeouts} t/o)` : ''}`,
      ms(f.bareP50),
      ms(f.bareP99),
      `${ratio.toFixed(1)}x`,
      f.load.p99 <= 50 ? 'PASS' : 'MISS',
      ratio <= 2 ? 'PASS' : 'MISS',
      errorsOf(f.load) === 0 ? 'PASS' : 'MISS',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  log(line(header));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) log(line(r));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (s: string) => console.log(s);
  log(
    `SYNTHETIC data; ${machineLine()}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  // As the Dockerfile runs the API: graphql-js and express read NODE_ENV from the process (the API's
  // own configuration gets NODE_ENV=test below, for the local token issuer).
  log(
    `process NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '(unset)'}${process.env.NODE_ENV === 'production' ? '' : ' -- NOT as deployed: graphql-js runs its slower development checks; use npm run bench:api'}`,
  );
  log(
    `bench:api ${options.days} days (${(options.days / 365).toFixed(2)} years) ${options.dialects.join('+')}, ${options.connections} connections x ${options.seconds} s, scenarios ${options.scenarios.join('')}, generator ${options.loadgen}${options.profile ? ', CPU profile ON (figures disturbed)' : ''}`,
  );
  const all: ScenarioFigures[] = [];
  for (const dialect of options.dialects) all.push(...(await runDialect(dialect, options, log)));
  printTable(all, options, log);
  const out = path.join(
    process.env.TMPDIR || os.tmpdir(),
    'gps-bench-api',
    `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    out,
    JSON.stringify(
      {
        machine: machineLine(),
        options,
        figures: all.map((f) => ({ ...f, before: undefined, after: undefined })),
      },
      null,
      2,
    ),
  );
  log(`results: ${out}`);
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
