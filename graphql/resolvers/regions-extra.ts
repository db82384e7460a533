import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import type { ApiContext } from '../context';
import { pageOf, toConnection, type PageArgs } from '../connection';
import {
  checkAggregateRange,
  installedCapacity,
  loadFactors,
  perCapita,
  regionBalanceTotals,
  regionDemographics,
  type RegionBalanceTotals,
  type RegionDemographics,
} from '../gold-queries-regions';

/**
 * Regions crossed with the reference data (graphql/sdl/regions-extra.graphql): demographics and
 * per-capita figures as fields of `Region`, installed capacity and load factors as lists.
 *
 * `regions` is a list, so the `Region` fields read through DataLoaders: every region of a request
 * asks its loader, which answers them all with one SQL query (one per distinct range for
 * `perCapita`). The loaders live for one request, keyed by its context object, so nothing is
 * cached across requests or principals.
 */

interface RangeKey {
  regionCode: string;
  from: Date;
  to: Date;
}

export interface RegionLoaders {
  demographics: DataLoader<string, RegionDemographics | undefined>;
  balanceTotals: DataLoader<RangeKey, RegionBalanceTotals | undefined, string>;
}

const rangeOf = (k: RangeKey) => `${k.from.toISOString()}/${k.to.toISOString()}`;

function createRegionLoaders(db: Knex): RegionLoaders {
  return {
    demographics: new DataLoader(async (codes) => {
      const rows = await regionDemographics(db, codes);
      const byCode = new Map(rows.map((r) => [r.regionCode, r]));
      return codes.map((c) => byCode.get(c));
    }),
    balanceTotals: new DataLoader(
      async (keys) => {
        const byRange = new Map<string, RangeKey[]>();
        for (const k of keys) byRange.set(rangeOf(k), [...(byRange.get(rangeOf(k)) ?? []), k]);
        const found = new Map<string, RegionBalanceTotals>();
        await Promise.all(
          [...byRange.values()].map(async (group) => {
            const rows = await regionBalanceTotals(
              db,
              [...new Set(group.map((k) => k.regionCode))],
              group[0] as RangeKey,
            );
            for (const r of rows) found.set(`${r.regionCode}@${rangeOf(group[0] as RangeKey)}`, r);
          }),
        );
        return keys.map((k) => found.get(`${k.regionCode}@${rangeOf(k)}`));
      },
      { cacheKeyFn: (k) => `${k.regionCode}@${rangeOf(k)}` },
    ),
  };
}

const perRequest = new WeakMap<object, RegionLoaders>();

/** The loaders of this request, created on first use. */
export function regionLoaders(ctx: ApiContext): RegionLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = createRegionLoaders(ctx.db);
    perRequest.set(ctx, loaders);
  }
  return loaders;
}

interface RegionParent {
  code: string;
}

/** `Region` objects come from the `regions` list; the fields below need only their code. */
const codeOf = (parent: unknown) => (parent as RegionParent).code;

const demographicsOf = (parent: unknown, ctx: ApiContext) =>
  regionLoaders(ctx).demographics.load(codeOf(parent));

export const regionsExtraResolvers = {
  Query: {
    installedCapacity: async (
      _: unknown,
      args: PageArgs & { regionCode?: string | null; year?: number | null },
      ctx: ApiContext,
    ) => {
      const page = pageOf(args, { default: 500, max: 1000 }, 3);
      const rows = await installedCapacity(ctx.db, args, page);
      return toConnection(rows, page, (r) => [r.year, r.regionCode, r.sourceCode]);
    },
    loadFactors: async (
      _: unknown,
      args: PageArgs & { regionCode: string; from: Date; to: Date },
      ctx: ApiContext,
    ) => {
      const page = pageOf(args, { default: 20, max: 50 }, 1);
      const rows = await loadFactors(ctx.db, args.regionCode, args, page);
      return toConnection(rows, page, (r) => [r.sourceCode]);
    },
  },
  Region: {
    population: async (r: unknown, _: unknown, ctx: ApiContext) =>
      (await demographicsOf(r, ctx))?.population ?? null,
    populationYear: async (r: unknown, _: unknown, ctx: ApiContext) =>
      (await demographicsOf(r, ctx))?.populationYear ?? null,
    areaKm2: async (r: unknown, _: unknown, ctx: ApiContext) =>
      (await demographicsOf(r, ctx))?.areaKm2 ?? null,
    areaSource: async (r: unknown, _: unknown, ctx: ApiContext) =>
      (await demographicsOf(r, ctx))?.areaSource ?? null,
    densityPerKm2: async (r: unknown, _: unknown, ctx: ApiContext) => {
      const d = await demographicsOf(r, ctx);
      return d?.population && d.areaKm2 ? d.population / d.areaKm2 : null;
    },
    perCapita: async (r: unknown, args: { from: Date; to: Date }, ctx: ApiContext) => {
      const range = { from: args.from, to: args.to };
      checkAggregateRange(range);
      const loaders = regionLoaders(ctx);
      const code = codeOf(r);
      const [demographics, totals] = await Promise.all([
        loaders.demographics.load(code),
        loaders.balanceTotals.load({ regionCode: code, ...range }),
      ]);
      return perCapita(code, range, demographics, totals);
    },
  },
};
