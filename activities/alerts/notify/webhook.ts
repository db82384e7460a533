import { createHmac } from 'node:crypto';
import { alertIdempotencyKey, type AlertNotification } from '../../../lib/domain/alert-notification';
import { HttpStatusError, HttpTimeoutError, parseRetryAfter } from '../../../lib/http/odre-client';

/**
 * The alert webhook: one signed JSON POST per alert transition. The body and its signature
 * depend on the notification only, so every retry sends the same bytes with the same
 * Idempotency-Key; only X-GPS-Timestamp says when this attempt was made.
 */

export interface AlertWebhookBody {
  id: string;
  type: `alert.${AlertNotification['transition']}`;
  alert: AlertNotification;
}

export const SIGNATURE_HEADER = 'X-GPS-Signature';
export const TIMESTAMP_HEADER = 'X-GPS-Timestamp';

export function webhookBody(notification: AlertNotification): string {
  const body: AlertWebhookBody = {
    id: alertIdempotencyKey(notification),
    type: `alert.${notification.transition}`,
    alert: notification,
  };
  return JSON.stringify(body);
}

/** `sha256=<hex HMAC-SHA256 of the body bytes>`, what a receiver recomputes with the shared secret. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export function signedRequest(notification: AlertNotification, secret: string, now: Date): SignedRequest {
  const body = webhookBody(notification);
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': alertIdempotencyKey(notification),
      [TIMESTAMP_HEADER]: now.toISOString(),
      [SIGNATURE_HEADER]: signBody(body, secret),
    },
  };
}

export interface PostOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  now?: Date;
}

/**
 * POSTs the notification. 2xx: delivered (the status is returned). Otherwise throws the typed
 * errors of lib/http (HttpStatusError with Retry-After, HttpTimeoutError) for the activity to map.
 * Neither the secret nor the signature is ever put in an error or a log line.
 */
export async function postWebhook(
  notification: AlertNotification,
  options: PostOptions,
): Promise<{ status: number }> {
  const { body, headers } = signedRequest(notification, options.secret, options.now ?? new Date());
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(options.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new HttpTimeoutError(`no complete answer from ${options.url} within ${options.timeoutMs} ms`);
    }
    throw err;
  }
  if (response.status < 200 || response.status >= 300) {
    throw new HttpStatusError(
      options.url,
      response.status,
      parseRetryAfter(response.headers.get('retry-after')),
      text.slice(0, 300),
    );
  }
  return { status: response.status };
}
