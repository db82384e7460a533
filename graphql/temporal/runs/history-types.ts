import type { WorkflowHandle } from '@temporalio/client';

// @temporalio/proto is not a dependency of the project: its types are read off the client's handle.
export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
export type HistoryEvent = NonNullable<History['events']>[number];
export type ProtoFailure = NonNullable<
  NonNullable<HistoryEvent['workflowExecutionFailedEventAttributes']>['failure']
>;
export type ProtoTimestamp = NonNullable<HistoryEvent['eventTime']>;
type Description = Awaited<ReturnType<WorkflowHandle['describe']>>;
export type PendingActivity = NonNullable<Description['raw']['pendingActivities']>[number];
