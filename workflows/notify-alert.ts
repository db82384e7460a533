import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import type { AlertNotification } from '../lib/domain/alert-notification';
import { NOTIFY } from './retry-policies';
import { recordRun } from './run-bookkeeping';

export interface NotifyAlertInput {
  notification: AlertNotification;
}

export type ChannelResult =
  | { status: 'delivered'; detail: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; failureType?: string; message: string };

export interface NotifyAlertResult {
  webhook: ChannelResult;
  email: ChannelResult;
}

const notify = proxyActivities<IngestActivities>(NOTIFY);

function failed(err: unknown): ChannelResult {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    return { status: 'failed', failureType: cause.type ?? undefined, message: cause.message };
  }
  return { status: 'failed', message: cause instanceof Error ? cause.message : String(cause) };
}

async function channel(run: () => ReturnType<IngestActivities['postAlertWebhook']>): Promise<ChannelResult> {
  try {
    const outcome = await run();
    return outcome.delivered
      ? { status: 'delivered', detail: outcome.detail }
      : { status: 'skipped', reason: outcome.skipped };
  } catch (err) {
    return failed(err);
  }
}

const describe = (c: ChannelResult): string =>
  c.status === 'failed' ? `failed (${c.failureType ?? c.message})` : c.status;

/**
 * Delivers one alert transition on every channel: the webhook and the e-mail run side by side,
 * each with its own retries (NOTIFY), and one failing never stops the other. The run succeeds
 * whatever the channels did: the result and the memo say delivered / skipped / failed per channel.
 *
 * Started by the alert evaluator as an abandoned child with the workflow id
 * `notify-alert-<alertId>-<transitionId>` (lib/domain/alert-notification.ts), so a dead endpoint
 * never holds evaluation and a second start of the same transition is refused by Temporal:
 *
 *   try {
 *     await startChild<typeof notifyAlert>('notifyAlert', {
 *       workflowId: notifyAlertWorkflowId(notification),
 *       args: [{ notification }],
 *       parentClosePolicy: ParentClosePolicy.ABANDON,
 *       workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
 *     });
 *   } catch (err) {
 *     if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // already notified
 *   }
 */
export async function notifyAlert(input: NotifyAlertInput): Promise<NotifyAlertResult> {
  const n = input.notification;
  recordRun({ summary: `alert ${n.alertId} ${n.transition}: notifying` });
  const [webhook, email] = await Promise.all([
    channel(() => notify.postAlertWebhook(n)),
    channel(() => notify.sendAlertEmail(n)),
  ]);
  recordRun({
    summary: `alert ${n.alertId} ${n.transition}: webhook ${describe(webhook)}, e-mail ${describe(email)}`,
    memo: { webhook: webhook.status, email: email.status },
  });
  return { webhook, email };
}
