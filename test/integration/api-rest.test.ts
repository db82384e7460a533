import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import express from 'express';
import type { Knex } from 'knex';
import { parse as parseCsv } from 'csv-parse/sync';
import { createReaderDb } from '../../lib/db';
import { loadEco2mixRegionalDays } from '../../activities/sources/rte-regional/gold';
import { cleanEco2mixRegional, mergeIntoSilver } from '../../activities/sources/rte-regional/silver';
import { LocalLake } from '../../lib/lake/local-lake';
import { loadFixture } from '../../replay/odre-replay-server';
import { loadConfig } from '../../activities/config';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { streamRegionalCsv } from '../../graphql/rest/csv-export';
import { csvQuery, parseQuery } from '../../graphql/rest/params';
import { REST_ROUTES } from '../../graphql/rest/routes';
import { launchChromium } from '../helpers/browser';
import { devToken } from '../helpers/dev-token';
import { freePort } from '../helpers/free-port';
import { startDevServer } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';

/**
 * The REST routes, the CSV export, /openapi.json, /docs (in Chromium) and the API's hygiene
 * (404 JSON, error bodies, health, rate limits) over real HTTP, on Gold loaded by the real
 * regional workflow from the recorded ODRE capture (Nouvelle-Aquitaine, 5 quarter-hours of
 * 2025-02-20: 09:30, 09:45, 10:45, 11:45, 12:30 UTC). Expected values are recomputed here from
 * the fact rows, never copied from the API's own answers.
 */

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let api: ApiServer;
let readerDb: Knex;
let reader: string;

const DAY = { from: '2025-02-20T00:00:00Z', to: '2025-02-21T00:00:00Z' };

