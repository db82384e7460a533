import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { Knex } from 'knex';
import type { Viewer } from './auth';
import * as gold from './gold-queries';

export interface ApiContext {
  db: Knex;
  viewer: Viewer;
}

function parseInstant(value: unknown): Date {
  // An offset is mandatory: a local time without one is ambiguous on DST nights.
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw new GraphQLError(
      `DateTime must be an ISO 8601 instant with an offset, got ${JSON.stringify(value)}`,
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`invalid DateTime ${value}`);
  return date;
}

const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: parseInstant,
  parseLiteral: (ast) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
});

async function asUserError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof gold.QueryInputError)
      throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw err;
  }
}

interface RangeArgs {
  regionCode: string;
  from: Date;
  to: Date;
}

export const resolvers = {
  DateTime,
  Query: {
    regions: (_: unknown, __: unknown, ctx: ApiContext) => gold.listRegions(ctx.db),
    regionalProduction: (_: unknown, args: RangeArgs & { sourceCode?: string }, ctx: ApiContext) =>
      asUserError(() => gold.regionalProduction(ctx.db, args.regionCode, args, args.sourceCode)),
    regionalBalance: (_: unknown, args: RangeArgs, ctx: ApiContext) =>
      asUserError(() => gold.regionalBalance(ctx.db, args.regionCode, args)),
    dailyEnergy: (_: unknown, args: { regionCode: string; from: string; to: string }, ctx: ApiContext) =>
      asUserError(() => gold.dailyEnergy(ctx.db, args.regionCode, args.from, args.to)),
    hourlyEnergy: (_: unknown, args: { regionCode: string; from: Date; to: Date }, ctx: ApiContext) =>
      asUserError(() => gold.hourlyEnergy(ctx.db, args.regionCode, args)),
    weather: (_: unknown, args: { regionCode: string; from: Date; to: Date }, ctx: ApiContext) =>
      asUserError(() => gold.weather(ctx.db, args.regionCode, args)),
    maintenanceEvents: (_: unknown, args: { regionCode?: string; from: Date; to: Date }, ctx: ApiContext) =>
      asUserError(() => gold.maintenanceEvents(ctx.db, args, args.regionCode)),
    auditLog: (_: unknown, args: gold.AuditFilter & { limit: number }, ctx: ApiContext) =>
      asUserError(() => gold.auditLog(ctx.db, args, args.limit)),
    qualityResults: (
      _: unknown,
      args: { dataset?: string; outcome?: string; limit: number },
      ctx: ApiContext,
    ) => asUserError(() => gold.qualityResults(ctx.db, args, args.limit)),
    me: (_: unknown, __: unknown, ctx: ApiContext) => ctx.viewer,
  },
};
