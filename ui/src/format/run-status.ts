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

/** Activity and child-workflow statuses (`TIMED_OUT`, `START_FAILED`) in words, as the runs' are. */
export const enumLabel = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replaceAll('_', ' ');

/** Statuses that mean something went wrong, whichever enum or audit vocabulary they come from. */
export const isFailure = (s: string) => /^(FAILED|TIMED_OUT|TERMINATED|START_FAILED|failed)$/.test(s);
