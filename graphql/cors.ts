import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Cross-origin calls from a console hosted apart from the API (Azure Static Web Apps): only the
 * configured origins, and no cookies, since the API authenticates with bearer tokens. With no
 * origin configured nothing is added and browsers keep the same-origin rule.
 */
export function crossOriginConsole(origins: readonly string[]): RequestHandler | undefined {
  if (!origins.length) return undefined;
  return cors({
    origin: [...origins],
    methods: ['GET', 'POST'],
    // Apollo's CSRF guard asks for content-type or apollo-require-preflight on POST.
    allowedHeaders: [
      'authorization',
      'content-type',
      'x-request-id',
      'apollo-require-preflight',
      'if-none-match',
    ],
    exposedHeaders: [
      'content-disposition',
      'etag',
      'x-request-id',
      'retry-after',
      'ratelimit-policy',
      'ratelimit',
    ],
    credentials: false,
    maxAge: 600,
  });
}
