export type RunStatus =
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELED'
  | 'TERMINATED'
  | 'CONTINUED_AS_NEW'
  | 'TIMED_OUT'
  | 'PAUSED'
  | 'UNKNOWN';

export const VISIBILITY_STATUS: Record<Exclude<RunStatus, 'UNKNOWN'>, string> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
  TERMINATED: 'Terminated',
  CONTINUED_AS_NEW: 'ContinuedAsNew',
  TIMED_OUT: 'TimedOut',
  PAUSED: 'Paused',
};

/** The client names an execution status in its own spelling (CANCELLED); the API uses the schema's. */
export function runStatusOf(name: string): RunStatus {
  if (name === 'CANCELLED') return 'CANCELED';
  return name in VISIBILITY_STATUS ? (name as RunStatus) : 'UNKNOWN';
}
