/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type NationalBalanceQueryVariables = Exact<{
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type NationalBalanceQuery = { nationalBalance: { nodes: Array<{ timestamp: string, productionMw: number | null, consumptionMw: number | null, netExchangeMw: number | null, carbonIntensity: number | null, renewableSharePct: number | null, lowCarbonSharePct: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type NationalProductionQueryVariables = Exact<{
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type NationalProductionQuery = { nationalProduction: { nodes: Array<{ timestamp: string, sourceCode: string, sourceLabel: string, mw: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RegionalDailyEnergyQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type RegionalDailyEnergyQuery = { dailyEnergy: { nodes: Array<{ date: string, sourceCode: string, avgMw: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RegionsQueryVariables = Exact<{ [key: string]: never; }>;


export type RegionsQuery = { regions: { nodes: Array<{ code: string, name: string, inRegionalFeed: boolean, lastSeenAt: string | null }> } };

export type RegionalBalanceQueryVariables = Exact<{
  region: string;
  from: string;
  to: string;
  after?: string | null | undefined;
}>;


export type RegionalBalanceQuery = { regionalBalance: { nodes: Array<{ timestamp: string, productionMw: number | null, consumptionMw: number | null, netExchangeMw: number | null, carbonIntensity: number | null, renewableSharePct: number | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const NationalBalanceDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<NationalBalanceQuery, NationalBalanceQueryVariables>;
export const NationalProductionDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<NationalProductionQuery, NationalProductionQueryVariables>;
export const RegionalDailyEnergyDocument = new TypedDocumentString(`
    query RegionalDailyEnergy($region: String!, $from: String!, $to: String!, $after: String) {
  dailyEnergy(
    regionCode: $region
    from: $from
    to: $to
    after: $after
    first: 5000
  ) {
    nodes {
      date
      sourceCode
      avgMw
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RegionalDailyEnergyQuery, RegionalDailyEnergyQueryVariables>;
export const RegionsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RegionsQuery, RegionsQueryVariables>;
export const RegionalBalanceDocument = new TypedDocumentString(`
    query RegionalBalance($region: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  regionalBalance(
    regionCode: $region
    from: $from
    to: $to
    after: $after
    first: 3000
  ) {
    nodes {
      timestamp
      productionMw
      consumptionMw
      netExchangeMw
      carbonIntensity
      renewableSharePct
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RegionalBalanceQuery, RegionalBalanceQueryVariables>;