async function get(route: string, params: Record<string, string> | string = {}, token = reader) {
  const qs = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  const res = await fetch(`${api.url}${route}${qs ? `?${qs}` : ''}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the caller looks at `text`
  }
  return { status: res.status, headers: res.headers, text, body };
}

interface Fact {
  ts: string;
  consumption: number;
  production: number;
  exchange: number;
  ci: number;
  renewable: number;
  lowCarbon: number;
  mw: Record<string, number | null>;
}

/** The gold rows of region 75, read with the writer connection. */
async function facts(): Promise<Fact[]> {
  const balance = await platform.db('fact_regional_balance').where('region_code', '75').orderBy('ts_utc');
  const flows = await platform.db('fact_energy_flow').where('region_code', '75');
  return balance.map((b) => {
    const ts = new Date(b.ts_utc).toISOString();
    const mw: Record<string, number | null> = {};
    for (const f of flows) if (new Date(f.ts_utc).toISOString() === ts) mw[f.source_code] = f.mw;
    return {
      ts,
      consumption: b.consumption_mw,
      production: b.production_mw,
      exchange: b.net_exchange_mw,
      ci: b.carbon_intensity_g_per_kwh,
      renewable: b.renewable_share_pct,
      lowCarbon: b.low_carbon_share_pct,
      mw,
    };
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const weighted = (rows: Fact[], pick: (f: Fact) => number) =>
  rows.reduce((a, f) => a + pick(f) * f.production, 0) / rows.reduce((a, f) => a + f.production, 0);
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r2 = (v: number) => Math.round(v * 100) / 100;

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env);
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  await env.client.workflow.execute('ingestRteRegional', {
    taskQueue: ingest,
    workflowId: 'rest-ingest',
    args: [{ transformTaskQueue: transform }],
  });
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(platform.config, readerDb, { port: 0, temporal: env.client });
  reader = await devToken(api, 'reader');
});

afterAll(async () => {
  await api?.close();
  await readerDb?.destroy();
  await platform?.stop();
  await env?.teardown();
});

describe('GET /production/regional', () => {
  test('quarter-hours: every fact of the region, production by source, Paris time beside UTC', async () => {
    const { status, body } = await get('/production/regional', { region_code: '75', ...DAY });
    expect(status).toBe(200);
    const rows = await facts();
    expect(rows).toHaveLength(5);
    expect(body).toMatchObject({
      region_code: '75',
      from: '2025-02-20T00:00:00.000Z',
      to: '2025-02-21T00:00:00.000Z',
      granularity: '15min',
      total: 5,
      next_cursor: null,
    });
    const items = body.items as Record<string, unknown>[];
    expect(items).toEqual(
      rows.map((f) => ({
        region_code: '75',
        period_start_utc: f.ts,
        period_start_paris: expect.stringMatching(/\+01:00$/),
        quarter_hours: 1,
        production_mw: Object.fromEntries(
          Object.entries(f.mw).map(([k, v]) => [k, v === null ? null : r3(v)]),
        ),
        production_total_mw: r3(f.production),
        consumption_mw: r3(f.consumption),
        net_exchange_mw: r3(f.exchange),
        carbon_intensity_g_per_kwh: r2(f.ci),
        renewable_share_pct: r2(f.renewable),
        low_carbon_share_pct: r2(f.lowCarbon),
      })),
    );
    expect(items[0]?.period_start_paris).toBe('2025-02-20T10:30:00+01:00');
    expect(Object.keys(items[0]?.production_mw as object).sort()).toEqual(
      PRODUCTION_SOURCES.map((s) => s.code).sort(),
    );
    // The capture's own numbers: 09:30 UTC, consumption 5 032 MW, nuclear 5 800 MW, exports 4 166 MW.
    expect(items[0]).toMatchObject({ consumption_mw: 5032, net_exchange_mw: -4166 });
    expect((items[0]?.production_mw as Record<string, number>).nucleaire).toBe(5800);
  });

  test('hours average their quarter-hours; intensity and shares are weighted by production', async () => {
    const { status, body } = await get('/production/regional', {
      region_code: '75',
      ...DAY,
      granularity: 'hour',
    });
    expect(status).toBe(200);
    const rows = await facts();
    const byHour = new Map<string, Fact[]>();
    for (const f of rows) {
      const hour = `${f.ts.slice(0, 13)}:00:00.000Z`;
      byHour.set(hour, [...(byHour.get(hour) ?? []), f]);
    }
    expect(body.total).toBe(4);
    expect(body.items).toEqual(
      [...byHour].map(([hour, fs]) => ({
        region_code: '75',
        period_start_utc: hour,
        period_start_paris: expect.any(String),
        quarter_hours: fs.length,
        production_mw: Object.fromEntries(
          Object.keys(fs[0]!.mw).map((s) => [s, r3(mean(fs.map((f) => f.mw[s] as number)))]),
        ),
        production_total_mw: r3(mean(fs.map((f) => f.production))),
        consumption_mw: r3(mean(fs.map((f) => f.consumption))),
        net_exchange_mw: r3(mean(fs.map((f) => f.exchange))),
        carbon_intensity_g_per_kwh: r2(weighted(fs, (f) => f.ci)),
        renewable_share_pct: r2(weighted(fs, (f) => f.renewable)),
        low_carbon_share_pct: r2(weighted(fs, (f) => f.lowCarbon)),
      })),
    );
    // 09:00 holds 09:30 and 09:45: consumption (5 032 + 4 894) / 2.
    expect((body.items as Record<string, unknown>[])[0]).toMatchObject({
      quarter_hours: 2,
      consumption_mw: 4963,
    });
  });

  test('days are Paris calendar days from the daily rollup', async () => {
    const { status, body } = await get('/production/regional', {
      region_code: '75',
      from: '2025-02-20',
      to: '2025-02-21',
      granularity: 'day',
    });
    expect(status).toBe(200);
    const rows = await facts();
    expect(body.items).toEqual([
      expect.objectContaining({
        period_start_utc: '2025-02-19T23:00:00.000Z',
        period_start_paris: '2025-02-20T00:00:00+01:00',
        quarter_hours: 5,
        consumption_mw: r3(mean(rows.map((f) => f.consumption))),
        carbon_intensity_g_per_kwh: r2(weighted(rows, (f) => f.ci)),
      }),
    ]);
    const nuclear = (body.items as { production_mw: Record<string, number> }[])[0]!.production_mw.nucleaire;
    expect(nuclear).toBe(r3(mean(rows.map((f) => f.mw.nucleaire as number))));
  });

  test('pages follow next_cursor to exactly the whole selection; every region when none is named', async () => {
    const whole = await get('/production/regional', { ...DAY });
    expect(whole.body.region_code).toBeNull();
    expect(whole.body.total).toBe(5); // only Nouvelle-Aquitaine is in the capture
    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get('/production/regional', { ...DAY, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      seen.push(...(page.body.items as unknown[]));
      cursor = page.body.next_cursor as string | null;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(whole.body.items);
  });

  test('source narrows the production detail', async () => {
    const { body } = await get('/production/regional', {
      region_code: '75',
      ...DAY,
      source: 'nucleaire,eolien',
    });
    for (const item of body.items as { production_mw: object }[]) {
      expect(Object.keys(item.production_mw).sort()).toEqual(['eolien', 'nucleaire']);
    }
  });
});

test('GET /carbon/regional answers carbon intensity only', async () => {
  const { status, body } = await get('/carbon/regional', { region_code: '75', ...DAY });
  expect(status).toBe(200);
  const rows = await facts();
  expect(body.items).toEqual(
    rows.map((f) => ({
      region_code: '75',
      period_start_utc: f.ts,
      period_start_paris: expect.any(String),
      quarter_hours: 1,
      carbon_intensity_g_per_kwh: r2(f.ci),
    })),
  );
});

describe('GET /exports/regional-production.csv', () => {
  test('opens in a French Excel: BOM, ";", CRLF, decimal comma, Paris time beside UTC, a filename', async () => {
    const res = await fetch(
      `${api.url}/exports/regional-production.csv?region_code=75&from=2025-02-20&to=2025-02-21&granularity=hour`,
      { headers: { authorization: `Bearer ${reader}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="regional-production_75_2025-02-20_2025-02-21_hour.csv"',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n').length).toBe(6); // header, 4 hours, and the final CRLF
    expect(text).not.toMatch(/[^\r]\n/);
    const rows = parseCsv(text, { delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Record<
      string,
      string
    >[];
    expect(rows[0]).toMatchObject({
      region_code: '75',
      region_name: 'Nouvelle-Aquitaine',
      period_start_utc: '2025-02-20 09:00:00',
      period_start_europe_paris: '2025-02-20 10:00:00',
      quarter_hours: '2',
      consumption_mw: '4963',
      nucleaire_mw: '5796',
    });
    const facts0 = (await facts()).slice(0, 2);
    const intensity = String(Math.round(weighted(facts0, (f) => f.ci) * 1000) / 1000).replace('.', ',');
    expect(rows[0]?.carbon_intensity_g_per_kwh).toBe(intensity);
    expect(intensity).toContain(',');
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(PRODUCTION_SOURCES.map((s) => `${s.code}_mw`)),
    );

    const point = await get('/exports/regional-production.csv', {
      region_code: '75',
      from: '2025-02-20',
      to: '2025-02-21',
      granularity: 'hour',
      decimal: 'point',
    });
    expect(point.text).toContain(intensity.replace(',', '.'));
  });

  test('streams every page, and neutralises cells a spreadsheet would run as formulas', async () => {
    // A small page size through the real stream: 5 quarter-hours in pages of 2.
    const app = express();
    app.get('/csv', async (req, res, next) => {
      try {
        await streamRegionalCsv(readerDb, parseQuery(csvQuery, req.query), res, 2);
      } catch (err) {
        next(err);
      }
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const text = await (
      await fetch(`http://127.0.0.1:${port}/csv?region_code=75&from=2025-02-20&to=2025-02-21`)
    ).text();
    server.close();
    const rows = parseCsv(text.slice(1), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.period_start_utc)).toEqual(
      (await facts()).map((f) => f.ts.slice(0, 19).replace('T', ' ')),
    );
    // Negative numbers stay numbers (exports are negative); only text is neutralised.
    expect(rows[0]?.net_exchange_mw).toBe('-4166');
    const { neutralise } = await import('../../graphql/rest/csv-export');
    expect(['=1+1', '+33', '-x', '@SUM(A1)', '\tcmd', '\rcmd', 'Bretagne'].map(neutralise)).toEqual([
      "'=1+1",
      "'+33",
      "'-x",
      "'@SUM(A1)",
      "'\tcmd",
      "'\rcmd",
      'Bretagne',
    ]);
  });
});

