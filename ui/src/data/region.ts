import { useQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import type { LoadFactorsQuery, MaintenanceEventsQuery } from '../gql/graphql';
import { graphqlClient } from './client';
import { regionDailyMix } from './daily-energy';
import type { NationalSeries } from './series';
import { allPages } from './pages';
import { isLongRange, type TimeRange } from './range';
import { regionalBalance } from './regions';

/** What one region's screen reads, beside the balance (regions.ts) and its open alerts (alerts.ts). */

const REGIONAL_PRODUCTION = graphql(`
  query RegionalProduction($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
    regionalProduction(regionCode: $region, from: $from, to: $to, after: $after, first: 20000) {
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

const LOAD_FACTORS = graphql(`
  query LoadFactors($region: String!, $from: DateTime!, $to: DateTime!) {
    loadFactors(regionCode: $region, from: $from, to: $to, first: 50) {
      nodes {
        sourceCode
        sourceLabel
        capacityMw
        capacityYear
        meanMw
        energyMwh
        energyLoadFactorPct
        meanLoadFactorPct
        quarterHours
      }
    }
  }
`);

const REGION_WEATHER = graphql(`
  query RegionWeather($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
    weather(regionCode: $region, from: $from, to: $to, after: $after, first: 3000) {
      nodes {
        hour
        windSpeedMs
        solarIrradianceWm2
        temperatureC
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const MAINTENANCE_EVENTS = graphql(`
  query MaintenanceEvents($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
    maintenanceEvents(regionCode: $region, from: $from, to: $to, after: $after, first: 500) {
      nodes {
        eventId
        unit
        type
        start
        end
        unavailableMw
        description
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type LoadFactor = LoadFactorsQuery['loadFactors']['nodes'][number];
export type MaintenanceEvent = MaintenanceEventsQuery['maintenanceEvents']['nodes'][number];

/** The API's limit for hourly series (weather, load factors): 93 days. */
export const HOURLY_LIMIT_MS = 93 * 24 * 3_600_000;
export const withinHourlyLimit = (r: TimeRange) => r.to.getTime() - r.from.getTime() <= HOURLY_LIMIT_MS;

const vars = (region: string, r: TimeRange) => ({
  region,
  from: r.from.toISOString(),
  to: r.to.toISOString(),
});

/**
 * The region's mix and balance, shaped as the overview's national series so the same charts draw
 * it: quarter-hours up to 31 days, beyond that the daily rollup (no balance at that grain).
 */
async function regionSeries(region: string, range: TimeRange): Promise<NationalSeries> {
  if (isLongRange(range))
    return { basis: 'regional-daily-rollup', balance: [], mix: await regionDailyMix(region, range) };
  const v = vars(region, range);
  const [balance, mix] = await Promise.all([
    regionalBalance(region, v.from, v.to),
    allPages(
      async (after) => (await graphqlClient.request(REGIONAL_PRODUCTION, { ...v, after })).regionalProduction,
    ),
  ]);
  return { basis: 'national-quarter-hours', balance, mix };
}

export function useRegionSeries(region: string, range: TimeRange) {
  return useQuery({
    queryKey: ['regionSeries', vars(region, range)],
    queryFn: () => regionSeries(region, range),
    refetchInterval: isLongRange(range) ? 15 * 60_000 : undefined,
    placeholderData: (previous) => previous,
  });
}

export function useLoadFactors(region: string, range: TimeRange) {
  return useQuery({
    queryKey: ['loadFactors', vars(region, range)],
    queryFn: async () => (await graphqlClient.request(LOAD_FACTORS, vars(region, range))).loadFactors.nodes,
    enabled: withinHourlyLimit(range),
  });
}

export function useRegionWeather(region: string, range: TimeRange) {
  return useQuery({
    queryKey: ['weather', vars(region, range)],
    queryFn: () =>
      allPages(
        async (after) =>
          (await graphqlClient.request(REGION_WEATHER, { ...vars(region, range), after })).weather,
      ),
    enabled: withinHourlyLimit(range),
  });
}

export function useMaintenanceEvents(region: string, range: TimeRange) {
  return useQuery({
    queryKey: ['maintenanceEvents', vars(region, range)],
    queryFn: () =>
      allPages(
        async (after) =>
          (await graphqlClient.request(MAINTENANCE_EVENTS, { ...vars(region, range), after }))
            .maintenanceEvents,
      ),
  });
}
