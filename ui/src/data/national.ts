import { useQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import { graphqlClient } from './client';
import { regionDailyMix } from './daily-energy';
import type { MixPoint, NationalSeries } from './series';
import { allPages } from './pages';
import { isLongRange, type TimeRange } from './range';

const NationalBalanceQuery = graphql(`
  query NationalBalance($from: DateTime!, $to: DateTime!, $after: String) {
    nationalBalance(from: $from, to: $to, after: $after, first: 3000) {
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

const NationalProductionQuery = graphql(`
  query NationalProduction($from: DateTime!, $to: DateTime!, $after: String) {
    nationalProduction(from: $from, to: $to, after: $after, first: 20000) {
      nodes {
        timestamp
        sourceCode
        sourceLabel
        mw
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type { BalancePoint, MixPoint, NationalSeries } from './series';

const vars = (r: TimeRange) => ({ from: r.from.toISOString(), to: r.to.toISOString() });

async function quarterHours(range: TimeRange): Promise<NationalSeries> {
  const [balance, mix] = await Promise.all([
    allPages(async (after) => {
      const d = await graphqlClient.request(NationalBalanceQuery, { ...vars(range), after });
      return d.nationalBalance;
    }),
    allPages(async (after) => {
      const d = await graphqlClient.request(NationalProductionQuery, { ...vars(range), after });
      return d.nationalProduction;
    }),
  ]);
  return { basis: 'national-quarter-hours', balance, mix };
}

/**
 * No national rollup exists: beyond 31 days the mix is the sum of the regions' daily rollups
 * (mean MW per Paris day), which leaves Corsica out and has no consumption or intensity.
 */
async function dailyRollups(range: TimeRange, regionCodes: string[]): Promise<NationalSeries> {
  const perRegion = await Promise.all(regionCodes.map((region) => regionDailyMix(region, range)));
  const sums = new Map<string, MixPoint>();
  for (const row of perRegion.flat()) {
    const key = `${row.timestamp}|${row.sourceCode}`;
    const point = sums.get(key) ?? { ...row, mw: null };
    if (row.mw !== null) point.mw = (point.mw ?? 0) + row.mw;
    sums.set(key, point);
  }
  const mix = [...sums.values()].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return { basis: 'regional-daily-rollup', balance: [], mix };
}

export function useNationalSeries(range: TimeRange, regionCodes: string[] | undefined) {
  const long = isLongRange(range);
  return useQuery({
    queryKey: ['national', vars(range), long ? regionCodes : null],
    queryFn: () => (long ? dailyRollups(range, regionCodes ?? []) : quarterHours(range)),
    enabled: !long || regionCodes !== undefined,
    // Twelve rollup queries for a day that changes by a quarter-hour: every 15 minutes is plenty.
    refetchInterval: long ? 15 * 60_000 : undefined,
    placeholderData: (previous) => previous,
  });
}
