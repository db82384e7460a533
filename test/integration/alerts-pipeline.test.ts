import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer } from '../helpers/temporal';
import { EnvSecretProvider } from '../../lib/secrets';
import {
  ingestCycle as cycle,
  publishEpisode,
  QH,
  relaxedAlertRules,
  T0,
} from '../helpers/over-production-episode';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

/**
 * Alerts on real components: the regional ingestion publishes Gold and starts evaluateAlerts as
 * an abandoned child (`alerts-<window end>`). A replayed over-production episode in region 52
 * opens one alert within one ingestion cycle, the next cycle updates it, and it resolves when the
 * surplus is gone. Each transition reaches a local webhook once, the first attempt refused. The
 * baseline is turned off (minBaselineSamples 0): the replay has no 28 days.
 */
const SECRET = 'alerts-pipeline-webhook-secret';
let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let hook: WebhookReceiver;
let rules: ReturnType<typeof relaxedAlertRules>;

beforeAll(async () => {
  rules = relaxedAlertRules();
  hook = await startWebhookReceiver(SECRET);
  env = await startDevServer();
  platform = await startTestPlatform(env, { GPS_ALERTS_YAML: rules.file, GPS_ALERT_WEBHOOK_URL: hook.url });
  platform.deps.secrets = new EnvSecretProvider({ GPS_ALERT_WEBHOOK_SECRET: SECRET });
});

afterAll(async () => {
  await platform?.stop();
  await env?.teardown();
  await hook?.close();
  rules?.remove();
});

const publish = (from: number, to: number, surplus: (q: number) => boolean) =>
  publishEpisode(platform, from, to, surplus);

async function ingestCycle(name: string, windowEnd: string) {
  await cycle(env, platform, name, windowEnd);
  return platform.db('alerts').where({ kind: 'OVER_PRODUCTION', region_code: '52' }).orderBy('id');
}

test('one alert per episode: opened in one cycle with its evidence, updated by the next, resolved when clear', async () => {
  const opened = await ingestCycle(
    '1',
    publish(0, 8, (q) => q >= 4),
  );
  expect(opened).toHaveLength(1);
  expect(opened[0]).toMatchObject({ status: 'open' });
  expect(new Date(opened[0].episode_start).toISOString()).toBe(new Date(T0 + 4 * QH).toISOString());
  const evidence = JSON.parse(opened[0].evidence);
  expect(evidence).toMatchObject({ rule: 'OVER_PRODUCTION', regionCode: '52', quarterHours: 4 });
  expect(evidence.peak.ratio).toBeGreaterThan(2); // its own production plus twice its consumption

  const updated = await ingestCycle(
    '2',
    publish(8, 12, () => true),
  );
  expect(updated).toHaveLength(1);
  expect(new Date(updated[0].last_seen_at).toISOString()).toBe(new Date(T0 + 11 * QH).toISOString());

  const resolved = await ingestCycle(
    '3',
    publish(12, 16, () => false),
  );
  expect(resolved).toHaveLength(1);
  expect(resolved[0]).toMatchObject({ status: 'resolved', resolved_by: 'alerts' });
  const transitions = await platform
    .db('alert_transitions')
    .where({ alert_id: resolved[0].id })
    .orderBy('id');
  expect(transitions.map((t) => `${t.from_status}->${t.to_status}`)).toEqual([
    'null->open',
    'open->open',
    'open->resolved',
  ]);
  const audit = await platform.db('ingestion_audit').where({ source: 'alerts', status: 'event' });
  expect(audit.filter((a) => JSON.parse(a.details).alertId === resolved[0].id).map((a) => a.step)).toEqual([
    'alert-open',
    'alert-update',
    'alert-resolve',
  ]);

  // Each transition started one notification run, named after it, and reached the webhook once
  // with its evidence; the refused first attempt was retried under the same Idempotency-Key.
  for (const t of transitions) {
    const run = env.client.workflow.getHandle(`notify-alert-${resolved[0].id}-${t.id}`);
    expect(await run.result()).toMatchObject({
      webhook: { status: 'delivered' },
      email: { status: 'skipped' },
    });
  }
  const keys = transitions.map((t) => `alert-${resolved[0].id}-${t.id}`);
  expect(hook.posts.every((p) => p.signatureValid)).toBe(true);
  const statusesOf = (key: string) => hook.posts.filter((p) => p.key === key).map((p) => p.status);
  expect(keys.map(statusesOf)).toEqual([
    [503, 200],
    [503, 200],
    [503, 200],
  ]);
  // Other regions of the synthetic feed raise their own alerts: each of their transitions, too,
  // was delivered exactly once.
  const everyTransition = await platform.db('alert_transitions').select('alert_id', 'id');
  for (const t of everyTransition) {
    await env.client.workflow.getHandle(`notify-alert-${t.alert_id}-${t.id}`).result();
  }
  expect(hook.delivered.size).toBe(everyTransition.length);
  expect(hook.posts.filter((p) => p.status === 200)).toHaveLength(hook.delivered.size);
  expect(hook.delivered.get(keys[0] as string)).toMatchObject({
    type: 'alert.opened',
    alert: {
      kind: 'OVER_PRODUCTION',
      regionCode: '52',
      evidence: { rule: 'OVER_PRODUCTION', quarterHours: 4 },
    },
  });
});
