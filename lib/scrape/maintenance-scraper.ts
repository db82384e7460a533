import { TimeoutError, type HTTPResponse, type Page } from 'puppeteer-core';
import { HttpStatusError, HttpTimeoutError, parseRetryAfter } from '../http/odre-client';
import {
  MAINTENANCE_FIELDS,
  type MaintenanceField,
  type MaintenanceSelectors,
} from './maintenance-selectors';

/**
 * Reads one page of the maintenance listing in a real browser: the document and the data its
 * script loads must answer 2xx, every configured selector and column label must be there, and the
 * rows are read by column label (not position), as displayed. What it cannot trust, it refuses
 * with a typed error; whether to retry is the activity's decision.
 */

/** One event as the page shows it: text only, cleaned and typed in Silver. */
export type RawMaintenanceEvent = Record<MaintenanceField, string>;

/** The page no longer looks as configured. Retrying will not help; the HTML says what changed. */
export class PageStructureError extends Error {
  override name = 'PageStructureError';
  constructor(
    readonly url: string,
    readonly missing: string[],
    readonly html: string,
  ) {
    super(`maintenance page ${url} changed structure: missing ${missing.join('; ')}`);
  }
}

/** No rows and no statement that there are none: an empty success would hide a broken page. */
export class EmptyListingError extends Error {
  override name = 'EmptyListingError';
  constructor(
    readonly url: string,
    readonly html: string,
    noEventsMarker: string,
  ) {
    super(
      `maintenance page ${url} lists no events and does not say there are none (no "${noEventsMarker}" element)`,
    );
  }
}

/** The page's own script reported that its data failed to load: a transient fault upstream. */
export class PageLoadError extends Error {
  override name = 'PageLoadError';
}

export interface ScrapedPage {
  url: string;
  pageNumber: number;
  pageCount: number;
  /** Main document status. */
  status: number;
  /** The DOM after the page's script rendered the table: what Bronze keeps. */
  html: string;
  headers: string[];
  events: RawMaintenanceEvent[];
  /** Absolute URL of the next page; undefined on the last. */
  nextUrl?: string;
  /** The page says explicitly that there are no events. */
  noEvents: boolean;
  fetchedAt: string;
}

interface DomReading {
  tableFound: boolean;
  headers: string[];
  rows: string[][];
  nextHref: string | null;
  counterText: string | null;
  noEvents: boolean;
  loadError: string | null;
}

/**
 * Runs in the page. Kept as source text on purpose: bundlers (tsx, swc) add helpers such as
 * `__name` to functions, and those helpers do not exist inside the browser.
 */
const READ_DOM = `(function (s) {
  var norm = function (t) { return (t || '').replace(/\\s+/g, ' ').trim(); };
  var table = document.querySelector(s.table);
  var headers = [];
  var rows = [];
  if (table) {
    headers = Array.prototype.map.call(table.querySelectorAll(s.headerCell), function (th) { return norm(th.textContent); });
    rows = Array.prototype.map.call(table.querySelectorAll(s.row), function (tr) {
      return Array.prototype.map.call(tr.querySelectorAll(s.cell), function (td) { return norm(td.textContent); });
    });
  }
  var next = document.querySelector(s.next);
  var counter = document.querySelector(s.counter);
  var loadError = document.querySelector(s.loadError);
  return {
    tableFound: !!table,
    headers: headers,
    rows: rows,
    nextHref: next && next.href ? String(next.href) : null,
    counterText: counter ? norm(counter.textContent) : null,
    noEvents: !!document.querySelector(s.noEventsMarker),
    loadError: loadError ? norm(loadError.textContent) : null
  };
})`;

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

function statusError(response: HTTPResponse): HttpStatusError {
  return new HttpStatusError(
    response.url(),
    response.status(),
    parseRetryAfter(response.headers()['retry-after'] ?? null),
    '',
  );
}

