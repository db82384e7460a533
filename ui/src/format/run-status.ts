import type { WorkflowRunStatus } from '../gql/graphql';

/** The statuses visibility can be searched for (UNKNOWN cannot), in words. */
export const RUN_STATUSES: Record<Exclude<WorkflowRunStatus, 'UNKNOWN'>, string> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  TIMED_OUT: 'Timed out',
  TERMINATED: 'Terminated',
  CANCELED: 'Canceled',
  CONTINUED_AS_NEW: 'Continued as new',
  PAUSED: 'Paused',
};

export const runStatusLabel = (s: WorkflowRunStatus) => (s === 'UNKNOWN' ? 'Unknown' : RUN_STATUSES[s]);
