import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { PlatformConfig } from '../lib/config';
import { sendError } from './errors';

/**
 * Two limits: per client address before authentication (so a flood of bad tokens costs little),
 * and per token subject after it (so one integration cannot starve the others, wherever it
 * connects from). Standard `RateLimit-*` headers tell clients where they stand.
 */
function limiter(perMinute: number, key: 'address' | 'subject'): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) =>
      key === 'subject' && req.viewer ? `sub:${req.viewer.subject}` : ipKeyGenerator(req.ip ?? ''),
    handler: (_req, res) =>
      sendError(res, 429, 'RATE_LIMITED', `more than ${perMinute} requests per minute; retry later`),
  });
}

export function addressRateLimit(config: PlatformConfig): RequestHandler {
  return limiter(config.api.ipRateLimitPerMinute, 'address');
}

export function principalRateLimit(config: PlatformConfig): RequestHandler {
  return limiter(config.api.rateLimitPerMinute, 'subject');
}
