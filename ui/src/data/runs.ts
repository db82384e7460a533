import { useQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import type { WorkflowRunStatus } from '../gql/graphql';
import { graphqlClient } from './client';
import type { TimeWindow } from './window';

const WORKFLOW_RUNS = graphql(`
  query WorkflowRuns(
    $workflowType: String
    $source: String
    $status: WorkflowRunStatus
    $from: DateTime
    $to: DateTime
    $first: Int
    $after: String
  ) {
    workflowRuns(
      workflowType: $workflowType
      source: $source
      status: $status
      from: $from
      to: $to
      first: $first
      after: $after
    ) {
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

export interface RunFilters extends TimeWindow {
  workflowType?: string;
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

const WORKFLOW_RUN = graphql(`
  query WorkflowRun($workflowId: String!, $runId: String) {
    workflowRun(workflowId: $workflowId, runId: $runId) {
      workflowId
      runId
      type
      status
      source
      startTime
      closeTime
      durationMs
      attempts
      rows
      summary
      failureMessage
      parentWorkflowId
      parentRunId
      webUiUrl
      activities(first: 500) {
        nodes {
          activityId
          activityType
          status
          attempts
          lastFailure
          scheduledAt
          durationMs
        }
        pageInfo {
          hasNextPage
        }
      }
      childWorkflows(first: 100) {
        nodes {
          workflowId
          runId
          type
          status
          failure
          initiatedAt
          closedAt
        }
        pageInfo {
          hasNextPage
        }
      }
      ingestionSteps(first: 100) {
        nodes {
          workflowId
          step
          status
          attempts
          rows
          bytes
          durationMs
          error
          startedAt
          finishedAt
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`);

/**
 * One run with its activities, children and audit rows; without `runId`, the id's latest run.
 * One page of each: the API's largest, which a run's history fits (the page says when it does not).
 */
export function useWorkflowRun(workflowId: string, runId: string | undefined) {
  return useQuery({
    queryKey: ['workflowRun', workflowId, runId ?? null],
    queryFn: async () => (await graphqlClient.request(WORKFLOW_RUN, { workflowId, runId })).workflowRun,
  });
}
