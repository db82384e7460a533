import type { ApiContext } from '../../context';
import { workflowUiUrl } from '../client';
import { failureText } from './failure-text';
import type { History, PendingActivity, ProtoFailure, ProtoTimestamp } from './history-types';
import type { RunStatus } from './run-status';

function tsDate(ts: ProtoTimestamp | null | undefined): Date | null {
  if (!ts) return null;
  const seconds = ts.seconds === null || ts.seconds === undefined ? 0 : Number(ts.seconds.toString());
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}

export type ActivityStatus =
  'SCHEDULED' | 'STARTED' | 'COMPLETED' | 'FAILED' | 'TIMED_OUT' | 'CANCELED' | 'CANCEL_REQUESTED' | 'PAUSED';

export interface ActivitySummary {
  activityId: string;
  activityType: string;
  taskQueue: string | null;
  status: ActivityStatus;
  /** Attempts made so far (the last attempt's number). */
  attempts: number;
  lastFailure: string | null;
  scheduledAt: Date | null;
  lastStartedAt: Date | null;
  closedAt: Date | null;
  /** From the first schedule to the close: every attempt and the backoff between them. */
  durationMs: number | null;
  /** The last attempt alone. */
  lastAttemptMs: number | null;
}

export type ChildStatus = RunStatus | 'INITIATED' | 'START_FAILED';

export interface ChildSummary {
  workflowId: string;
  runId: string | null;
  type: string;
  status: ChildStatus;
  failure: string | null;
  initiatedAt: Date | null;
  closedAt: Date | null;
  webUiUrl: string | null;
}

export interface HistorySummary {
  activities: ActivitySummary[];
  children: ChildSummary[];
}

