import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { graphql } from '../gql';
import type { RegionalBalanceQuery } from '../gql/graphql';
import { graphqlClient } from './client';
import { allPages } from './pages';

const REGIONS = graphql(`
  query Regions {
    regions {
      nodes {
        code
        name
        inRegionalFeed
        lastSeenAt
      }
    }
  }
`);

const REGIONAL_BALANCE = graphql(`
  query RegionalBalance($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
    regionalBalance(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {
      nodes {
        timestamp
        productionMw
        consumptionMw
        netExchangeMw
        carbonIntensity
        renewableSharePct
        lowCarbonSharePct
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: async () => (await graphqlClient.request(REGIONS)).regions.nodes,
  });
}

/** Region names by INSEE code, for the screens that name an alert's region. */
export function useRegionNames(): Map<string, string> {
  const regions = useRegions();
  return useMemo(() => new Map(regions.data?.map((r) => [r.code, r.name])), [regions.data]);
}

export type RegionalBalancePoint = RegionalBalanceQuery['regionalBalance']['nodes'][number];

/** One region's quarter-hour balance over [from, to) (at most 31 days, the API's limit). */
export const regionalBalance = (region: string, from: string, to: string) =>
  allPages(async (after) => {
    const d = await graphqlClient.request(REGIONAL_BALANCE, { region, from, to, after });
    return d.regionalBalance;
  });

/** One query per region (the API takes one region per call); each caches and refreshes on its own. */
export function useRegionalBalances(codes: string[], from: Date, to: Date) {
  const range = { from: from.toISOString(), to: to.toISOString() };
  return useQueries({
    queries: codes.map((region) => ({
      queryKey: ['regionalBalance', region, range],
      queryFn: () => regionalBalance(region, range.from, range.to),
      placeholderData: (previous: RegionalBalancePoint[] | undefined) => previous,
    })),
    combine: (results) => ({
      byRegion: new Map(codes.map((code, i) => [code, results[i]?.data ?? []])),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
      dataUpdatedAt: Math.max(0, ...results.map((r) => r.dataUpdatedAt)),
    }),
  });
}
