import type { NextFunction, Request, Response } from 'express';
import { processMetrics } from '../lib/metrics/registry';

/** Label of a request no route matched (404s, the console's static files): one series, not one per path. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** The route template (`/production/regional/:region`), known only once routing has run. */
function routeTemplate(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}` : UNMATCHED_ROUTE;
}

/** Times every request into `http_request_duration_seconds`; mounted first so refusals count too. */
export function requestMetrics(req: Request, res: Response, next: NextFunction): void {
  const stop = processMetrics().httpRequestDuration.startTimer();
  res.once('finish', () =>
    stop({ method: req.method, route: routeTemplate(req), status: String(res.statusCode) }),
  );
  next();
}
