import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ApiDeps } from '../context';
import { streamRegionalCsv } from './csv-export';
import {
  alertsQuery,
  carbonQuery,
  csvQuery,
  parseQuery,
  productionQuery,
  type AlertsQuery,
  type ProductionQuery,
  type SeriesQuery,
} from './params';
import { parisLocalIso } from './paris-local';
import { regionalSeriesPage, seriesSelection, type SeriesItem } from './regional-series';
import { alertsResponse, carbonResponse, productionResponse } from './responses';
import { alertsPage } from './alerts-page';

/**
 * The REST routes, listed once: the router, /openapi.json and the security suite all read this
 * table, so a route cannot be served without being documented and tested for authentication.
 */
export interface RestRoute {
  method: 'get';
  path: string;
  summary: string;
  description: string;
  /** Validates the query string and documents it in /openapi.json. */
  query: z.ZodObject;
  /** JSON body schema, or `csv`. */
  response: z.ZodType | 'csv';
  /** A valid query, used by the security suite and the docs' examples. */
  exampleQuery: string;
  /**
   * JSON routes: the answer to a valid query, which the router caches and sends. Other routes
   * (the CSV stream) write the response themselves in `handle`.
   */
  answer?(deps: ApiDeps, query: z.output<this['query']>): Promise<unknown>;
  /**
   * Answered afresh on every request, never from the response cache: its eviction follows Gold
   * loads (gold_changes), and alerts change without one (an evaluation, an admin's action).
   */
  uncached?: true;
  handle?(deps: ApiDeps, req: Request, res: Response): Promise<void>;
}

/** The gold dataset behind these routes, as the regional loader names it in gold_changes. */
export const REGIONAL_DATASET = 'eco2mix_regional';

/** Longest period an item covers past its start (a Paris day on the autumn change): for eviction. */
const LONGEST_PERIOD_MS = 25 * 3_600_000;

/**
 * Sends a JSON route's answer from the response cache, or builds, stores and sends it. The key
 * is the validated query (defaults filled in, dates normalised), so equivalent URLs share an
 * answer; the query is validated before the cache is consulted.
 */
async function sendJson(route: RestRoute, deps: ApiDeps, req: Request, res: Response): Promise<void> {
  const cache = route.uncached ? undefined : deps.responseCache;
  if (cache) await cache.sync();
  const generation = cache?.currentGeneration ?? 0;
  // Validated first: a bad query is a 400 whatever is cached.
  const query = parseQuery(route.query, req.query) as { from: Date; to: Date };
  const key = `${req.path}?${JSON.stringify(query)}`;
  let answer = cache?.get(key);
  if (!route.uncached) res.set('x-cache', answer ? 'hit' : 'miss');
  if (!answer) {
    const body = Buffer.from(JSON.stringify(await route.answer!(deps, query)));
    answer = cache
      ? cache.set(
          key,
          { from: query.from, to: new Date(query.to.getTime() + LONGEST_PERIOD_MS) },
          body,
          generation,
        )
      : { body, etag: '' };
  }
  if (answer.etag) res.set('etag', answer.etag);
  if (answer.etag && req.get('if-none-match') === answer.etag) {
    res.status(304).end();
    return;
  }
  res.set('content-type', 'application/json; charset=utf-8');
  res.set('content-length', String(answer.body.length));
  res.end(answer.body);
}

const round = (v: number | null, digits = 3) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

function envelope(q: SeriesQuery, total: number, nextCursor: string | null, items: unknown[]) {
  return {
    region_code: q.region_code ?? null,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    granularity: q.granularity,
    total,
    items,
    next_cursor: nextCursor,
  };
}

function periodFields(item: SeriesItem) {
  return {
    region_code: item.regionCode,
    period_start_utc: item.periodStart.toISOString(),
    period_start_paris: parisLocalIso(item.periodStart),
    quarter_hours: item.quarterHours,
  };
}

