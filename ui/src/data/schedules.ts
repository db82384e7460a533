import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../gql';
import type { ScheduleOverlapPolicy } from '../gql/graphql';
import { graphqlClient } from './client';

/**
 * What both the list and the detail show of a schedule. Declared for codegen, which appends it to
 * the queries that spread it: nothing refers to it by name.
 */
graphql(`
  fragment ScheduleFields on Schedule {
    id
    declared
    existsOnServer
    workflowType
    spec
    declaredSpec
    paused
    note
    overlapPolicy
    inSync
    webUiUrl
    drift {
      nodes {
        field
        declared
        live
        message
      }
    }
  }
`);
const SCHEDULES = graphql(`
  query Schedules($first: Int, $after: String) {
    schedules(first: $first, after: $after) {
      nodes {
        ...ScheduleFields
        nextActionTimes(first: 3) {
          nodes
        }
        recentActions(first: 3) {
          nodes {
            scheduledAt
            takenAt
            workflowId
            runId
            webUiUrl
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const SCHEDULE = graphql(`
  query Schedule($id: String!) {
    schedule(id: $id) {
      ...ScheduleFields
      taskQueue
      catchupWindow
      actionsTaken
      actionsSkippedOverlap
      actionsMissedCatchupWindow
      lastUpdatedAt
      nextActionTimes(first: 5) {
        nodes
      }
      recentActions(first: 10) {
        nodes {
          scheduledAt
          takenAt
          workflowId
          runId
          webUiUrl
        }
      }
    }
  }
`);

const SCHEDULE_CHANGES = graphql(`
  query ScheduleChanges($scheduleId: String, $first: Int, $after: String) {
    scheduleChanges(scheduleId: $scheduleId, first: $first, after: $after) {
      nodes {
        id
        scheduleId
        operation
        subject
        subjectName
        at
        before
        after
        details
        auditWebUiUrl
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Each mutation answers the audit row it wrote: the outcome the screen reports. */
graphql(`
  fragment ScheduleChangeOutcome on ScheduleChange {
    id
    operation
    details
  }
`);

const UPDATE_SPEC = graphql(`
  mutation UpdateScheduleSpec($id: String!, $every: String, $cron: String, $note: String) {
    updateScheduleSpec(id: $id, every: $every, cron: $cron, note: $note) {
      change {
        ...ScheduleChangeOutcome
      }
    }
  }
`);

const PAUSE = graphql(`
  mutation PauseSchedule($id: String!, $note: String) {
    pauseSchedule(id: $id, note: $note) {
      change {
        ...ScheduleChangeOutcome
      }
    }
  }
`);

const UNPAUSE = graphql(`
  mutation UnpauseSchedule($id: String!, $note: String) {
    unpauseSchedule(id: $id, note: $note) {
      change {
        ...ScheduleChangeOutcome
      }
    }
  }
`);

const TRIGGER = graphql(`
  mutation TriggerSchedule($id: String!) {
    triggerSchedule(id: $id) {
      change {
        ...ScheduleChangeOutcome
      }
    }
  }
`);

const BACKFILL = graphql(`
  mutation BackfillSchedule($id: String!, $from: DateTime!, $to: DateTime!, $overlap: ScheduleOverlapPolicy) {
    backfillSchedule(id: $id, from: $from, to: $to, overlap: $overlap) {
      change {
        ...ScheduleChangeOutcome
      }
    }
  }
`);

export const SCHEDULES_PAGE_SIZE = 50;
export const CHANGES_PAGE_SIZE = 20;

export function useSchedules(after: string | undefined) {
  return useQuery({
    queryKey: ['schedules', after ?? null],
    queryFn: async () =>
      (await graphqlClient.request(SCHEDULES, { first: SCHEDULES_PAGE_SIZE, after })).schedules,
    placeholderData: (previous) => previous,
  });
}

export function useSchedule(id: string) {
  return useQuery({
    queryKey: ['schedule', id],
    queryFn: async () => (await graphqlClient.request(SCHEDULE, { id })).schedule,
  });
}

/** The audit of changes, newest first: of one schedule, or of all when `scheduleId` is undefined. */
export function useScheduleChanges(scheduleId: string | undefined, after: string | undefined) {
  return useQuery({
    queryKey: ['scheduleChanges', scheduleId ?? null, after ?? null],
    queryFn: async () =>
      (await graphqlClient.request(SCHEDULE_CHANGES, { scheduleId, first: CHANGES_PAGE_SIZE, after }))
        .scheduleChanges,
    placeholderData: (previous) => previous,
  });
}

export type ScheduleChangeRequest =
  | { kind: 'updateSpec'; every?: string; cron?: string; note?: string }
  | { kind: 'pause'; note?: string }
  | { kind: 'unpause'; note?: string }
  | { kind: 'trigger' }
  | { kind: 'backfill'; from: string; to: string; overlap: ScheduleOverlapPolicy };

async function send(id: string, request: ScheduleChangeRequest) {
  switch (request.kind) {
    case 'updateSpec': {
      const { every, cron, note } = request;
      return (await graphqlClient.request(UPDATE_SPEC, { id, every, cron, note })).updateScheduleSpec.change;
    }
    case 'pause':
      return (await graphqlClient.request(PAUSE, { id, note: request.note })).pauseSchedule.change;
    case 'unpause':
      return (await graphqlClient.request(UNPAUSE, { id, note: request.note })).unpauseSchedule.change;
    case 'trigger':
      return (await graphqlClient.request(TRIGGER, { id })).triggerSchedule.change;
    case 'backfill': {
      const { from, to, overlap } = request;
      return (await graphqlClient.request(BACKFILL, { id, from, to, overlap })).backfillSchedule.change;
    }
  }
}

/**
 * One Admin change to one schedule. Afterwards every schedule query and the change history are
 * refetched, also after a refusal: an AUDIT_NOT_RECORDED change was made all the same.
 */
export function useScheduleChange(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: ScheduleChangeRequest) => send(id, request),
    onSettled: () =>
      Promise.all(
        ['schedules', 'schedule', 'scheduleChanges'].map((key) =>
          client.invalidateQueries({ queryKey: [key] }),
        ),
      ),
  });
}
