import { z } from 'zod';

/**
 * A small client for the ODRE (Opendatasoft) Explore API v2.1 records endpoint. It knows the
 * API's limits and turns every failure into a typed error; what to retry is decided by the
 * activity layer, which owns the Temporal retry policy.
 */

export const ODRE_MAX_PAGE_SIZE = 100;
/** The records endpoint refuses offset + limit above this; larger selections must be sliced. */
export const ODRE_MAX_WINDOW = 10_000;

export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    readonly bodySnippet: string,
  ) {
    super(`HTTP ${status} from ${url}${bodySnippet ? `: ${bodySnippet}` : ''}`);
  }

  /** 4xx are permanent except 408 (timeout) and 429 (rate limited). */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export class HttpTimeoutError extends Error {
  override name = 'HttpTimeoutError';
}

/** The body was not the JSON document the API promises: `kind` says whether it was cut or changed shape. */
export class PayloadError extends Error {
  override name = 'PayloadError';
  constructor(
    message: string,
    readonly kind: 'malformed' | 'schema',
    readonly body: string,
  ) {
    super(message);
  }
}

const recordsPageSchema = z.object({
  total_count: z.number().int().nonnegative(),
  results: z.array(z.record(z.string(), z.unknown())),
});

const exportSchema = z.array(z.record(z.string(), z.unknown()));

export interface ExportAnswer {
  url: string;
  params: Record<string, string>;
  status: number;
  /** The body exactly as received: this is what Bronze keeps. */
  body: string;
  records: Record<string, unknown>[];
  fetchedAt: string;
}

export interface RecordsQuery {
  where?: string;
  orderBy?: string;
  /** Fields to return (all when absent): the freshness probe asks for `date_heure` only. */
  select?: string;
  limit: number;
  offset: number;
}

export interface RecordsPage {
  url: string;
  params: Record<string, string>;
  status: number;
  /** The body exactly as received: this is what Bronze keeps. */
  body: string;
  totalCount: number;
  results: Record<string, unknown>[];
  fetchedAt: string;
}

export interface OdreClientOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A body that is not JSON (cut short, an HTML error page) is a malformed payload, kept for quarantine. */
function parseJsonBody(url: string, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new PayloadError(
      `body from ${url} is not valid JSON (${(err as Error).message})`,
      'malformed',
      body,
    );
  }
}

export class OdreClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: OdreClientOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async records(dataset: string, query: RecordsQuery): Promise<RecordsPage> {
    if (query.limit < 1 || query.limit > ODRE_MAX_PAGE_SIZE) {
      throw new RangeError(`limit must be between 1 and ${ODRE_MAX_PAGE_SIZE}, got ${query.limit}`);
    }
    if (query.offset < 0 || query.offset + query.limit > ODRE_MAX_WINDOW) {
      throw new RangeError(
        `offset + limit must not exceed ${ODRE_MAX_WINDOW}, got ${query.offset + query.limit}`,
      );
    }
    const params: Record<string, string> = { limit: String(query.limit), offset: String(query.offset) };
    if (query.where) params.where = query.where;
    if (query.orderBy) params.order_by = query.orderBy;
    if (query.select) params.select = query.select;
    const url = `${this.options.baseUrl}/catalog/datasets/${encodeURIComponent(dataset)}/records?${new URLSearchParams(params)}`;

    const { status, body } = await this.get(url);
    const json = parseJsonBody(url, body);
    const parsed = recordsPageSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new PayloadError(`records page from ${url} has an unexpected shape: ${issues}`, 'schema', body);
    }
    return {
      url,
      params,
      status,
      body,
      totalCount: parsed.data.total_count,
      results: parsed.data.results,
      fetchedAt: new Date().toISOString(),
    };
  }

  /**
   * The whole selection in one answer through `/exports/json`: no 10 000-record window, one
   * request per chunk, which is what a history backfill wants.
   */
  async exportJson(dataset: string, query: Omit<RecordsQuery, 'limit' | 'offset'>): Promise<ExportAnswer> {
    const params: Record<string, string> = {};
    if (query.where) params.where = query.where;
    if (query.orderBy) params.order_by = query.orderBy;
    if (query.select) params.select = query.select;
    const url = `${this.options.baseUrl}/catalog/datasets/${encodeURIComponent(dataset)}/exports/json?${new URLSearchParams(params)}`;
    const { status, body } = await this.get(url);
    const json = parseJsonBody(url, body);
    const parsed = exportSchema.safeParse(json);
    if (!parsed.success) {
      throw new PayloadError(`export from ${url} is not an array of records`, 'schema', body);
    }
    return { url, params, status, body, records: parsed.data, fetchedAt: new Date().toISOString() };
  }

  private async get(url: string): Promise<{ status: number; body: string }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Apikey ${this.options.apiKey}`;
    let response: Response;
    let body: string;
    try {
      response = await this.fetchImpl(url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
      body = await response.text();
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new HttpTimeoutError(`no complete answer from ${url} within ${this.options.timeoutMs} ms`);
      }
      throw err;
    }
    if (!response.ok) {
      throw new HttpStatusError(
        url,
        response.status,
        parseRetryAfter(response.headers.get('retry-after')),
        body.slice(0, 300),
      );
    }
    return { status: response.status, body };
  }
}
