import type { ApiContext } from '../context';
import { pageOf, toConnection, type PageArgs } from '../connection';
import * as gold from '../gold-queries';

interface RangeArgs extends PageArgs {
  regionCode: string;
  from: Date;
  to: Date;
}

const iso = (d: Date) => d.toISOString();

export const regionalResolvers = {
  Query: {
    regions: async (_: unknown, args: PageArgs, ctx: ApiContext) => {
      const page = pageOf(args, { default: 100, max: 100 }, 1);
      const all = await gold.listRegions(ctx.db);
      const after = page.after?.[0];
      const rows = all.filter((r) => after === undefined || r.code > String(after)).slice(0, page.limit + 1);
      return toConnection(rows, page, (r) => [r.code]);
    },
    regionalProduction: async (_: unknown, args: RangeArgs & { sourceCode?: string }, ctx: ApiContext) => {
      const page = pageOf(args, { default: 5000, max: 20_000 }, 2);
      const rows = await gold.regionalProduction(ctx.db, args.regionCode, args, args.sourceCode, page);
      return toConnection(rows, page, (r) => [iso(r.timestamp), r.sourceCode]);
    },
    regionalBalance: async (_: unknown, args: RangeArgs, ctx: ApiContext) => {
      const page = pageOf(args, { default: 3000, max: 3000 }, 1);
      const rows = await gold.regionalBalance(ctx.db, args.regionCode, args, page);
      return toConnection(rows, page, (r) => [iso(r.timestamp)]);
    },
    dailyEnergy: async (
      _: unknown,
      args: PageArgs & { regionCode: string; from: string; to: string },
      ctx: ApiContext,
    ) => {
      const page = pageOf(args, { default: 5000, max: 20_000 }, 2);
      const rows = await gold.dailyEnergy(ctx.db, args.regionCode, args.from, args.to, page);
      return toConnection(rows, page, (r) => [Number(r.date.replaceAll('-', '')), r.sourceCode]);
    },
    hourlyEnergy: async (_: unknown, args: RangeArgs, ctx: ApiContext) => {
      const page = pageOf(args, { default: 5000, max: 20_000 }, 2);
      const rows = await gold.hourlyEnergy(ctx.db, args.regionCode, args, page);
      return toConnection(rows, page, (r) => [iso(r.hour), r.sourceCode]);
    },
    weather: async (_: unknown, args: RangeArgs, ctx: ApiContext) => {
      const page = pageOf(args, { default: 3000, max: 3000 }, 1);
      const rows = await gold.weather(ctx.db, args.regionCode, args, page);
      return toConnection(rows, page, (r) => [iso(r.hour)]);
    },
    maintenanceEvents: async (
      _: unknown,
      args: PageArgs & { regionCode?: string; from: Date; to: Date },
      ctx: ApiContext,
    ) => {
      const page = pageOf(args, { default: 500, max: 1000 }, 2);
      const rows = await gold.maintenanceEvents(ctx.db, args, args.regionCode, page);
      return toConnection(rows, page, (r) => [iso(r.start), r.eventId]);
    },
  },
};