export async function scrapeMaintenancePage(
  page: Page,
  url: string,
  expectedPage: number,
  selectors: MaintenanceSelectors,
  timeoutMs: number,
): Promise<ScrapedPage> {
  // The table comes from requests the page's script makes: their failures count like the document's.
  const failed: HTTPResponse[] = [];
  const onResponse = (response: HTTPResponse) => {
    const type = response.request().resourceType();
    if ((type === 'xhr' || type === 'fetch') && response.status() >= 400) failed.push(response);
  };
  page.on('response', onResponse);
  let document: HTTPResponse | null;
  try {
    document = await page.goto(url, { waitUntil: 'networkidle0', timeout: timeoutMs });
  } catch (err) {
    if (err instanceof TimeoutError) {
      throw new HttpTimeoutError(`maintenance page ${url} did not finish loading within ${timeoutMs} ms`);
    }
    throw err;
  } finally {
    page.off('response', onResponse);
  }
  const fetchedAt = new Date().toISOString();
  if (!document) throw new Error(`navigation to ${url} produced no document response`);
  if (document.status() >= 400) throw statusError(document);
  if (failed[0]) throw statusError(failed[0]);

  const ready = [`${selectors.table} ${selectors.row}`, selectors.noEventsMarker, selectors.loadError].join(
    ', ',
  );
  // networkidle0 means the data arrived; rendering follows at once, but a slow script gets a moment.
  await page.waitForSelector(ready, { timeout: Math.min(timeoutMs, 5_000) }).catch((err: unknown) => {
    if (!(err instanceof TimeoutError)) throw err;
  });
  const dom = (await page.evaluate(
    `${READ_DOM}(${JSON.stringify({ ...selectors, ...selectors.pagination })})`,
  )) as DomReading;
  const html = await page.content();

  if (dom.loadError) throw new PageLoadError(`maintenance page ${url} reported: ${dom.loadError}`);

  const missing: string[] = [];
  if (!dom.tableFound) missing.push(`table "${selectors.table}"`);
  const headers = dom.headers.map(normalise);
  const columnIndex = {} as Record<MaintenanceField, number>;
  if (dom.tableFound) {
    for (const field of MAINTENANCE_FIELDS) {
      const label = normalise(selectors.columns[field]);
      columnIndex[field] = headers.indexOf(label);
      if (columnIndex[field] < 0) missing.push(`column "${label}" (${field}) in "${selectors.headerCell}"`);
    }
  }
  const counter = dom.counterText
    ? new RegExp(selectors.pagination.counterPattern).exec(dom.counterText)
    : null;
  if (!dom.counterText) missing.push(`page counter "${selectors.pagination.counter}"`);
  else if (!counter) {
    missing.push(
      `page counter text matching /${selectors.pagination.counterPattern}/ (got "${dom.counterText}")`,
    );
  }
  const pageNumber = counter ? Number(counter[1]) : expectedPage;
  const pageCount = counter ? Number(counter[2]) : expectedPage;
  if (counter && pageNumber !== expectedPage) {
    missing.push(`page ${expectedPage} (the counter says "${dom.counterText}")`);
  }
  if (counter && pageNumber < pageCount && !dom.nextHref) {
    missing.push(`next-page link "${selectors.pagination.next}" on page ${pageNumber} of ${pageCount}`);
  }
  dom.rows.forEach((cells, i) => {
    if (missing.length === 0 && cells.length < headers.length) {
      missing.push(`cells "${selectors.cell}" in row ${i + 1} (${cells.length} of ${headers.length})`);
    }
  });
  if (missing.length) throw new PageStructureError(url, missing, html);

  if (dom.rows.length === 0 && !dom.noEvents)
    throw new EmptyListingError(url, html, selectors.noEventsMarker);

  const events = dom.rows.map(
    (cells) =>
      Object.fromEntries(
        MAINTENANCE_FIELDS.map((field) => [field, cells[columnIndex[field]] ?? '']),
      ) as RawMaintenanceEvent,
  );
  return {
    url,
    pageNumber,
    pageCount,
    status: document.status(),
    html,
    headers,
    events,
    nextUrl: pageNumber < pageCount ? (dom.nextHref ?? undefined) : undefined,
    noEvents: dom.noEvents && dom.rows.length === 0,
    fetchedAt,
  };
}
