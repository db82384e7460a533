import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Logger } from '../lib/log';
import { processMetrics } from '../lib/metrics/registry';
import type { ApiContext, ApiDeps } from './context';
import { resolvers } from './resolvers';
import { typeDefs } from './schema';

export const MAX_QUERY_DEPTH = 8;
export const MAX_QUERY_COST = 2_000;
export const MAX_BODY = '100kb';

/**
 * A list costs its children once per hundred items asked for, so `first: 20000` of a wide type
 * is expensive and a page of 50 is cheap; every other field costs 1.
 */
const listEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === 'number' ? args.first : undefined;
  return first === undefined ? undefined : 1 + Math.ceil(first / 100) * childComplexity;
};

function costLimit(): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables,
              operationName: request.operationName,
              estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (err) {
            // Estimating reads the variables first: a value of the wrong type is the client's error.
            throw new GraphQLError((err as Error).message, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          if (cost > MAX_QUERY_COST) {
            throw new GraphQLError(
              `query cost ${cost} exceeds ${MAX_QUERY_COST}: ask for fewer items per page (first) or fewer fields`,
              { extensions: { code: 'QUERY_TOO_COSTLY', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

/** Internal errors keep their stack in the log only; every error carries the request id. */
function errorHygiene(log: Logger): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const err of errors) {
            processMetrics().apiErrors.inc({ code: String(err.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
            if (err.extensions?.code === 'INTERNAL_SERVER_ERROR' || !err.extensions?.code) {
              log.error('graphql resolver failed', {
                request_id: contextValue.requestId,
                path: err.path?.join('.'),
                error: err.originalError?.stack ?? err.message,
              });
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const err of response.body.singleResult.errors ?? []) {
            (err as { extensions?: Record<string, unknown> }).extensions = {
              ...err.extensions,
              request_id: contextValue.requestId,
            };
          }
        },
      };
    },
  };
}

export interface GraphqlEndpoint {
  handler: RequestHandler[];
  stop(): Promise<void>;
}

export async function createGraphqlEndpoint(
  deps: ApiDeps,
  httpServer: http.Server,
  log: Logger,
): Promise<GraphqlEndpoint> {
  const debug = deps.config.api.debug;
  const apollo = new ApolloServer<ApiContext>({
    typeDefs: typeDefs(),
    resolvers,
    introspection: deps.config.env !== 'production',
    includeStacktraceInErrorResponses: debug,
    validationRules: [depthLimit(MAX_QUERY_DEPTH)],
    formatError: (formatted) => {
      if (debug || (formatted.extensions?.code && formatted.extensions.code !== 'INTERNAL_SERVER_ERROR'))
        return formatted;
      return { message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
    // The process entrypoints own signal handling; Apollo's own handler re-raises the signal and
    // would kill the process before it stops the workers and the servers it started.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // We send no cache-control hints; the plugin would still run a hook on every field, a
      // visible share of a large answer (bench/README.md, bench:api).
      ApolloServerPluginCacheControlDisabled(),
      costLimit(),
      errorHygiene(log),
    ],
  });
  await apollo.start();
  return {
    handler: [
      express.json({ limit: MAX_BODY }),
      expressMiddleware(apollo, {
        context: async ({ req }) => ({ ...deps, viewer: req.viewer!, requestId: req.id }),
      }),
    ],
    stop: () => apollo.stop(),
  };
}