describe('the response cache', () => {
  async function loadCorrected(consumption: number) {
    // A corrected publication of 09:30 through the real loader, as a later ingestion would load it.
    const records = loadFixture('eco2mix-regional-tr').map((r, i) =>
      i === 0 ? { ...r, consommation: consumption } : r,
    );
    const { clean } = cleanEco2mixRegional(
      records,
      records.map(() => 'test'),
    );
    const days = await mergeIntoSilver(new LocalLake(path.join(platform.dataDir, 'cache-test-lake')), clean);
    await loadEco2mixRegionalDays(platform.db, [clean], days);
  }

  test('answers again from memory, with an ETag a client can revalidate', async () => {
    const params = { region_code: '75', ...DAY, granularity: 'hour', limit: '3' };
    const first = await get('/production/regional', params);
    const again = await get('/production/regional', params);
    expect([first.headers.get('x-cache'), again.headers.get('x-cache')]).toEqual(['miss', 'hit']);
    expect(again.text).toBe(first.text);
    const etag = again.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const revalidated = await fetch(
      `${api.url}/production/regional?${new URLSearchParams(params).toString()}`,
      { headers: { authorization: `Bearer ${reader}`, 'if-none-match': etag! } },
    );
    expect(revalidated.status).toBe(304);
  });

  test('a load drops the answers of the days it changed, and only those', async () => {
    const day = { region_code: '75', ...DAY };
    const otherDay = { region_code: '75', from: '2025-02-10', to: '2025-02-11' };
    await get('/production/regional', day);
    await get('/production/regional', otherDay);
    expect((await get('/production/regional', day)).headers.get('x-cache')).toBe('hit');

    await loadCorrected(5100);
    const after = await get('/production/regional', day);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect((after.body.items as { consumption_mw: number }[])[0]?.consumption_mw).toBe(5100);
    expect((await get('/production/regional', otherDay)).headers.get('x-cache')).toBe('hit');

    // A load that changes nothing logs nothing and drops nothing.
    await loadCorrected(5100);
    expect((await get('/production/regional', day)).headers.get('x-cache')).toBe('hit');
    await loadCorrected(5032); // back to the capture, for the tests that follow
    expect((await get('/production/regional', day)).headers.get('x-cache')).toBe('miss');
  });
});

