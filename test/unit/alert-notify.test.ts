import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../activities/config';
import { emailMessageId, emailSubject, emailText } from '../../activities/alerts/notify/email';
import { postWebhook, signBody, signedRequest, webhookBody } from '../../activities/alerts/notify/webhook';
import { toActivityFailure } from '../../activities/errors';
import { ConfigError } from '../../lib/config';
import type { AlertNotification } from '../../lib/domain/alert-notification';
import { HttpStatusError, HttpTimeoutError } from '../../lib/http/odre-client';

const SECRET = 'whsec-test-0123456789';

const notification: AlertNotification = {
  alertId: 42,
  transitionId: 7,
  kind: 'NEGATIVE_PRICE_RISK',
  regionCode: null,
  severity: 'warning',
  transition: 'opened',
  at: '2026-04-12T10:00:00.000Z',
  summary: 'Day-ahead price below 0 EUR/MWh for 3 h tomorrow, solar forecast 18 GW',
  evidence: { minPriceEurMwh: -12.5, hours: ['11:00', '12:00', '13:00'] },
};

/** What a receiver does: recompute the HMAC of the raw body, compare in constant time. */
function verify(rawBody: string, header: string, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe('webhook signature and headers', () => {
  test('the signature is the HMAC-SHA256 of the exact body; a tampered body or another secret fails', () => {
    const { body, headers } = signedRequest(notification, SECRET, new Date('2026-04-12T10:00:01Z'));
    expect(headers['X-GPS-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify(body, headers['X-GPS-Signature'] as string, SECRET)).toBe(true);
    expect(verify(body.replace('-12.5', '-1.5'), headers['X-GPS-Signature'] as string, SECRET)).toBe(false);
    expect(verify(`${body} `, headers['X-GPS-Signature'] as string, SECRET)).toBe(false);
    expect(verify(body, headers['X-GPS-Signature'] as string, 'another-secret')).toBe(false);
  });

  test('the body: id, type alert.<transition>, the notification as given', () => {
    expect(JSON.parse(webhookBody(notification))).toEqual({
      id: 'alert-42-7',
      type: 'alert.opened',
      alert: notification,
    });
  });

  test('headers; body, signature and Idempotency-Key are the same on every retry, only the timestamp moves', () => {
    const first = signedRequest(notification, SECRET, new Date('2026-04-12T10:00:01Z'));
    const retry = signedRequest({ ...notification }, SECRET, new Date('2026-04-12T10:05:00Z'));
    expect(first.headers).toEqual({
      'Content-Type': 'application/json',
      'Idempotency-Key': 'alert-42-7',
      'X-GPS-Timestamp': '2026-04-12T10:00:01.000Z',
      'X-GPS-Signature': signBody(first.body, SECRET),
    });
    expect(retry.body).toBe(first.body);
    expect(retry.headers['Idempotency-Key']).toBe(first.headers['Idempotency-Key']);
    expect(retry.headers['X-GPS-Signature']).toBe(first.headers['X-GPS-Signature']);
    expect(retry.headers['X-GPS-Timestamp']).toBe('2026-04-12T10:05:00.000Z');
    // Another transition of the same alert is another notification.
    expect(
      signedRequest({ ...notification, transitionId: 8 }, SECRET, new Date()).headers['Idempotency-Key'],
    ).toBe('alert-42-8');
  });
});

describe('postWebhook against a local receiver', () => {
  let server: http.Server;
  let url: string;
  let answer: { status: number; headers?: Record<string, string>; delayMs?: number };
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        setTimeout(() => {
          res.writeHead(answer.status, answer.headers ?? {});
          res.end('receiver says hi');
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (received.length = 0));

  test('2xx: delivered, the receiver verifies the signature of the bytes it got', async () => {
    answer = { status: 204 };
    await expect(postWebhook(notification, { url, secret: SECRET, timeoutMs: 2000 })).resolves.toEqual({
      status: 204,
    });
    const [got] = received;
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['idempotency-key']).toBe('alert-42-7');
    expect(verify(got?.body ?? '', String(got?.headers['x-gps-signature']), SECRET)).toBe(true);
  });

  test('503 with Retry-After: retryable, the delay honoured', async () => {
    answer = { status: 503, headers: { 'retry-after': '30' } };
    const err = await postWebhook(notification, { url, secret: SECRET, timeoutMs: 2000 }).catch((e) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 503, retryable: true, retryAfterMs: 30_000 });
    expect(toActivityFailure(err)).toMatchObject({ type: 'HttpServerError', nextRetryDelay: 30_000 });
  });

  test.each([408, 429, 500])('%i is retryable', async (status) => {
    answer = { status };
    const err = await postWebhook(notification, { url, secret: SECRET, timeoutMs: 2000 }).catch((e) => e);
    expect(toActivityFailure(err)).toMatchObject({ type: 'HttpServerError', nonRetryable: false });
  });

  test.each([400, 401, 404, 410])('%i is not retried (HttpClientError)', async (status) => {
    answer = { status };
    const err = await postWebhook(notification, { url, secret: SECRET, timeoutMs: 2000 }).catch((e) => e);
    expect(toActivityFailure(err)).toMatchObject({ type: 'HttpClientError', nonRetryable: true });
  });

  test('no answer within the timeout: HttpTimeoutError; no error carries the secret or the signature', async () => {
    answer = { status: 200, delayMs: 500 };
    const err = await postWebhook(notification, { url, secret: SECRET, timeoutMs: 100 }).catch((e) => e);
    expect(err).toBeInstanceOf(HttpTimeoutError);
    answer = { status: 401 };
    const refused = await postWebhook(notification, { url, secret: SECRET, timeoutMs: 2000 }).catch((e) => e);
    const signature = signedRequest(notification, SECRET, new Date()).headers['X-GPS-Signature'] as string;
    for (const e of [err, refused]) {
      expect(String(e.message)).not.toContain(SECRET);
      expect(String(e.message)).not.toContain(signature.slice(7));
    }
  });
});

describe('e-mail', () => {
  test('subject, Message-ID from the idempotency key, text with the summary and the evidence', () => {
    expect(emailSubject(notification)).toBe('[GPS] warning NEGATIVE_PRICE_RISK France opened');
    expect(
      emailSubject({ ...notification, regionCode: 'FR-IDF', severity: 'critical', transition: 'resolved' }),
    ).toBe('[GPS] critical NEGATIVE_PRICE_RISK FR-IDF resolved');
    expect(emailMessageId(notification, 'GPS <alerts@gps.example>')).toBe('<alert-42-7@gps.example>');
    const text = emailText(notification);
    expect(text.split('\n')[0]).toBe(notification.summary);
    expect(text).toContain('"minPriceEurMwh": -12.5');
  });
});

describe('alertNotify configuration', () => {
  test('nothing set: both channels skipped', () => {
    expect(loadConfig({}).alertNotify).toEqual({
      webhookUrl: undefined,
      timeoutMs: 10_000,
      email: undefined,
    });
  });

  test('https webhook accepted everywhere; http only on loopback outside production', () => {
    expect(
      loadConfig({
        NODE_ENV: 'production',
        GPS_AUTH_MODE: 'azure',
        ...azure,
        GPS_ALERT_WEBHOOK_URL: 'https://hooks.example/gps',
      }).alertNotify.webhookUrl,
    ).toBe('https://hooks.example/gps');
    expect(loadConfig({ GPS_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9999/hook' }).alertNotify.webhookUrl).toBe(
      'http://127.0.0.1:9999/hook',
    );
    expect(() => loadConfig({ GPS_ALERT_WEBHOOK_URL: 'http://hooks.example/gps' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        GPS_AUTH_MODE: 'azure',
        ...azure,
        GPS_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9999/hook',
      }),
    ).toThrow(/GPS_ALERT_WEBHOOK_URL must be https/);
    expect(() => loadConfig({ GPS_ALERT_WEBHOOK_URL: 'ftp://hooks.example' })).toThrow(
      /GPS_ALERT_WEBHOOK_URL/,
    );
  });

  test('SMTP: from and to required, recipients split on commas, no password in the URL', () => {
    expect(
      loadConfig({
        GPS_ALERT_SMTP_URL: 'smtp://mail.example:25',
        GPS_ALERT_EMAIL_FROM: 'gps@example.org',
        GPS_ALERT_EMAIL_TO: 'ops@example.org, grid@example.org',
      }).alertNotify.email,
    ).toEqual({
      smtpUrl: 'smtp://mail.example:25',
      from: 'gps@example.org',
      to: ['ops@example.org', 'grid@example.org'],
    });
    expect(() => loadConfig({ GPS_ALERT_SMTP_URL: 'smtp://mail.example:25' })).toThrow(
      /GPS_ALERT_EMAIL_FROM/,
    );
    expect(() =>
      loadConfig({
        GPS_ALERT_SMTP_URL: 'smtp://mail.example',
        GPS_ALERT_EMAIL_FROM: 'a@b.c',
        GPS_ALERT_EMAIL_TO: 'nobody',
      }),
    ).toThrow(/GPS_ALERT_EMAIL_TO/);
    expect(() =>
      loadConfig({
        GPS_ALERT_SMTP_URL: 'smtp://u:pw@mail.example',
        GPS_ALERT_EMAIL_FROM: 'a@b.c',
        GPS_ALERT_EMAIL_TO: 'x@y.z',
      }),
    ).toThrow(/must not carry a password/);
    expect(() => loadConfig({ GPS_ALERT_SMTP_URL: 'http://mail.example' })).toThrow(/GPS_ALERT_SMTP_URL/);
  });
});

const azure = {
  AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  AZURE_API_AUDIENCE: 'api://gps',
};
