import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fromPackageRoot } from '../lib/package-root';

/**
 * A local stand-in for the ODRE Explore API v2.1 (records and JSON exports endpoints), serving
 * recorded payloads. It applies the real API's rules that our client depends on (limit <= 100,
 * offset + limit <= 10 000, `where` on date_heure, `order_by`, `select` of plain fields) and can
 * inject faults, so the platform runs without internet and the tests exercise the same code paths
 * as production.
 *
 * No capture of the consolidated history set (`eco2mix-regional-cons-def`) ships with the project:
 * by default the replay serves the real-time capture under that name too (same fields), so a
 * backfill can run offline; tests and benchmarks publish their own records there.
 */

export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: string }
  | { kind: 'truncate' }
  /** A well-formed records page with no results (and total_count 0), whatever the data holds. */
  | { kind: 'empty' }
  | { kind: 'delay'; ms: number };

export interface ReplayServer {
  url: string;
  /** Base URL to configure as GPS_ODRE_BASE_URL. */
  baseUrl: string;
  /** Queues faults answered, in order, by the next records requests. */
  injectFaults(...faults: Fault[]): void;
  /** Adds records to a dataset as if the source had just published them. */
  publish(dataset: string, records: Record<string, unknown>[]): void;
  requests: { dataset: string; query: Record<string, string>; at: number }[];
  close(): Promise<void>;
}

export const FIXTURES_DIR = fromPackageRoot('fixtures', 'eco2mix');

export function loadFixture(dataset: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, `${dataset}.sample.json`), 'utf8')) as Record<
    string,
    unknown
  >[];
}

const WHERE_CLAUSE = /^date_heure\s*(>=|>|<=|<)\s*"([^"]+)"$/;

/** A dataset's records with their `date_heure` instants, positions sorted by instant. */
interface TimeIndex {
  records: Record<string, unknown>[];
  times: Float64Array;
  byTime: Uint32Array;
}

function buildTimeIndex(records: Record<string, unknown>[]): TimeIndex {
  const times = new Float64Array(records.length);
  records.forEach((r, i) => (times[i] = Date.parse(String(r.date_heure))));
  // NaN (no or bad date_heure) sorts last and never matches a bound, as in a plain filter.
  const byTime = Uint32Array.from(records.keys()).sort((a, b) => {
    const ta = times[a] as number;
    const tb = times[b] as number;
    return Number.isNaN(ta) ? (Number.isNaN(tb) ? a - b : 1) : Number.isNaN(tb) ? -1 : ta - tb || a - b;
  });
  return { records, times, byTime };
}

