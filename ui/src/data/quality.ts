import { useQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import { graphqlClient } from './client';

const QUALITY_RESULTS = graphql(`
  query QualityResults($dataset: String, $outcome: String, $first: Int, $after: String) {
    qualityResults(dataset: $dataset, outcome: $outcome, first: $first, after: $after) {
      nodes {
        id
        dataset
        gate
        description
        severity
        outcome
        observed
        threshold
        windowStart
        windowEnd
        checkedAt
        workflowId
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The API's two outcomes (it refuses any other), in words. */
export const OUTCOMES = { pass: 'Pass', fail: 'Fail' } as const;
export type Outcome = keyof typeof OUTCOMES;

export interface QualityFilters {
  dataset?: string;
  outcome?: Outcome;
}

export const QUALITY_PAGE_SIZE = 20;

/** One page of gate results, newest first (the API's order); `after` is the previous page's cursor. */
export function useQualityResults(filters: QualityFilters, after: string | undefined) {
  return useQuery({
    queryKey: ['qualityResults', filters, after ?? null],
    queryFn: async () =>
      (await graphqlClient.request(QUALITY_RESULTS, { ...filters, first: QUALITY_PAGE_SIZE, after }))
        .qualityResults,
    placeholderData: (previous) => previous,
  });
}
