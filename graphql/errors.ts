import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../lib/log';
import { processMetrics } from '../lib/metrics/registry';

/**
 * One error vocabulary for REST and GraphQL. Bad input is the client's to fix (400 with a clear
 * message); anything else is ours (500 with the request id only: no stack, no SQL, no paths).
 */

export class QueryInputError extends Error {
  override name = 'QueryInputError';
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Something the API depends on (Temporal, the database) is not reachable. */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

export interface ApiErrorBody {
  code: string;
  message: string;
  request_id: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

/** Every request gets an id, echoed in `x-request-id` and in every error body and log line. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.get('x-request-id');
  req.id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  res.set('x-request-id', req.id);
  next();
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  processMetrics().apiErrors.inc({ code });
  const body: ApiErrorBody = { code, message, request_id: res.req.id };
  res.status(status).json(body);
}

export function classify(err: unknown): { status: number; code: string; message?: string } {
  if (err instanceof QueryInputError) return { status: 400, code: 'BAD_REQUEST', message: err.message };
  if (err instanceof ForbiddenError) return { status: 403, code: 'FORBIDDEN', message: err.message };
  if (err instanceof NotFoundError) return { status: 404, code: 'NOT_FOUND', message: err.message };
  if (err instanceof UnavailableError) return { status: 503, code: 'UNAVAILABLE', message: err.message };
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  // body-parser's own errors (malformed JSON, body too large) carry a status and are safe to show.
  if (e?.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return {
      status: e.status,
      code: e.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
      message: e.message,
    };
  }
  return { status: 500, code: 'INTERNAL' };
}

/** The last Express error handler: JSON only, the stack goes to the log with the request id. */
export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { status, code, message } = classify(err);
    if (status >= 500) {
      log.error('request failed', {
        request_id: req.id,
        method: req.method,
        path: req.path,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    }
    if (res.headersSent) {
      // A streamed response already sent its status: cut it short so the client sees a failure.
      res.destroy();
      return;
    }
    sendError(res, status, code, message ?? `internal error (request ${req.id})`);
  };
}
