import { MockActivityEnvironment } from '@temporalio/testing';
import { activityContextLogger } from '../../activities/activity-log';
import { createLogger, REDACTED } from '../../lib/log';
import { temporalSdkLogger } from '../../lib/temporal-log';

/** The JSON lines a logger wrote, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ component: 'test' }, (line) => lines.push(JSON.parse(line)));
  return { lines, log };
}

test('a line is { t, level, msg } with the base and call fields, one JSON object per line', () => {
  const { lines, log } = capture();
  log.child({ area: 'gates' }).warn('gate failed', { dataset: 'eco2mix_regional', rows: 3 });
  expect(lines).toEqual([
    {
      t: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'warn',
      msg: 'gate failed',
      component: 'test',
      area: 'gates',
      dataset: 'eco2mix_regional',
      rows: 3,
    },
  ]);
});

test('secrets passed by mistake are redacted, at the top level, one object down and in child bindings', () => {
  const { lines, log } = capture();
  log.info('request', {
    token: 'eyJhbGciOi.secret',
    headers: { authorization: 'Bearer eyJhbGciOi.secret', accept: 'application/json' },
    options: { apiKey: 'odre-key', password: 'hunter2' },
  });
  log.child({ clientSecret: 'azure-secret' }).error('token refresh failed');
  expect(JSON.stringify(lines)).not.toMatch(/secret"|eyJ|odre-key|hunter2/);
  expect(lines[0]).toMatchObject({
    token: REDACTED,
    headers: { authorization: REDACTED, accept: 'application/json' },
    options: { apiKey: REDACTED, password: REDACTED },
  });
  expect(lines[1]).toMatchObject({ clientSecret: REDACTED });
});

test('inside an activity, deps.log lines carry workflowId, runId, activityType and attempt', async () => {
  const { lines, log } = capture();
  const activityLog = activityContextLogger(log);
  const env = new MockActivityEnvironment({
    activityType: 'toSilverRteRegional',
    attempt: 3,
    workflowExecution: { workflowId: 'ingest-rte-regional-1', runId: 'run-1' },
  });
  await env.run(async () => activityLog.child({ source: 'rte-regional' }).warn('undeclared columns'));
  activityLog.info('outside any activity');
  expect(lines[0]).toMatchObject({
    msg: 'undeclared columns',
    source: 'rte-regional',
    workflowId: 'ingest-rte-regional-1',
    runId: 'run-1',
    activityType: 'toSilverRteRegional',
    attempt: 3,
  });
  expect(lines[1]).not.toHaveProperty('workflowId');
});

test("the Temporal SDK's logs go through the same JSON lines, below WARN dropped", () => {
  const { lines, log } = capture();
  const sdk = temporalSdkLogger(log);
  sdk.info('Worker state changed', { state: 'RUNNING' });
  sdk.warn('Activity failed', { activityType: 'toBronze', attempt: 2, taskToken: 'CiRkY2Q5' });
  sdk.log('ERROR', 'Worker failed', { taskQueue: 'gps-ingest', error: new TypeError('poller gone') });
  expect(lines.map((l) => [l.level, l.msg, l.component])).toEqual([
    ['warn', 'Activity failed', 'temporal-sdk'],
    ['error', 'Worker failed', 'temporal-sdk'],
  ]);
  expect(lines[0]).toMatchObject({ activityType: 'toBronze', attempt: 2, taskToken: REDACTED });
  expect(lines[1]).toMatchObject({ error: { type: 'TypeError', message: 'poller gone' } });
});