export const REST_ROUTES: RestRoute[] = [
  {
    method: 'get',
    path: '/production/regional',
    summary: 'Regional production by source with consumption, exchanges and carbon intensity',
    description:
      'One item per region and period, ordered by region then time: mean MW per production source, total production, consumption, net physical exchange (negative: the region exports), life-cycle carbon intensity of the regional production and its renewable and low-carbon shares. `granularity` picks the quarter-hour facts or the hourly and daily rollups. Paged: follow `next_cursor`.',
    query: productionQuery,
    response: productionResponse,
    exampleQuery: 'region_code=75&from=2025-02-20T00:00:00Z&to=2025-02-21T00:00:00Z&granularity=15min',
    async answer(deps, query) {
      const q = query as ProductionQuery;
      const page = await regionalSeriesPage(deps.db, seriesSelection(q), q, { withProduction: true });
      const items = page.items.map((item) => ({
        ...periodFields(item),
        production_mw: Object.fromEntries(
          Object.entries(item.productionBySource ?? {}).map(([k, v]) => [k, round(v)]),
        ),
        production_total_mw: round(item.productionMw),
        consumption_mw: round(item.consumptionMw),
        net_exchange_mw: round(item.netExchangeMw),
        carbon_intensity_g_per_kwh: round(item.carbonIntensity, 2),
        renewable_share_pct: round(item.renewableSharePct, 2),
        low_carbon_share_pct: round(item.lowCarbonSharePct, 2),
      }));
      return envelope(q, page.total, page.nextCursor, items);
    },
  },
  {
    method: 'get',
    path: '/carbon/regional',
    summary: 'Regional carbon intensity',
    description:
      'Life-cycle carbon intensity of the regional production (gCO2eq/kWh; imports not counted), per region and period; over an hour or a day it is weighted by production.',
    query: carbonQuery,
    response: carbonResponse,
    exampleQuery: 'region_code=75&from=2025-02-20T00:00:00Z&to=2025-02-21T00:00:00Z&granularity=hour',
    async answer(deps, query) {
      const q = query as SeriesQuery;
      const page = await regionalSeriesPage(deps.db, seriesSelection(q), q, { withProduction: false });
      const items = page.items.map((item) => ({
        ...periodFields(item),
        carbon_intensity_g_per_kwh: round(item.carbonIntensity, 2),
      }));
      return envelope(q, page.total, page.nextCursor, items);
    },
  },
  {
    method: 'get',
    path: '/exports/regional-production.csv',
    summary: 'Regional production as CSV for Excel',
    description:
      'The same series as /production/regional, every page, streamed as CSV: UTF-8 with BOM, `;` separator, CRLF, decimal comma unless `decimal=point`, Paris wall-clock time beside UTC, one column per production source. Cells a spreadsheet would run as formulas are prefixed with an apostrophe.',
    query: csvQuery,
    response: 'csv',
    exampleQuery: 'region_code=75&from=2025-02-20&to=2025-02-21&granularity=hour',
    async handle({ db }, req, res) {
      const q = parseQuery(csvQuery, req.query);
      await streamRegionalCsv(db, q, res);
    },
  },
  {
    method: 'get',
    path: '/alerts',
    summary: 'Alerts of the over-production and negative-price-risk rules',
    description:
      'The alerts GraphQL `alerts` lists, newest opened first, without their transitions. `from`/`to` select the alerts whose episode (episode_start to last_seen_at, quarter-hours included) overlaps [from, to). Never cached: an evaluation or an admin may change an alert at any time. Paged: follow `next_cursor`.',
    query: alertsQuery,
    response: alertsResponse,
    exampleQuery:
      'status=open&kind=OVER_PRODUCTION&region_code=75&from=2025-02-20T00:00:00Z&to=2025-02-21T00:00:00Z',
    uncached: true,
    answer: (deps, query) => alertsPage(deps.db, query as AlertsQuery),
  },
];

export function createRestRouter(deps: ApiDeps, authenticated: RequestHandler[]): Router {
  const router = Router();
  for (const route of REST_ROUTES) {
    router[route.method](route.path, ...authenticated, async (req, res, next) => {
      try {
        if (route.answer) await sendJson(route, deps, req, res);
        else await route.handle!(deps, req, res);
      } catch (err) {
        next(err);
      }
    });
  }
  return router;
}
