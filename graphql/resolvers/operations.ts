import type { ApiContext } from '../context';
import { pageOf, toConnection, type PageArgs } from '../connection';
import * as gold from '../gold-queries';

export const operationsResolvers = {
  Query: {
    auditLog: async (_: unknown, args: gold.AuditFilter & PageArgs, ctx: ApiContext) => {
      const page = pageOf(args, { default: 50, max: 500 }, 1);
      return toConnection(await gold.auditLog(ctx.db, args, page), page, (r) => [r.id]);
    },
    qualityResults: async (
      _: unknown,
      args: { dataset?: string; outcome?: string } & PageArgs,
      ctx: ApiContext,
    ) => {
      const page = pageOf(args, { default: 50, max: 500 }, 1);
      return toConnection(await gold.qualityResults(ctx.db, args, page), page, (r) => [r.id]);
    },
  },
};