describe('bad input: 400 with a clear message, never a 500', () => {
  const JSON_ONLY = ['/production/regional'];
  const BOTH = ['/production/regional', '/exports/regional-production.csv'];
  const cases: [string, Record<string, string> | string, RegExp, string[]?][] = [
    ['unknown region', { region_code: '99', ...DAY }, /region_code must be one of/],
    ['Corsica is not in the feed', { region_code: '94', ...DAY }, /region_code must be one of/],
    ['missing from', { to: DAY.to }, /from is required/],
    ['not a date', { from: 'yesterday', to: DAY.to }, /from must be an ISO 8601 instant/],
    ['impossible date', { from: '2025-02-30', to: DAY.to }, /from must be an ISO 8601 instant/],
    [
      'local time without offset',
      { from: '2025-02-20T00:00:00', to: DAY.to },
      /ISO 8601 instant with an offset/,
    ],
    ['reversed range', { from: DAY.to, to: DAY.from }, /`from` must be before `to`/],
    ['too long at 15 min', { from: '2025-01-01', to: '2025-03-01' }, /at most 31 days/],
    ['too long per day', { from: '2024-01-01', to: '2025-03-01', granularity: 'day' }, /at most 400 days/],
    ['unknown granularity', { ...DAY, granularity: 'week' }, /granularity must be one of/],
    ['unknown source', { ...DAY, source: 'nucleaire,coal' }, /unknown source "coal"/],
    ['limit 0', { ...DAY, limit: '0' }, /limit must be between 1 and 10000/, JSON_ONLY],
    ['limit not a number', { ...DAY, limit: 'ten' }, /limit must be a whole number/, JSON_ONLY],
    [
      'forged cursor',
      { ...DAY, cursor: 'WzEsIjc1IiwiMjAyNSJd' },
      /not a cursor returned by this API/,
      JSON_ONLY,
    ],
    [
      'paging the CSV',
      { ...DAY, limit: '10' },
      /unknown parameter "limit"/,
      ['/exports/regional-production.csv'],
    ],
    ['unknown parameter', { ...DAY, regionCode: '75' }, /unknown parameter "regionCode"/],
    ['repeated parameter', `from=${DAY.from}&from=${DAY.from}&to=${DAY.to}`, /from must be given once/],
    ['SQL in a parameter', { region_code: "75' OR '1'='1", ...DAY }, /region_code/],
  ];
  test.each(cases)('%s', async (_name, params, message, routes = BOTH) => {
    for (const route of routes) {
      const { status, body } = await get(route, params);
      expect(status).toBe(400);
      expect(body).toEqual({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(message),
        request_id: expect.any(String),
      });
    }
  });
});

