/**
 * An operator's change to an alert (acknowledge, resolve), shared by the API (which checks and
 * asks), the `changeAlertStatus` workflow and its activity (which write with the writer
 * principal: the API's database principal cannot write). Workflow-safe: no I/O.
 */

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type AlertAction = 'acknowledge' | 'resolve';

export const CHANGE_ALERT_STATUS_WORKFLOW = 'changeAlertStatus';

/** The statuses each action may leave, and where it leads. */
export const ALERT_ACTIONS: Record<AlertAction, { from: readonly AlertStatus[]; to: AlertStatus }> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  resolve: { from: ['open', 'acknowledged'], to: 'resolved' },
};

/** Why `action` cannot apply to an alert in `status`; undefined when it can. */
export function alertActionRefusal(id: number, status: AlertStatus, action: AlertAction): string | undefined {
  const rule = ALERT_ACTIONS[action];
  if (rule.from.includes(status)) return undefined;
  return `alert ${id} is ${status}: ${action} applies only to ${rule.from.join(' or ')} alerts`;
}

export interface AlertStatusChangeInput {
  alertId: number;
  action: AlertAction;
  /** Token subject of the admin who asked (written in the `by` columns and the audit row). */
  subject: string;
  subjectName?: string;
  note?: string;
  requestId: string;
}

export interface AlertStatusChanged {
  alertId: number;
  transitionId: number;
  from: AlertStatus;
  to: AlertStatus;
  /** True when an earlier attempt of the same run had already applied it. */
  existed: boolean;
}

/**
 * One workflow per alert, action and API request: a retried request (same x-request-id) finds
 * the run already started and waits for it instead of applying the change twice.
 */
export function alertStatusChangeWorkflowId(
  input: Pick<AlertStatusChangeInput, 'alertId' | 'action' | 'requestId'>,
): string {
  return `alert-${input.action}-${input.alertId}-${input.requestId}`;
}
