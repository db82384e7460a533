import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { notifyAlertWorkflowId, type AlertNotification } from '../../lib/domain/alert-notification';
import { EnvSecretProvider } from '../../lib/secrets';
import type { NotifyAlertResult } from '../../workflows/notify-alert';
import { startDevServer } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

/**
 * notifyAlert on the real dev server with the real activities: a local webhook receiver
 * (test/helpers/webhook-receiver.ts) that refuses each key's first attempt with 503, and a local SMTP
 * server that keeps what it receives.
 */

const SECRET = 'integration-webhook-secret';

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let smtp: SMTPServer;

let hook: WebhookReceiver;
const mails: string[] = [];

async function listen(server: {
  listen(port: number, host: string, cb: () => void): unknown;
}): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return ((server as unknown as { address(): AddressInfo }).address() ?? { port: 0 }).port;
}

beforeAll(async () => {
  hook = await startWebhookReceiver(SECRET);

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  const smtpPort = await listen(smtp.server);

  env = await startDevServer();
  platform = await startTestPlatform(env, {
    GPS_ALERT_WEBHOOK_URL: hook.url,
    GPS_ALERT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    GPS_ALERT_EMAIL_FROM: 'Grid Power Stream <alerts@gps.test>',
    GPS_ALERT_EMAIL_TO: 'ops@gps.test, grid@gps.test',
  });
  platform.deps.secrets = new EnvSecretProvider({ GPS_ALERT_WEBHOOK_SECRET: SECRET });
});

afterAll(async () => {
  await platform?.stop();
  await env?.teardown();
  await hook?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const notification: AlertNotification = {
  alertId: 9,
  transitionId: 31,
  kind: 'OVER_PRODUCTION',
  regionCode: 'FR-OCC',
  severity: 'critical',
  transition: 'opened',
  at: '2026-04-12T10:00:00.000Z',
  summary: 'Occitanie solar above 95 % of installed capacity',
  evidence: { ratio: 0.97, installedMw: 4200 },
};

function run(workflowId: string): Promise<NotifyAlertResult> {
  return env.client.workflow.execute('notifyAlert', {
    taskQueue: platform.config.temporal.declarations.taskQueues.ingest,
    workflowId,
    args: [{ notification }],
  });
}

test('a 503 first, then delivered once with a valid signature; the e-mail arrives with its subject and Message-ID', async () => {
  const result = await run(notifyAlertWorkflowId(notification));
  expect(result.webhook).toEqual({ status: 'delivered', detail: 'HTTP 200' });
  expect(result.email).toEqual({ status: 'delivered', detail: '<alert-9-31@gps.test>' });

  expect(hook.posts.map((p) => p.status)).toEqual([503, 200]);
  expect(hook.posts.every((p) => p.signatureValid && p.key === 'alert-9-31')).toBe(true);
  expect(hook.delivered.get('alert-9-31')).toEqual({
    id: 'alert-9-31',
    type: 'alert.opened',
    alert: notification,
  });

  expect(mails).toHaveLength(1);
  const mail = mails[0] as string;
  expect(mail).toMatch(/^Subject: \[GPS\] critical OVER_PRODUCTION FR-OCC opened\r?$/m);
  expect(mail).toMatch(/^Message-ID: <alert-9-31@gps.test>\r?$/im);
  expect(mail).toContain(notification.summary);
  expect(mail).toContain('"installedMw": 4200');

  const audit = await platform
    .db('ingestion_audit')
    .where({ workflow_id: notifyAlertWorkflowId(notification), step: 'alert-notify' })
    .orderBy('id');
  expect(audit.every((a) => a.source === 'alerts')).toBe(true);
  expect(audit.filter((a) => a.status === 'failed')).toHaveLength(1); // the 503
  expect(audit.filter((a) => a.status === 'succeeded')).toHaveLength(2); // webhook, e-mail
  expect(JSON.stringify(audit)).not.toContain(SECRET);
});

test('the same transition sent again is recognised by its Idempotency-Key: still one delivery', async () => {
  const before = hook.posts.length;
  const result = await run(`${notifyAlertWorkflowId(notification)}-resent`);
  expect(result.webhook.status).toBe('delivered');
  expect(hook.posts.slice(before).map((p) => p.key)).toEqual(['alert-9-31']);
  expect(hook.delivered.size).toBe(1);
  // The e-mail is resent with the same Message-ID, which a mail client takes as one message.
  expect(mails.filter((m) => /^Message-ID: <alert-9-31@gps.test>\r?$/im.test(m))).toHaveLength(2);
});
