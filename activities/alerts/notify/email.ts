import nodemailer from 'nodemailer';
import { alertIdempotencyKey, type AlertNotification } from '../../../lib/domain/alert-notification';

/** `[GPS] <severity> <kind> <region or France> <transition>` */
export function emailSubject(n: AlertNotification): string {
  return `[GPS] ${n.severity} ${n.kind} ${n.regionCode ?? 'France'} ${n.transition}`;
}

/** Derived from the idempotency key, so a resent e-mail is recognisably the same message. */
export function emailMessageId(n: AlertNotification, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'grid-power-stream.invalid';
  return `<${alertIdempotencyKey(n)}@${domain}>`;
}

export function emailText(n: AlertNotification): string {
  const lines = [
    n.summary,
    '',
    `Alert:      ${n.alertId} (${n.kind})`,
    `Region:     ${n.regionCode ?? 'France (national)'}`,
    `Severity:   ${n.severity}`,
    `Transition: ${n.transition} at ${n.at}${n.by ? ` by ${n.by}` : ''}`,
    `Key:        ${alertIdempotencyKey(n)}`,
    '',
    'Evidence:',
    JSON.stringify(n.evidence, null, 2),
    '',
  ];
  return lines.join('\n');
}

export interface SendOptions {
  smtpUrl: string;
  from: string;
  to: string[];
  password?: string;
  timeoutMs: number;
}

/** Sends the plain-text e-mail; SMTP errors are thrown as they come (retryable by the policy). */
export async function sendEmail(n: AlertNotification, options: SendOptions): Promise<{ messageId: string }> {
  const url = new URL(options.smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 25,
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: options.password ?? '' } : undefined,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    const messageId = emailMessageId(n, options.from);
    await transport.sendMail({
      from: options.from,
      to: options.to,
      subject: emailSubject(n),
      text: emailText(n),
      messageId,
      headers: { 'Idempotency-Key': alertIdempotencyKey(n) },
    });
    return { messageId };
  } finally {
    transport.close();
  }
}