/** First position in `byTime` whose instant is not below `bound` (`strict`: above it). */
function lowerBound(index: TimeIndex, bound: number, strict: boolean): number {
  let lo = 0;
  let hi = index.byTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = index.times[index.byTime[mid] as number] as number;
    if (t < bound || (strict && t === bound)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The records a `where` on date_heure selects, in the dataset's order. A year of history holds
 * 420 000 records and a backfill asks for it in 53 slices: the sorted index answers each slice by
 * binary search instead of parsing every date of the dataset again.
 */
function applyWhere(index: TimeIndex, where: string | null): Record<string, unknown>[] | string {
  if (!where) return index.records;
  let lo = 0;
  let hi = index.byTime.length;
  for (const clause of where.split(/\s+and\s+/i)) {
    const m = WHERE_CLAUSE.exec(clause.trim());
    if (!m) return `unsupported where clause in replay: ${clause}`;
    const [, op, value] = m as unknown as [string, string, string];
    const bound = Date.parse(value);
    if (Number.isNaN(bound)) return `invalid date in where: ${value}`;
    if (op === '>=' || op === '>') lo = Math.max(lo, lowerBound(index, bound, op === '>'));
    else hi = Math.min(hi, lowerBound(index, bound, op === '<='));
  }
  if (lo >= hi) return [];
  return Array.from(index.byTime.subarray(lo, hi))
    .sort((a, b) => a - b)
    .map((i) => index.records[i] as Record<string, unknown>);
}

function applyOrder(records: Record<string, unknown>[], orderBy: string | null): Record<string, unknown>[] {
  if (!orderBy) return records;
  const keys = orderBy.split(',').map((part) => {
    const [field, dir] = part.trim().split(/\s+/);
    return { field: field as string, desc: dir?.toLowerCase() === 'desc' };
  });
  // Each record's sort keys once, not once per comparison.
  const decorated = records.map((r) => ({
    r,
    k: keys.map(({ field }) =>
      field === 'date_heure' ? Date.parse(String(r[field])) : String(r[field] ?? ''),
    ),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const av = a.k[i] as number | string;
      const bv = b.k[i] as number | string;
      const desc = keys[i]?.desc;
      if (av < bv) return desc ? 1 : -1;
      if (av > bv) return desc ? -1 : 1;
    }
    return 0;
  });
  return decorated.map((d) => d.r);
}

/** `select` as a list of plain field names (the subset of ODSQL the platform uses). */
function applySelect(
  select: string | null,
): ((r: Record<string, unknown>) => Record<string, unknown>) | string {
  if (!select) return (r) => r;
  const fields = select.split(',').map((f) => f.trim());
  if (fields.some((f) => !/^[a-z_][a-z0-9_]*$/.test(f))) return `unsupported select in replay: ${select}`;
  return (r) => Object.fromEntries(fields.map((f) => [f, r[f] ?? null]));
}

/**
 * Each published record serialised once: a year-long backfill asks for every record once per
 * run, and benchmarks run it several times on the same records.
 */
const serialised = new WeakMap<Record<string, unknown>, string>();
function recordJson(record: Record<string, unknown>): string {
  let json = serialised.get(record);
  if (json === undefined) serialised.set(record, (json = JSON.stringify(record)));
  return json;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startOdreReplayServer(
  options: { port?: number; datasets?: string[] } = {},
): Promise<ReplayServer> {
  const data = new Map<string, Record<string, unknown>[]>();
  const indexes = new Map<string, TimeIndex>();
  const indexOf = (dataset: string, records: Record<string, unknown>[]): TimeIndex => {
    let index = indexes.get(dataset);
    if (index?.records !== records) indexes.set(dataset, (index = buildTimeIndex(records)));
    return index;
  };
  for (const dataset of options.datasets ?? ['eco2mix-regional-tr', 'eco2mix-national-tr']) {
    data.set(dataset, loadFixture(dataset));
  }
  if (!options.datasets) data.set('eco2mix-regional-cons-def', loadFixture('eco2mix-regional-tr'));
  const faults: Fault[] = [];
  const requests: ReplayServer['requests'] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const m = /^\/api\/explore\/v2\.1\/catalog\/datasets\/([^/]+)\/(records|exports\/json)$/.exec(
      url.pathname,
    );
    if (req.method !== 'GET' || !m)
      return sendJson(res, 404, { error_code: 'NotFound', message: url.pathname });
    const dataset = decodeURIComponent(m[1] as string);
    const isExport = m[2] === 'exports/json';
    requests.push({ dataset, query: Object.fromEntries(url.searchParams), at: Date.now() });

    const fault = faults.shift();
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      return res.end(fault.body ?? JSON.stringify({ error_code: 'Injected', status: fault.status }));
    }

    const records = data.get(dataset);
    if (!records) return sendJson(res, 404, { error_code: 'DatasetNotFound', message: dataset });
    if (fault?.kind === 'empty') return sendJson(res, 200, isExport ? [] : { total_count: 0, results: [] });
    const selected = applySelect(url.searchParams.get('select'));
    if (typeof selected === 'string')
      return sendJson(res, 400, { error_code: 'ODSQLError', message: selected });
    if (isExport) {
      const filtered = applyWhere(indexOf(dataset, records), url.searchParams.get('where'));
      if (typeof filtered === 'string')
        return sendJson(res, 400, { error_code: 'ODSQLError', message: filtered });
      const ordered = applyOrder(filtered, url.searchParams.get('order_by'));
      const body = url.searchParams.get('select')
        ? JSON.stringify(ordered.map(selected))
        : `[${ordered.map(recordJson).join(',')}]`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(fault?.kind === 'truncate' ? body.slice(0, Math.floor(body.length / 2)) : body);
    }
    const limit = Number(url.searchParams.get('limit') ?? '10');
    const offset = Number(url.searchParams.get('offset') ?? '0');
    if (!Number.isInteger(limit) || limit < -1 || limit > 100) {
      return sendJson(res, 400, { error_code: 'InvalidRESTParameterError', message: 'limit must be <= 100' });
    }
    if (!Number.isInteger(offset) || offset < 0 || offset + limit > 10_000) {
      return sendJson(res, 400, {
        error_code: 'InvalidRESTParameterError',
        message: 'offset + limit must be <= 10000',
      });
    }
    const filtered = applyWhere(indexOf(dataset, records), url.searchParams.get('where'));
    if (typeof filtered === 'string')
      return sendJson(res, 400, { error_code: 'ODSQLError', message: filtered });
    const ordered = applyOrder(filtered, url.searchParams.get('order_by'));
    const body = JSON.stringify({
      total_count: ordered.length,
      results: ordered.slice(offset, offset + limit).map(selected),
    });
    if (fault?.kind === 'truncate') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(body.slice(0, Math.floor(body.length / 2)));
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/api/explore/v2.1`,
    injectFaults: (...f) => faults.push(...f),
    publish: (dataset, recs) => data.set(dataset, [...(data.get(dataset) ?? []), ...recs]),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
