import { useQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import type { WorkflowRunStatus } from '../gql/graphql';
import { graphqlClient } from './client';

const WORKFLOW_RUNS = graphql(`
  query WorkflowRuns($source: String, $status: WorkflowRunStatus, $first: Int, $after: String) {
    workflowRuns(source: $source, status: $status, first: $first, after: $after) {
      nodes {
        workflowId
        runId
        type
        status
        source
        startTime
        closeTime
        durationMs
        rows
        summary
        failureMessage
        webUiUrl
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export interface RunFilters {
  source?: string;
  status?: WorkflowRunStatus;
}

export const RUNS_PAGE_SIZE = 20;

/** One page of Temporal visibility, most recent first; `after` is the previous page's end cursor. */
export function useWorkflowRuns(filters: RunFilters, after: string | undefined) {
  return useQuery({
    queryKey: ['workflowRuns', filters, after ?? null],
    queryFn: async () =>
      (await graphqlClient.request(WORKFLOW_RUNS, { ...filters, first: RUNS_PAGE_SIZE, after })).workflowRuns,
    placeholderData: (previous) => previous,
  });
}
