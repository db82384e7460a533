import { z } from 'zod';
import { ConfigError, defineConfigSlice, LOOPBACK_HOSTS } from '../../../lib/config';

/**
 * Where alert notifications go. A slice beside the source slices (activities/config.ts), not
 * platform variables: only the ingest worker's notification activities read it, and it keeps the
 * alert settings in one file with their checks. Secrets (the webhook signing secret, the SMTP
 * password) are not here: they come from the secret provider (lib/secrets.ts).
 */
export const alertNotifyConfig = defineConfigSlice({
  key: 'alertNotify',
  env: {
    GPS_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    GPS_ALERT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    GPS_ALERT_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    GPS_ALERT_EMAIL_FROM: z.string().trim().min(3).optional(),
    GPS_ALERT_EMAIL_TO: z.string().trim().min(3).optional(),
  },
  build(e, { nodeEnv }) {
    let webhookUrl: string | undefined;
    if (e.GPS_ALERT_WEBHOOK_URL) {
      const url = new URL(e.GPS_ALERT_WEBHOOK_URL);
      // Plain HTTP only for a receiver on this machine (tests), never in production.
      if (url.protocol === 'http:' && (nodeEnv === 'production' || !LOOPBACK_HOSTS.has(url.hostname))) {
        throw new ConfigError(
          'GPS_ALERT_WEBHOOK_URL must be https (plain http is accepted on loopback outside production only)',
        );
      }
      webhookUrl = url.href;
    }
    let email: { smtpUrl: string; from: string; to: string[] } | undefined;
    if (e.GPS_ALERT_SMTP_URL) {
      if (/^smtps?:\/\/[^/@]*:[^/@]*@/.test(e.GPS_ALERT_SMTP_URL)) {
        throw new ConfigError(
          'GPS_ALERT_SMTP_URL must not carry a password: give it through GPS_ALERT_SMTP_PASSWORD (or Key Vault)',
        );
      }
      if (!e.GPS_ALERT_EMAIL_FROM || !e.GPS_ALERT_EMAIL_TO) {
        throw new ConfigError(
          'GPS_ALERT_EMAIL_FROM and GPS_ALERT_EMAIL_TO are required when GPS_ALERT_SMTP_URL is set',
        );
      }
      const to = e.GPS_ALERT_EMAIL_TO.split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      const bad = to.find((a) => !z.email().safeParse(a).success);
      if (bad !== undefined || to.length === 0) {
        throw new ConfigError(
          `GPS_ALERT_EMAIL_TO must be comma-separated e-mail addresses (got ${bad ?? 'none'})`,
        );
      }
      email = { smtpUrl: e.GPS_ALERT_SMTP_URL, from: e.GPS_ALERT_EMAIL_FROM, to };
    }
    return {
      /** Unset: the webhook channel is skipped. */
      webhookUrl,
      timeoutMs: e.GPS_ALERT_WEBHOOK_TIMEOUT_MS,
      /** Unset: the e-mail channel is skipped. */
      email,
    };
  },
});

export type AlertNotifyConfig = ReturnType<typeof alertNotifyConfig.build>;
