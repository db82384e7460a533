import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Knex } from 'knex';
import type { Config } from '../lib/config';
import { createAuthenticator, isLoopback, requireRole, type Role } from './auth';
import { resolvers, type ApiContext } from './resolvers';

export const TYPE_DEFS = readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');
const UI_DIST = path.resolve(__dirname, '../ui/dist');

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The API: GraphQL at /graphql (token required), health at /health, the local development
 * token issuer at /auth/dev-token (local mode, loopback only) and the console's static files.
 */
export async function startApiServer(
  config: Config,
  readerDb: Knex,
  options: { port?: number } = {},
): Promise<ApiServer> {
  const authenticator = await createAuthenticator(config.auth);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  app.get('/health', async (_req, res) => {
    try {
      await readerDb.raw('select 1');
      res.json({ status: 'ok', auth: config.auth.mode });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', error: (err as Error).message });
    }
  });

  const devIssuer = authenticator.devIssuer;
  if (devIssuer) {
    app.get('/auth/config', (_req, res) => res.json({ mode: 'local', devTokenUrl: '/auth/dev-token' }));
    app.post('/auth/dev-token', express.json(), async (req, res) => {
      if (!isLoopback(req.socket.remoteAddress)) {
        res.status(403).json({ error: 'the development issuer answers loopback clients only' });
        return;
      }
      const role: Role = req.body?.role === 'admin' ? 'Admin' : 'Reader';
      const subject = typeof req.body?.subject === 'string' ? req.body.subject : 'local-developer';
      res.json({
        access_token: await devIssuer.issue(subject, role === 'Admin' ? ['Admin', 'Reader'] : ['Reader']),
        token_type: 'Bearer',
      });
    });
    app.get('/auth/jwks.json', (_req, res) => res.json(devIssuer.jwks));
  } else if (config.auth.mode === 'azure') {
    const { tenantId, audience } = config.auth;
    app.get('/auth/config', (_req, res) => res.json({ mode: 'azure', tenantId, audience }));
  }

  const apollo = new ApolloServer<ApiContext>({
    typeDefs: TYPE_DEFS,
    resolvers,
    introspection: config.env !== 'production',
    // The process entrypoints own signal handling; Apollo's own handler re-raises the signal and
    // would kill the process before it stops the workers and the servers it started.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  app.use(
    '/graphql',
    requireRole(authenticator),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: async ({ req }) => ({ db: readerDb, viewer: req.viewer! }) }),
  );

  if (existsSync(UI_DIST)) {
    app.use(express.static(UI_DIST));
    app.get(/^\/(?!graphql|auth|health).*/, (_req, res) => res.sendFile(path.join(UI_DIST, 'index.html')));
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? config.api.port, config.api.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${config.api.host}:${port}`,
    close: async () => {
      await apollo.stop();
    },
  };
}