/** One line per activity and per child workflow, in scheduling order. */
export function summariseHistory(
  ctx: Pick<ApiContext, 'config'>,
  history: History,
  pending: PendingActivity[] = [],
): HistorySummary {
  const activities = new Map<string, ActivitySummary>();
  const children = new Map<string, ChildSummary>();
  const close = (summary: ActivitySummary | undefined, status: ActivityStatus, at: Date | null) => {
    if (!summary) return;
    summary.status = status;
    summary.closedAt = at;
    if (at && summary.scheduledAt) summary.durationMs = at.getTime() - summary.scheduledAt.getTime();
    if (at && summary.lastStartedAt) summary.lastAttemptMs = at.getTime() - summary.lastStartedAt.getTime();
  };
  const endChild = (id: unknown, status: ChildStatus, at: Date | null, failure?: ProtoFailure | null) => {
    const child = children.get(String(id));
    if (!child) return;
    child.status = status;
    child.closedAt = at;
    child.failure = failureText(failure) ?? child.failure;
  };
  for (const event of history.events ?? []) {
    const id = String(event.eventId);
    const at = tsDate(event.eventTime);
    if (event.activityTaskScheduledEventAttributes) {
      const a = event.activityTaskScheduledEventAttributes;
      activities.set(id, {
        activityId: a.activityId ?? id,
        activityType: a.activityType?.name ?? '?',
        taskQueue: a.taskQueue?.name ?? null,
        status: 'SCHEDULED',
        attempts: 1,
        lastFailure: null,
        scheduledAt: at,
        lastStartedAt: null,
        closedAt: null,
        durationMs: null,
        lastAttemptMs: null,
      });
    } else if (event.activityTaskStartedEventAttributes) {
      // Written once, when the activity closes, with the number and last failure of its final attempt.
      const a = event.activityTaskStartedEventAttributes;
      const summary = activities.get(String(a.scheduledEventId));
      if (summary) {
        summary.status = 'STARTED';
        summary.attempts = a.attempt ?? 1;
        summary.lastFailure = failureText(a.lastFailure);
        summary.lastStartedAt = at;
      }
    } else if (event.activityTaskCompletedEventAttributes) {
      close(
        activities.get(String(event.activityTaskCompletedEventAttributes.scheduledEventId)),
        'COMPLETED',
        at,
      );
    } else if (event.activityTaskFailedEventAttributes) {
      const a = event.activityTaskFailedEventAttributes;
      const summary = activities.get(String(a.scheduledEventId));
      close(summary, 'FAILED', at);
      if (summary) summary.lastFailure = failureText(a.failure);
    } else if (event.activityTaskTimedOutEventAttributes) {
      const a = event.activityTaskTimedOutEventAttributes;
      const summary = activities.get(String(a.scheduledEventId));
      close(summary, 'TIMED_OUT', at);
      if (summary) summary.lastFailure = failureText(a.failure) ?? summary.lastFailure;
    } else if (event.activityTaskCanceledEventAttributes) {
      close(
        activities.get(String(event.activityTaskCanceledEventAttributes.scheduledEventId)),
        'CANCELED',
        at,
      );
    } else if (event.startChildWorkflowExecutionInitiatedEventAttributes) {
      const a = event.startChildWorkflowExecutionInitiatedEventAttributes;
      children.set(id, {
        workflowId: a.workflowId ?? '?',
        runId: null,
        type: a.workflowType?.name ?? '?',
        status: 'INITIATED',
        failure: null,
        initiatedAt: at,
        closedAt: null,
        webUiUrl: null,
      });
    } else if (event.startChildWorkflowExecutionFailedEventAttributes) {
      const a = event.startChildWorkflowExecutionFailedEventAttributes;
      endChild(a.initiatedEventId, 'START_FAILED', at);
    } else if (event.childWorkflowExecutionStartedEventAttributes) {
      const a = event.childWorkflowExecutionStartedEventAttributes;
      const child = children.get(String(a.initiatedEventId));
      if (child && a.workflowExecution?.runId) {
        child.runId = a.workflowExecution.runId;
        child.status = 'RUNNING';
        child.webUiUrl = workflowUiUrl(ctx, child.workflowId, child.runId);
      }
    } else if (event.childWorkflowExecutionCompletedEventAttributes) {
      endChild(event.childWorkflowExecutionCompletedEventAttributes.initiatedEventId, 'COMPLETED', at);
    } else if (event.childWorkflowExecutionFailedEventAttributes) {
      const a = event.childWorkflowExecutionFailedEventAttributes;
      endChild(a.initiatedEventId, 'FAILED', at, a.failure);
    } else if (event.childWorkflowExecutionTimedOutEventAttributes) {
      endChild(event.childWorkflowExecutionTimedOutEventAttributes.initiatedEventId, 'TIMED_OUT', at);
    } else if (event.childWorkflowExecutionCanceledEventAttributes) {
      endChild(event.childWorkflowExecutionCanceledEventAttributes.initiatedEventId, 'CANCELED', at);
    } else if (event.childWorkflowExecutionTerminatedEventAttributes) {
      endChild(event.childWorkflowExecutionTerminatedEventAttributes.initiatedEventId, 'TERMINATED', at);
    }
  }
  // A running workflow's open activities: the history has no started event yet, describe() has
  // the attempt in progress and the failure of the one before.
  const open = [...activities.values()].filter((a) => a.status === 'SCHEDULED' || a.status === 'STARTED');
  for (const p of pending) {
    const summary = open.find((a) => a.activityId === p.activityId);
    if (!summary) continue;
    summary.attempts = p.attempt ?? summary.attempts;
    summary.lastFailure = failureText(p.lastFailure) ?? summary.lastFailure;
    summary.lastStartedAt = tsDate(p.lastStartedTime) ?? summary.lastStartedAt;
    const state = Number(p.state ?? 0);
    // PendingActivityState: 1 scheduled, 2 started, 3 cancel requested, 4 paused, 5 pause requested.
    summary.status =
      state === 2 ? 'STARTED' : state === 3 ? 'CANCEL_REQUESTED' : state >= 4 ? 'PAUSED' : 'SCHEDULED';
  }
  return { activities: [...activities.values()], children: [...children.values()] };
}
