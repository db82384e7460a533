import type { ApiContext } from '../context';
import { pageOf, toConnection, type PageArgs } from '../connection';
import * as national from '../gold-queries-national';

interface RangeArgs extends PageArgs {
  from: Date;
  to: Date;
}

const iso = (d: Date) => d.toISOString();

/** The national eCO2mix feed (graphql/sdl/national.graphql). */
export const nationalResolvers = {
  Query: {
    nationalBalance: async (_: unknown, args: RangeArgs, ctx: ApiContext) => {
      const page = pageOf(args, { default: 3000, max: 3000 }, 1);
      const rows = await national.nationalBalance(ctx.db, args, page);
      return toConnection(rows, page, (r) => [iso(r.timestamp)]);
    },
    nationalProduction: async (
      _: unknown,
      args: RangeArgs & { sourceCode?: string | null },
      ctx: ApiContext,
    ) => {
      const page = pageOf(args, { default: 5000, max: 20_000 }, 2);
      const rows = await national.nationalProduction(ctx.db, args, args.sourceCode, page);
      return toConnection(rows, page, (r) => [iso(r.timestamp), r.sourceCode]);
    },
    nationalBreakdown: async (
      _: unknown,
      args: RangeArgs & { sourceCode?: string | null; componentCode?: string | null },
      ctx: ApiContext,
    ) => {
      const page = pageOf(args, { default: 5000, max: 20_000 }, 2);
      const rows = await national.nationalBreakdown(ctx.db, args, args, page);
      return toConnection(rows, page, (r) => [iso(r.timestamp), r.componentCode]);
    },
    nationalExchanges: async (_: unknown, args: RangeArgs & { border?: string | null }, ctx: ApiContext) => {
      const page = pageOf(args, { default: 5000, max: 20_000 }, 2);
      const rows = await national.nationalExchanges(ctx.db, args, args.border, page);
      return toConnection(rows, page, (r) => [iso(r.timestamp), r.border]);
    },
  },
};
