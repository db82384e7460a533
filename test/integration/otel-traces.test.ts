import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { propagation } from '@opentelemetry/api';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig, type Config } from '../../activities/config';
import { ConfigError } from '../../lib/config';
import { silentLogger } from '../../lib/log';
import { startTracing } from '../../lib/tracing/provider';
import { tracingClientInterceptors, WORKFLOW_TRACING_MODULE } from '../../lib/tracing/temporal';
import type { RetentionSummary } from '../../workflows/apply-retention';
import { buildActivityDeps } from '../../workers/dependencies';
import { bundleWorkflows, createWorkers, WORKFLOWS_PATH } from '../../workers/workers';
import { namespaceOf, startDevServer } from '../helpers/temporal';

/**
 * OpenTelemetry traces through the Temporal interceptors, on the real dev server: a client with
 * the client interceptor starts `applyRetention`, the platform's workers (traced workflow bundle,
 * activity interceptors, workflow span sink) run it, and a local OTLP/HTTP receiver gets every
 * span of one trace, from both services. Without an endpoint, nothing is installed.
 */

interface ReceivedExport {
  contentType: string | undefined;
  body: OtlpTraces;
}
interface OtlpTraces {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: { name: string; traceId: string; spanId: string; parentSpanId?: string }[] }[];
  }[];
}

let env: TestWorkflowEnvironment;
let receiver: Server;
let received: ReceivedExport[] = [];
let dataDir: string;

beforeAll(async () => {
  env = await startDevServer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-otel-'));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        received.push({
          contentType: req.headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await env?.teardown();
  rmSync(dataDir, { recursive: true, force: true });
});

function configWith(extra: Record<string, string>): Config {
  return loadConfig({
    NODE_ENV: 'test',
    GPS_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: namespaceOf(env),
    ...extra,
  });
}

test('without an OTLP endpoint no tracer, interceptor or context propagation is installed', async () => {
  const config = configWith({});
  expect(config.observability.traces).toBeUndefined();
  const tracing = startTracing(config, 'gps-worker');
  expect(tracing).toBeUndefined();
  expect(tracingClientInterceptors(tracing)).toBeUndefined();
  // The no-op propagator of @opentelemetry/api: no traceparent header would be written. (This
  // test runs before the traced one below, which installs the W3C propagator process-wide.)
  expect(propagation.fields()).toEqual([]);
  const deps = await buildActivityDeps(config, silentLogger);
  const [worker] = await createWorkers(env.nativeConnection, config, deps, {}, ['transform'], tracing);
  expect(worker!.options.sinks).not.toHaveProperty('exporter');
  expect(worker!.options.interceptors.workflowModules).not.toContain(WORKFLOW_TRACING_MODULE);
  const running = worker!.run();
  worker!.shutdown();
  await running;
  await deps.db.destroy();
});

test('an endpoint that is not an http(s) URL stops the configuration, naming the variable', () => {
  expect(() => configWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(ConfigError);
  // Empty is unset, as the OpenTelemetry specification reads its variables.
  expect(configWith({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).observability.traces).toBeUndefined();
  expect(() => configWith({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/v1/traces' })).toThrow(
    /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/,
  );
});

test('a workflow started by a traced client and run by traced workers is one trace over OTLP/HTTP JSON', async () => {
  received = [];
  const { port } = receiver.address() as AddressInfo;
  const config = configWith({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/` });
  expect(config.observability.traces?.url).toBe(`http://127.0.0.1:${port}/v1/traces`);
  // Two roles in one process, each with its own provider and service name, as in production.
  const apiTracing = startTracing(config, 'gps-api')!;
  const workerTracing = startTracing(config, 'gps-worker')!;
  const deps = await buildActivityDeps(config, silentLogger);
  const code = await bundleWorkflows(WORKFLOWS_PATH, true);
  const workers = await createWorkers(
    env.nativeConnection,
    config,
    deps,
    { workflowBundle: { code } },
    ['ingest', 'transform'],
    workerTracing,
  );
  expect(workers[0]!.options.sinks).toHaveProperty('exporter');
  const running = Promise.all(workers.map((w) => w.run()));
  try {
    const client = new Client({
      connection: env.connection,
      namespace: namespaceOf(env),
      interceptors: tracingClientInterceptors(apiTracing),
    });
    const summary: RetentionSummary = await client.workflow.execute('applyRetention', {
      taskQueue: config.temporal.declarations.taskQueues.ingest,
      workflowId: 'otel-traced-retention',
      args: [{ dryRun: true }],
    });
    expect(summary.dryRun).toBe(true);
  } finally {
    for (const w of workers) w.shutdown();
    await running;
    await deps.db.destroy();
  }
  // Shutting down flushes what the batch processors still hold.
  await Promise.all([apiTracing.shutdown(), workerTracing.shutdown()]);

  expect(received.length).toBeGreaterThan(0);
  for (const r of received) expect(r.contentType).toBe('application/json');
  const spans = received.flatMap((r) =>
    r.body.resourceSpans.flatMap((rs) => {
      const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
      return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, service })));
    }),
  );
  const named = (name: string) => spans.filter((s) => s.name === name);
  const start = named('StartWorkflow:applyRetention');
  const run = named('RunWorkflow:applyRetention');
  const schedule = named('StartActivity:applyRetentionStep');
  const execute = named('RunActivity:applyRetentionStep');
  expect(start).toHaveLength(1);
  expect(run).toHaveLength(1);
  // One call per retention zone.
  expect(schedule).toHaveLength(4);
  expect(execute).toHaveLength(4);
  expect(start[0]!.service).toBe('gps-api');
  for (const s of [...run, ...schedule, ...execute]) expect(s.service).toBe('gps-worker');
  const traceIds = new Set([...start, ...run, ...schedule, ...execute].map((s) => s.traceId));
  expect(traceIds).toEqual(new Set([start[0]!.traceId]));
  expect(run[0]!.parentSpanId).toBe(start[0]!.spanId);
  const scheduleIds = new Set(schedule.map((s) => s.spanId));
  for (const s of execute) expect(scheduleIds.has(s.parentSpanId ?? '')).toBe(true);
});
