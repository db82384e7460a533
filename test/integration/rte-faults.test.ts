import { AUDIT_STEP } from '../../activities/audit-vocabulary';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { syntheticEco2mixRegional } from '../../replay/synthetic-eco2mix';
import type { IngestRteRegionalResult } from '../../workflows/ingest-rte-regional';
import { startDevServer } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { FailureType } from '../../lib/domain/failure-types';

/**
 * Source faults on the real dev server, played by the replay server: for each, the Bronze content
 * (every payload exactly once), the audit rows and the workflow outcome. 5xx, 429, 404 and the
 * blocking gate are in rte-regional-pipeline.test.ts; schema drift in rte-national-pipeline.test.ts.
 */

const PREFIX = 'bronze/rte/production/eco2mix-regional-tr';

let env: TestWorkflowEnvironment;
let platform: TestPlatform;

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env, { GPS_HTTP_TIMEOUT_MS: '1500' });
});

afterAll(async () => {
  await platform?.stop();
  await env?.teardown();
});

function run(workflowId: string): Promise<IngestRteRegionalResult> {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  return env.client.workflow.execute('ingestRteRegional', {
    taskQueue: ingest,
    workflowId,
    args: [{ transformTaskQueue: transform }],
  }) as Promise<IngestRteRegionalResult>;
}

async function payloads(): Promise<string[]> {
  return (await platform.deps.lake.list(PREFIX)).filter(
    (k) => k.endsWith('.json') && !k.endsWith('.meta.json'),
  );
}

async function fetchAudit(workflowId: string) {
  const events = await platform
    .db('ingestion_audit')
    .where({ workflow_id: workflowId, step: AUDIT_STEP.toBronze })
    .orderBy('id');
  return events.map((e) => ({
    status: e.status as string,
    attempt: e.attempt as number,
    error: e.error as string | null,
    rows: e.rows as number | null,
  }));
}

beforeEach(async () => {
  // Each case reads the capture from the start.
  await platform.db('ingestion_watermark').del();
});

test('a timeout is retried; the page lands once', async () => {
  platform.replay.injectFaults({ kind: 'delay', ms: 3_000 });
  const result = await run('fault-timeout');
  expect(result).toMatchObject({ records: 5, bronzeObjects: 1 });
  const audit = await fetchAudit('fault-timeout');
  expect(audit.map((a) => `${a.status}:${a.attempt}`)).toEqual([
    'started:1',
    'failed:1',
    'started:2',
    'succeeded:2',
  ]);
  expect(audit[1]?.error).toMatch(
    new RegExp(`^${FailureType.HttpTimeout}: no complete answer from .* within 1500 ms`),
  );
  expect(await payloads()).toHaveLength(1);
});

test('a truncated body is quarantined with its reason, retried, and never reaches Bronze as a page', async () => {
  platform.replay.injectFaults({ kind: 'truncate' });
  const result = await run('fault-truncated');
  expect(result).toMatchObject({ records: 5, bronzeObjects: 1, newBronzeObjects: 0 });
  const audit = await fetchAudit('fault-truncated');
  expect(audit.map((a) => `${a.status}:${a.attempt}`)).toEqual([
    'started:1',
    'failed:1',
    'started:2',
    'succeeded:2',
  ]);
  expect(audit[1]?.error).toMatch(
    new RegExp(
      String.raw`^${FailureType.MalformedPayload}: body from .* is not valid JSON .*; body quarantined at bronze/_quarantine/rte-regional/[0-9a-f]{16}\.txt$`,
    ),
  );

  const quarantined = await platform.deps.lake.list('bronze/_quarantine/rte-regional');
  const body = quarantined.find((k) => k.endsWith('.txt')) as string;
  const meta = JSON.parse((await platform.deps.lake.get(`${body}.meta.json`)).toString('utf8'));
  expect(meta).toMatchObject({ source: 'rte-regional', reason: expect.stringMatching(/not valid JSON/) });
  const kept = (await platform.deps.lake.get(body)).toString('utf8');
  expect(kept.startsWith('{"total_count":5')).toBe(true);
  expect(() => JSON.parse(kept)).toThrow();
  expect(await payloads()).toHaveLength(1);
});

test('an empty page is an empty success: nothing stored, watermark untouched, next run catches up', async () => {
  platform.replay.injectFaults({ kind: 'empty' });
  const empty = await run('fault-empty');
  expect(empty).toMatchObject({ records: 0, bronzeObjects: 0, days: [] });
  expect(empty.watermark).toBeUndefined();
  expect(await fetchAudit('fault-empty')).toEqual([
    { status: 'started', attempt: 1, error: null, rows: null },
    { status: 'succeeded', attempt: 1, error: null, rows: 0 },
  ]);
  expect(await platform.db('ingestion_watermark').where({ source: 'rte-regional' }).first()).toBeUndefined();
  expect(await run('fault-empty-next')).toMatchObject({ records: 5 });
});

test('a record repeated across two pages becomes one gold row holding the later publication', async () => {
  const published = [...syntheticEco2mixRegional(new Date('2025-02-21T00:00:00Z'), 10, 11)];
  const sorted = [...published].sort(
    (a, b) =>
      Date.parse(String(a.date_heure)) - Date.parse(String(b.date_heure)) ||
      String(a.code_insee_region).localeCompare(String(b.code_insee_region)),
  );
  const lastOfPage1 = sorted[99] as Record<string, unknown>;
  const correction = { ...lastOfPage1, consommation: Number(lastOfPage1.consommation) + 111 };
  platform.replay.publish('eco2mix-regional-tr', [...published, correction]);
  await platform.db('ingestion_watermark').insert({
    source: 'rte-regional',
    watermark_utc: '2025-02-21T01:00:00.000Z', // minus the 60-minute overlap: from 00:00, the new data only
    updated_at: new Date().toISOString(),
  });

  const before = (await payloads()).length;
  const result = await run('fault-duplicates');
  expect(result).toMatchObject({
    records: 121,
    bronzeObjects: 2,
    newBronzeObjects: 2,
    silverRows: 120,
    rejectedRows: 0,
  });
  expect((await payloads()).length).toBe(before + 2);

  // The copy really straddles the page boundary: last record of page 1, first of page 2.
  const pages = await Promise.all(
    (await payloads())
      .slice(-2)
      .map(async (k) => JSON.parse((await platform.deps.lake.get(k)).toString('utf8'))),
  );
  const key = (r: Record<string, unknown>) => `${r.code_insee_region}@${r.date_heure}`;
  const [first, second] = pages.sort((a, b) => b.results.length - a.results.length);
  expect(key(first.results[99])).toBe(key(lastOfPage1));
  expect(key(second.results[0])).toBe(key(lastOfPage1));

  const ts = new Date(String(lastOfPage1.date_heure)).toISOString();
  const rows = await platform
    .db('fact_regional_balance')
    .where({ region_code: lastOfPage1.code_insee_region, ts_utc: ts });
  expect(rows).toHaveLength(1);
  expect(rows[0].consumption_mw).toBe(correction.consommation);
  const [count] = await platform
    .db('fact_regional_balance')
    .where('ts_utc', '>=', '2025-02-21T00:00:00.000Z')
    .count({ n: '*' });
  expect(Number(count?.n)).toBe(120);
});