test('injection attempts in every parameter of every REST route answer 400 naming the parameter', async () => {
  const payloads = [
    "75' OR '1'='1",
    '1; DROP TABLE fact_energy_flow; --',
    '<script>alert(1)</script>',
    '${jndi:ldap://x/a}',
    '../../etc/passwd',
    'x'.repeat(5000),
  ];
  const valid: Record<string, string> = { from: DAY.from, to: DAY.to };
  for (const route of REST_ROUTES) {
    for (const name of Object.keys(route.query.shape)) {
      for (const payload of payloads) {
        const { status, body } = await get(route.path, { ...valid, [name]: payload });
        expect([route.path, name, payload.slice(0, 20), status]).toEqual([
          route.path,
          name,
          payload.slice(0, 20),
          400,
        ]);
        expect(body.code).toBe('BAD_REQUEST');
        expect(body.message).toContain(name);
      }
    }
  }
});

describe('hygiene', () => {
  test('unknown paths answer 404 JSON; only console routes fall back to the console', async () => {
    for (const unknown of [
      '/productions/regional',
      '/production',
      '/graphql/x',
      '/api/v1/regions',
      '/regions/75/x',
    ]) {
      const res = await get(unknown);
      expect([unknown, res.status, res.body.code]).toEqual([unknown, 404, 'NOT_FOUND']);
      expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
    }
    if (existsSync(path.join(__dirname, '../../ui/dist/index.html'))) {
      for (const route of ['/', '/map', '/regions/75', '/schedules', '/alerts/3']) {
        const res = await get(route, {}, '');
        expect([route, res.status, res.headers.get('content-type')]).toEqual([
          route,
          200,
          'text/html; charset=utf-8',
        ]);
      }
      // /alerts is both a console screen and a REST route: a browser's navigation gets the page,
      // any other client the API (here: 401, no token).
      const page = await fetch(`${api.url}/alerts`, { headers: { accept: 'text/html,*/*;q=0.8' } });
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      expect((await get('/alerts', {}, '')).status).toBe(401);
    }
  });

  test('/livez and /readyz are public; /readyz names what is down', async () => {
    expect((await get('/livez', {}, '')).body).toEqual({ status: 'ok' });
    const ready = await get('/readyz', {}, '');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok' } });

    const port = await freePort();
    // No client-side retries: their timers would outlive this short test's connection.
    const connection = Connection.lazy({ address: `127.0.0.1:${port}`, interceptors: [] });
    const unreachable = await startApiServer(platform.config, readerDb, {
      port: 0,
      temporal: new Client({ connection }),
    });
    try {
      const res = await fetch(`${unreachable.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: Record<string, string> };
      expect(body.checks.database).toBe('ok');
      expect(body.checks.temporal).toMatch(/^unavailable: /);
    } finally {
      await unreachable.close();
      await connection.close();
    }
  });

  test('a failing database gives 500 JSON with a request id and no stack, on REST and GraphQL', async () => {
    const broken = createReaderDb(platform.config.db);
    await broken.destroy();
    const failing = await startApiServer(platform.config, broken, { port: 0 });
    try {
      const rest = await fetch(
        `${failing.url}/production/regional?region_code=75&from=${DAY.from}&to=${DAY.to}`,
        {
          headers: { authorization: `Bearer ${await devToken(failing, 'reader')}` },
        },
      );
      expect(rest.status).toBe(500);
      const body = (await rest.json()) as Record<string, string>;
      expect(body).toEqual({
        code: 'INTERNAL',
        message: `internal error (request ${body.request_id})`,
        request_id: expect.any(String),
      });

      const gql = await fetch(`${failing.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await devToken(failing, 'reader')}`,
        },
        body: JSON.stringify({ query: '{ regions { nodes { code } } }' }),
      });
      const text = await gql.text();
      expect(text).not.toMatch(/stacktrace|at .*\.(ts|js):\d+|knex|pool/i);
      expect(JSON.parse(text).errors[0]).toEqual({
        message: 'internal error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', request_id: expect.any(String) },
      });
    } finally {
      await failing.close();
    }
  });

  test('an over-broad GraphQL query is refused by its cost; an oversized body by its size', async () => {
    const costly = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
      body: JSON.stringify({
        query: `{ regionalProduction(regionCode: "75", from: "2025-02-20T00:00:00Z", to: "2025-02-21T00:00:00Z", first: 20000) {
          nodes { regionCode timestamp sourceCode sourceLabel mw coverageRatePct loadFactorPct }
          edges { cursor node { regionCode timestamp sourceCode sourceLabel mw coverageRatePct loadFactorPct } }
        } }`,
      }),
    });
    expect(costly.status).toBe(400);
    expect(JSON.stringify(await costly.json())).toMatch(/query cost \d+ exceeds 2000/);

    const huge = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
      body: JSON.stringify({ query: `{ me { subject } }`, variables: { pad: 'x'.repeat(200_000) } }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  test('rate limits per token subject: one client over its budget does not block another', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      GPS_DATA_DIR: platform.dataDir,
      GPS_API_RATE_LIMIT_PER_MINUTE: '3',
    });
    const limited = await startApiServer(config, readerDb, { port: 0 });
    try {
      const greedy = await devToken(limited, 'reader', 'greedy-integration');
      const other = await devToken(limited, 'reader', 'other-integration');
      const call = (token: string) =>
        fetch(`${limited.url}/carbon/regional?region_code=75&from=${DAY.from}&to=${DAY.to}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(greedy)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await call(greedy);
      expect(refused.headers.get('ratelimit-policy')).toContain('3');
      expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect((await call(other)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('OpenAPI and /docs', () => {
  test('/openapi.json is public OpenAPI 3.1 generated from the parameter schemas', async () => {
    const { status, body } = await get('/openapi.json', {}, '');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const doc = body as {
      paths: Record<
        string,
        { get?: { parameters: { name: string; required: boolean }[]; security: unknown[] } }
      >;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of REST_ROUTES) {
      const op = doc.paths[route.path]?.get;
      expect(op?.security).toEqual([{ bearerAuth: [] }]);
      expect(op?.parameters.map((p) => p.name).sort()).toEqual(Object.keys(route.query.shape).sort());
      // Required exactly when the schema refuses the parameter left out (the series need a range).
      const required = Object.entries(route.query.shape)
        .filter(
          ([, schema]) =>
            !(schema as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success,
        )
        .map(([name]) => name);
      expect(
        op?.parameters
          .filter((p) => p.required)
          .map((p) => p.name)
          .sort(),
      ).toEqual(required.sort());
    }
  });

  test('/docs: Authorize with a token, then Try it out runs a request in Chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${api.url}/docs`);
      await page.waitForSelector('.swagger-ui .btn.authorize', { timeout: 20_000 });
      await page.click('.swagger-ui .btn.authorize');
      await page.waitForSelector('.modal-ux input');
      await page.type('.modal-ux input', reader);
      await page.click('.modal-ux .auth-btn-wrapper .authorize');
      await page.click('.modal-ux .btn-done');

      await page.click('.opblock-summary-path[data-path="/carbon/regional"]');
      await page.waitForSelector('.try-out__btn');
      await page.click('.try-out__btn');
      const fill = async (name: string, value: string) => {
        const selector = `tr[data-param-name="${name}"] input`;
        await page.waitForSelector(selector);
        await page.click(selector, { count: 3 });
        await page.type(selector, value);
      };
      await fill('region_code', '75');
      await fill('from', DAY.from);
      await fill('to', DAY.to);
      await page.click('.btn.execute');
      await page.waitForSelector('.live-responses-table tbody .response-col_status', { timeout: 20_000 });
      const status = await page.$eval('.live-responses-table tbody .response-col_status', (el) =>
        el.textContent?.trim(),
      );
      expect(status).toBe('200');
      const shown = await page.$eval('.live-responses-table .microlight', (el) => el.textContent ?? '');
      expect(JSON.parse(shown)).toMatchObject({ region_code: '75', total: 5 });
    } finally {
      await browser.close();
    }
  });
});
