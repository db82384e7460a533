import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../../lib/log';
import { processMetrics } from '../../lib/metrics/registry';
import { startMetricsServer, type MetricsServer } from '../../lib/metrics/server';
import { loadFixture } from '../../replay/odre-replay-server';
import { implausibleRegionalRecord } from '../helpers/eco2mix-records';
import { scrape, valueOf } from '../helpers/metrics';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { startDevServer } from '../helpers/temporal';

/**
 * A worker's observability on real workers and the dev server: its /metrics after a pipeline run
 * (rows per dataset and layer, source freshness) and after a failed gate, and the JSON lines its
 * activities write (execution fields, no secrets).
 */

const fixture = loadFixture('eco2mix-regional-tr');
const lines: Record<string, unknown>[] = [];

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let metrics: MetricsServer;

beforeAll(async () => {
  env = await startDevServer();
  const log = createLogger({ component: 'worker' }, (line) => lines.push(JSON.parse(line)));
  platform = await startTestPlatform(env, {}, log);
  metrics = await startMetricsServer(processMetrics().registry, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await metrics?.close();
  await platform?.stop();
  await env?.teardown();
});

function ingest(workflowId: string): Promise<unknown> {
  const { ingest: taskQueue, transform } = platform.config.temporal.declarations.taskQueues;
  return env.client.workflow.execute('ingestRteRegional', {
    taskQueue,
    workflowId,
    args: [{ transformTaskQueue: transform }],
  });
}

test('after a run, /metrics shows rows per dataset and layer and the source freshness', async () => {
  await ingest('observability-ok');
  const samples = await scrape(metrics.url);
  const rows = (layer: string) =>
    valueOf(samples, 'gps_dataset_rows_total', { dataset: 'rte-regional', layer });
  expect(rows('bronze')).toBe(fixture.length);
  expect(rows('silver')).toBeGreaterThan(0);
  expect(rows('gold')).toBeGreaterThan(0);

  const watermark = await platform.db('ingestion_watermark').where({ source: 'rte-regional' }).first();
  const freshness = valueOf(samples, 'gps_source_freshness_seconds', { source: 'rte-regional' });
  const expected = (Date.now() - Date.parse(new Date(watermark.watermark_utc).toISOString())) / 1000;
  expect(freshness).toBeGreaterThan(expected - 60);
  expect(freshness).toBeLessThanOrEqual(expected);
});

test('a failed gate is counted, and an activity log line carries its execution and no secret', async () => {
  // An undeclared column makes the Silver activity warn through deps.log.
  platform.replay.publish('eco2mix-regional-tr', [
    implausibleRegionalRecord(fixture[0]!, { api_key: 'leaked-by-the-source' }),
  ]);
  await expect(ingest('observability-implausible')).rejects.toThrow();

  const samples = await scrape(metrics.url);
  expect(
    valueOf(samples, 'gps_gate_failures_total', {
      dataset: 'eco2mix_regional',
      gate: 'consumption_plausible',
      severity: 'blocking',
    }),
  ).toBe(1);

  const warning = lines.find((l) => l.msg === 'eco2mix regional payload has undeclared columns');
  expect(warning).toMatchObject({
    level: 'warn',
    component: 'worker',
    workflowId: expect.stringMatching(/^observability-implausible/),
    runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    activityType: 'eco2mixRegionalToSilver',
    attempt: 1,
  });
  expect(JSON.stringify(lines)).not.toContain('leaked-by-the-source');
});
