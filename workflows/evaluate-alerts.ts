import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  log,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { notifyAlertWorkflowId, type AlertNotification } from '../lib/domain/alert-notification';
import type { TransformActivities } from '../activities';
import type { AlertTransition } from '../activities/alerts';
import type { notifyAlert } from './notify-alert';
import { TRANSFORM } from './retry-policies';
import { recordRun } from './run-bookkeeping';

export interface EvaluateAlertsInput {
  /** Task queue of the transform worker, where the rules read Gold. */
  transformTaskQueue: string;
  /** [from, to) to evaluate, UTC. Unset (the schedule): the last `lookbackMinutes` before now. */
  from?: string;
  to?: string;
  /** Without a window: how far back from now, in minutes (default 180: eCO2mix arrives about an hour late). */
  lookbackMinutes?: number;
}

export interface EvaluateAlertsResult {
  from: string;
  to: string;
  transitions: AlertTransition[];
}

const QUARTER_HOUR_MS = 15 * 60_000;

const NOTIFIED_SEVERITY = { low: 'info', medium: 'warning', high: 'critical' } as const;
const NOTIFIED_TRANSITION = {
  open: 'opened',
  update: 'updated',
  acknowledge: 'acknowledged',
  resolve: 'resolved',
} as const;

/** What the notification side is told about one transition (lib/domain/alert-notification.ts). */
export function notificationOf(t: AlertTransition): AlertNotification {
  const where = t.regionCode ? `region ${t.regionCode}` : 'France';
  return {
    alertId: t.alertId,
    transitionId: t.transitionId,
    kind: t.kind,
    regionCode: t.regionCode,
    severity: NOTIFIED_SEVERITY[t.severity],
    transition: NOTIFIED_TRANSITION[t.event],
    at: t.at,
    summary: `${t.kind} ${where} ${NOTIFIED_TRANSITION[t.event]} (${t.severity}, since ${t.episodeStart}): ${t.note}`,
    evidence: t.evidence ?? {},
  };
}

/**
 * One notification workflow per transition, abandoned: a dead webhook never holds the evaluation,
 * and the id refuses a second start of the same transition (a retried evaluation notifies once).
 */
async function notify(t: AlertTransition): Promise<void> {
  const notification = notificationOf(t);
  try {
    await startChild<typeof notifyAlert>('notifyAlert', {
      workflowId: notifyAlertWorkflowId(notification),
      args: [{ notification }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Evaluates the alert rules of alerts.yaml over a window of Gold and applies the alert lifecycle
 * (activities/alerts/). Started after each regional Gold publication (`alerts-<window end>`, a
 * child the ingestion abandons) and by the `alerts-evaluate` schedule as a safety net. Found in the
 * Web UI with `GpsLayer = "gold" AND GpsAlertKinds = "OVER_PRODUCTION"` (kinds that changed).
 */
export async function evaluateAlerts(input: EvaluateAlertsInput): Promise<EvaluateAlertsResult> {
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });
  // Workflow time is replay-safe: the start time of this workflow task, recorded in history.
  const now = Math.floor(workflowInfo().runStartTime.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const to = input.to ?? new Date(now).toISOString();
  const from = input.from ?? new Date(Date.parse(to) - (input.lookbackMinutes ?? 180) * 60_000).toISOString();
  recordRun({ layer: 'gold', window: { start: from, end: to } });
  const summary = await transform.evaluateAlertRules({ from, to });
  // The evaluator never acknowledges; the key is there because transitions share one event type.
  const counts: Record<AlertTransition['event'], number> = { open: 0, update: 0, acknowledge: 0, resolve: 0 };
  for (const t of summary.transitions) counts[t.event] += 1;
  log.info('alerts evaluated', { from: summary.window.from, to: summary.window.to, ...counts });
  recordRun({
    rows: summary.transitions.length,
    alertKinds: summary.kinds,
    summary: `alerts over ${summary.window.from} → ${summary.window.to} (${summary.rows} rows, ${summary.priceRows} prices): ${counts.open} opened, ${counts.update} updated, ${counts.resolve} resolved`,
    memo: { alertKinds: summary.kinds },
  });
  for (const t of summary.transitions) await notify(t);
  return { from: summary.window.from, to: summary.window.to, transitions: summary.transitions };
}
