import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import express from 'express';
import type { Knex } from 'knex';
import type { PlatformConfig } from '../lib/config';
import { assertMssqlReaderIsReadOnly } from '../lib/db';
import { silentLogger, type Logger } from '../lib/log';
import { createAuthenticator, isLoopback, requireRole, type LocalSigningKey, type Role } from './auth';
import { mountConsole } from './console-routes';
import type { ApiDeps } from './context';
import { errorHandler, requestId, sendError } from './errors';
import { createGraphqlEndpoint } from './graphql-endpoint';
import { requestMetrics } from './request-metrics';
import { mountHealth } from './health';
import { mountApiDocs } from './rest/openapi';
import { addressRateLimit, principalRateLimit } from './rate-limit';
import { ResponseCache } from './rest/response-cache';
import { crossOriginConsole } from './cors';
import { createRestRouter, REGIONAL_DATASET } from './rest/routes';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  port?: number;
  /** Temporal client for run history and schedules (GraphQL); without it those fields answer 503. */
  temporal?: Client;
  log?: Logger;
  /** The local issuer's key shared by every API process (workers/api-cluster.ts). */
  localSigningKey?: LocalSigningKey;
}

/**
 * The API. Public: `/livez`, `/readyz`, `/openapi.json`, `/docs`, `/auth/*` (the local
 * development issuer answers loopback clients only) and the console's files. Everything else
 * (GraphQL at `/graphql`, the REST routes) needs a bearer token and is rate limited per token
 * subject. Unknown paths answer 404 JSON; errors are `{ code, message, request_id }`.
 */
export async function startApiServer(
  config: PlatformConfig,
  readerDb: Knex,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const log = options.log ?? silentLogger;
  // SQLite opens the file read-only and PostgreSQL's reader is granted SELECT by the writer at
  // start; SQL Server's reader gets its rights from a script run by hand, so they are checked here.
  if (config.db.client === 'mssql') await assertMssqlReaderIsReadOnly(readerDb);
  const deps: ApiDeps = {
    config,
    db: readerDb,
    temporal: options.temporal,
    responseCache: config.api.cacheMb
      ? new ResponseCache(readerDb, {
          maxBytes: config.api.cacheMb * 2 ** 20,
          ttlMs: 3_600_000,
          datasets: [REGIONAL_DATASET],
        })
      : undefined,
  };
  const authenticator = await createAuthenticator(config.auth, options.localSigningKey);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const httpServer = http.createServer(app);

  app.use(requestMetrics);
  app.use(requestId);
  const cors = crossOriginConsole(config.api.corsOrigins);
  if (cors) app.use(cors);
  app.use((_req, res, next) => {
    res.set('x-content-type-options', 'nosniff');
    next();
  });
  app.use(addressRateLimit(config));

  mountHealth(app, deps);
  mountApiDocs(app);

  const devIssuer = authenticator.devIssuer;
  if (devIssuer) {
    app.get('/auth/config', (_req, res) => res.json({ mode: 'local', devTokenUrl: '/auth/dev-token' }));
    app.post('/auth/dev-token', express.json({ limit: '1kb' }), async (req, res) => {
      if (!isLoopback(req.socket.remoteAddress)) {
        sendError(res, 403, 'FORBIDDEN', 'the development issuer answers loopback clients only');
        return;
      }
      const role: Role = req.body?.role === 'admin' ? 'Admin' : 'Reader';
      const subject =
        typeof req.body?.subject === 'string' ? req.body.subject.slice(0, 128) : 'local-developer';
      res.json({
        access_token: await devIssuer.issue(subject, role === 'Admin' ? ['Admin', 'Reader'] : ['Reader']),
        token_type: 'Bearer',
      });
    });
    app.get('/auth/jwks.json', (_req, res) => res.json(devIssuer.jwks));
  } else if (config.auth.mode === 'azure') {
    const { tenantId, audience, authorityHost, console: consoleApp } = config.auth;
    // Everything MSAL in the browser needs; none of it is secret (a SPA registration has no secret).
    const published = {
      mode: 'azure',
      tenantId,
      audience,
      authority: `${authorityHost}/${tenantId}`,
      clientId: consoleApp.clientId ?? null,
      scopes: consoleApp.scopes,
    };
    app.get('/auth/config', (_req, res) => res.json(published));
  }

  const authenticated = [requireRole(authenticator), principalRateLimit(config)];
  const graphql = await createGraphqlEndpoint(deps, httpServer, log);
  app.all('/graphql', ...authenticated, ...graphql.handler);
  mountConsole(app);
  app.use(createRestRouter(deps, authenticated));

  app.use((req, res) => sendError(res, 404, 'NOT_FOUND', `no route ${req.method} ${req.path}`));
  app.use(errorHandler(log));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? config.api.port, config.api.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${config.api.host}:${port}`,
    close: async () => {
      await graphql.stop();
    },
  };
}
