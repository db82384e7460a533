import { GraphQLError } from 'graphql';
import { checkArguments } from '../argument-check';
import { assertAdmin } from '../auth';
import type { ApiContext } from '../context';
import { classify } from '../errors';
import { alertsResolvers } from './alerts';
import { nationalResolvers } from './national';
import { operationsResolvers } from './operations';
import { regionalResolvers } from './regional';
import { runsResolvers } from './runs';
import { schedulesResolvers } from './schedules';
import { regionsExtraResolvers } from './regions-extra';
import { DateTime } from './scalars';
import { viewerResolvers } from './viewer';

type FieldResolver = (...args: never[]) => unknown;
type ResolverMap = Record<string, Record<string, FieldResolver>>;

/** One entry per area; each holds the resolvers of its graphql/sdl/<area>.graphql. */
const AREAS: ResolverMap[] = [
  viewerResolvers,
  regionalResolvers,
  operationsResolvers,
  nationalResolvers,
  regionsExtraResolvers,
  runsResolvers,
  schedulesResolvers,
  alertsResolvers,
];

/**
 * Our error classes become GraphQL errors with a code and the HTTP status Apollo should answer
 * (400 bad input, 403 forbidden, 404, 503 unavailable); anything else stays internal and is
 * masked by the server's formatError. Applied to every resolver, root or nested (a run's
 * activities call Temporal, a region's per-capita figures validate their range).
 */
function withErrorCodes(resolve: FieldResolver, type: string): FieldResolver {
  const root = type === 'Query' || type === 'Mutation';
  return async (...args) => {
    try {
      // Every mutation is an admin action: the role is checked before the arguments, so a
      // Reader learns nothing about what a valid call would be.
      if (type === 'Mutation') assertAdmin((args[2] as unknown as ApiContext).viewer);
      if (root) checkArguments(args[1] as unknown as Record<string, unknown>);
      return await resolve(...args);
    } catch (err) {
      if (err instanceof GraphQLError) throw err;
      const { status, code, message } = classify(err);
      if (status >= 500 && status !== 503) throw err;
      throw new GraphQLError(message ?? code, {
        extensions: { code: code === 'BAD_REQUEST' ? 'BAD_USER_INPUT' : code, http: { status } },
      });
    }
  };
}

function merge(areas: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const area of areas) {
    for (const [type, fields] of Object.entries(area)) {
      merged[type] ??= {};
      for (const [name, resolve] of Object.entries(fields)) {
        if (merged[type][name]) throw new Error(`resolver ${type}.${name} is declared twice`);
        merged[type][name] = withErrorCodes(resolve, type);
      }
    }
  }
  return merged;
}

export const resolvers = { DateTime, ...merge(AREAS) };
