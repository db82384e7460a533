import type { RegionWeatherQuery } from '../gql/graphql';

/**
 * The points the charts draw, as plain types: the chart options import these and nothing that
 * talks to the API, so that they stay pure functions a unit test can call.
 */

export interface BalancePoint {
  timestamp: string;
  productionMw: number | null;
  consumptionMw: number | null;
  netExchangeMw: number | null;
  carbonIntensity: number | null;
  renewableSharePct: number | null;
  lowCarbonSharePct: number | null;
}

export interface MixPoint {
  timestamp: string;
  sourceCode: string;
  sourceLabel: string;
  mw: number | null;
}

/** What the overview draws; `basis` says where it came from, since long ranges lose detail. */
export interface NationalSeries {
  basis: 'national-quarter-hours' | 'regional-daily-rollup';
  balance: BalancePoint[];
  mix: MixPoint[];
}

export type WeatherPoint = RegionWeatherQuery['weather']['nodes'][number];
