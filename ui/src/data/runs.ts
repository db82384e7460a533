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

const RUN_STATUSES_OF_TYPE = graphql(`
  query RunStatusesOfType($workflowType: String!, $first: Int) {
    workflowRuns(workflowType: $workflowType, first: $first) {
      nodes {
        runId
        status
      }
    }
  }
`);

/**
 * The status of the recent runs of one workflow type, by run id: a schedule's actions name their
 * runs but not how they went. One page is enough for the few actions a schedule lists.
 */
export function useRunStatuses(workflowType: string | null | undefined) {
  return useQuery({
    queryKey: ['workflowRuns', 'statuses', workflowType ?? null],
    enabled: Boolean(workflowType),
    queryFn: async () => {
      const { workflowRuns } = await graphqlClient.request(RUN_STATUSES_OF_TYPE, {
        workflowType: workflowType ?? '',
        first: 50,
      });
      return new Map(workflowRuns.nodes.map((r) => [r.runId, r.status]));
    },
  });
}
