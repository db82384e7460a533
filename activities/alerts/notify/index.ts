import { ConfigError } from '../../../lib/config';
import type { AlertNotification } from '../../../lib/domain/alert-notification';
import { alertIdempotencyKey } from '../../../lib/domain/alert-notification';
import { audited } from '../../audit';
import { ALERTS, AUDIT_STEP } from '../../audit-vocabulary';
import type { ActivityDeps } from '../../deps';
import { sendEmail } from './email';
import { postWebhook } from './webhook';

/** What one channel did: delivered, or skipped with the reason (not configured). */
export type ChannelOutcome = { delivered: true; detail: string } | { delivered: false; skipped: string };

/**
 * The notification activities (ingest task queue: network I/O). Each attempt is audited with
 * step `alert-notify`, source `alerts`, and the idempotency key in its details; never the secret
 * nor the signature.
 */
export function createAlertNotifyActivities(deps: ActivityDeps, fetchImpl?: typeof fetch) {
  const config = deps.config.alertNotify;
  return {
    async postAlertWebhook(notification: AlertNotification): Promise<ChannelOutcome> {
      const key = alertIdempotencyKey(notification);
      const outcome = await audited(deps.db, { step: AUDIT_STEP.alertNotify, source: ALERTS }, async () => {
        if (!config.webhookUrl) {
          const skipped = 'no alert webhook configured (GPS_ALERT_WEBHOOK_URL)';
          return {
            skipped,
            details: { channel: 'webhook', key },
            result: { delivered: false, skipped } as const,
          };
        }
        const secret = await deps.secrets.get('alert-webhook-secret');
        if (!secret) {
          throw new ConfigError(
            'GPS_ALERT_WEBHOOK_URL is set but the webhook signing secret is not (GPS_ALERT_WEBHOOK_SECRET or its Key Vault secret)',
          );
        }
        const { status } = await postWebhook(notification, {
          url: config.webhookUrl,
          secret,
          timeoutMs: config.timeoutMs,
          fetchImpl,
        });
        const detail = `HTTP ${status}`;
        return {
          details: { channel: 'webhook', key, status },
          result: { delivered: true, detail } as const,
        };
      });
      return outcome.result;
    },

    async sendAlertEmail(notification: AlertNotification): Promise<ChannelOutcome> {
      const key = alertIdempotencyKey(notification);
      const outcome = await audited(deps.db, { step: AUDIT_STEP.alertNotify, source: ALERTS }, async () => {
        if (!config.email) {
          const skipped = 'no alert e-mail configured (GPS_ALERT_SMTP_URL)';
          return {
            skipped,
            details: { channel: 'email', key },
            result: { delivered: false, skipped } as const,
          };
        }
        const password = await deps.secrets.get('alert-smtp-password');
        const { messageId } = await sendEmail(notification, {
          ...config.email,
          password,
          timeoutMs: config.timeoutMs,
        });
        return {
          details: { channel: 'email', key, messageId, recipients: config.email.to.length },
          result: { delivered: true, detail: messageId } as const,
        };
      });
      return outcome.result;
    },
  };
}
