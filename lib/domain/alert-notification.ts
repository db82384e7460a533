/**
 * What the alert evaluator hands the notification side for one alert transition (issue 11,
 * item 4). Workflow-safe: lib/domain only, no I/O.
 */
export const ALERT_KINDS = ['OVER_PRODUCTION', 'NEGATIVE_PRICE_RISK'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertTransitionKind = 'opened' | 'updated' | 'acknowledged' | 'resolved';
export interface AlertNotification {
  alertId: number;
  /** Unique per transition: the idempotency key is derived from it. */
  transitionId: number;
  kind: AlertKind;
  /** null = national. */
  regionCode: string | null;
  severity: 'info' | 'warning' | 'critical';
  transition: AlertTransitionKind;
  /** ISO instant of the transition. */
  at: string;
  /** Who acknowledged/resolved (token subject). */
  by?: string;
  /** One line a human reads first. */
  summary: string;
  evidence: Record<string, unknown>;
}

/** The same on every retry and every channel: receivers deduplicate on it. */
export function alertIdempotencyKey(n: Pick<AlertNotification, 'alertId' | 'transitionId'>): string {
  return `alert-${n.alertId}-${n.transitionId}`;
}

/** The workflow id the evaluator starts `notifyAlert` under: a duplicate start is refused. */
export function notifyAlertWorkflowId(n: Pick<AlertNotification, 'alertId' | 'transitionId'>): string {
  return `notify-alert-${n.alertId}-${n.transitionId}`;
}
