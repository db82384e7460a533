import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import * as operations from '../../db/migrations/20261128_002_operations';
import { createAlertNotifyActivities } from '../../activities/alerts/notify';
import { loadConfig } from '../../activities/config';
import type { ActivityDeps } from '../../activities/deps';
import type { AlertNotification } from '../../lib/domain/alert-notification';
import { EnvSecretProvider } from '../../lib/secrets';
import { memoryDb } from '../helpers/memory-db';

/** The activities' own decisions: skipped when unconfigured, a URL without its secret refused. */

const notification: AlertNotification = {
  alertId: 1,
  transitionId: 2,
  kind: 'OVER_PRODUCTION',
  regionCode: null,
  severity: 'info',
  transition: 'resolved',
  at: '2026-04-12T10:00:00.000Z',
  by: 'alice@example.org',
  summary: 'National production back under the threshold',
  evidence: {},
};

let db: Knex;
beforeEach(async () => {
  db = memoryDb();
  await operations.up(db);
});
afterEach(async () => db.destroy());

function activities(env: Record<string, string>, secrets: Record<string, string> = {}) {
  const deps = {
    config: loadConfig(env),
    db,
    secrets: new EnvSecretProvider(secrets),
  } as unknown as ActivityDeps;
  return createAlertNotifyActivities(deps);
}

test('nothing configured: both channels skipped, audited as skipped with the reason', async () => {
  const a = activities({});
  const env = new MockActivityEnvironment({
    workflowExecution: { workflowId: 'notify-alert-1-2', runId: 'r' },
  });
  expect(await env.run(a.postAlertWebhook, notification)).toEqual({
    delivered: false,
    skipped: 'no alert webhook configured (GPS_ALERT_WEBHOOK_URL)',
  });
  expect(await env.run(a.sendAlertEmail, notification)).toEqual({
    delivered: false,
    skipped: 'no alert e-mail configured (GPS_ALERT_SMTP_URL)',
  });
  const rows = await db('ingestion_audit').orderBy('id');
  expect(rows.map((r) => [r.step, r.source, r.status])).toEqual([
    ['alert-notify', 'alerts', 'started'],
    ['alert-notify', 'alerts', 'skipped'],
    ['alert-notify', 'alerts', 'started'],
    ['alert-notify', 'alerts', 'skipped'],
  ]);
  expect(JSON.parse(rows[1].details)).toMatchObject({ channel: 'webhook', key: 'alert-1-2' });
});

test('a webhook URL without its signing secret is a non-retryable ConfigError', async () => {
  const a = activities({ GPS_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook' });
  const err = await new MockActivityEnvironment()
    .run(a.postAlertWebhook, notification)
    .catch((e: unknown) => e as ApplicationFailure);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ type: 'ConfigError', nonRetryable: true });
  expect((err as Error).message).toMatch(/GPS_ALERT_WEBHOOK_SECRET/);
});
