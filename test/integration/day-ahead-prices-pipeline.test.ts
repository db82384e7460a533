import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../lib/domain/failure-types';
import { parisCalendar } from '../../lib/domain/paris-time';
import { expectedSlots } from '../../activities/sources/day-ahead-prices/gates';
import { EnvSecretProvider } from '../../lib/secrets';
import { startEntsoeServer, type EntsoeServer } from '../../replay/entsoe-server';
import type { IngestDayAheadPricesResult } from '../../workflows/ingest-day-ahead-prices';
import { GPS_LAYER, GPS_SOURCE } from '../../workflows/search-attributes';
import { startDevServer } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';

/**
 * The day-ahead price feed end to end on the real dev server: the ENTSO-E stand-in (SYNTHETIC
 * prices in A44 documents), the fetch through the secret provider's token, Silver, Gold, gates,
 * the watermark. Runs are in the order written: each leaves the state the next one expects.
 */

const TOKEN = 'test-entsoe-token';
const HOUR = 3_600_000;

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let entsoe: EntsoeServer;

/** Paris delivery days from seven days before today (UTC) to tomorrow: what the first run reads. */
function expectedDays(now: number): string[] {
  const today = Math.floor(now / (24 * HOUR)) * 24 * HOUR;
  const days: string[] = [];
  for (let t = today - 7 * 24 * HOUR; t < today + 2 * 24 * HOUR; t += HOUR) {
    const day = parisCalendar(new Date(t)).calendarDate;
    if (days.at(-1) !== day) days.push(day);
  }
  return days.filter((d) => d <= tomorrow());
}

const tomorrow = () => parisCalendar(new Date(Date.now() + 24 * HOUR)).calendarDate;

beforeAll(async () => {
  env = await startDevServer();
  entsoe = await startEntsoeServer({ token: TOKEN, lastPublishedDay: tomorrow });
  platform = await startTestPlatform(env, { GPS_ENTSOE_BASE_URL: entsoe.baseUrl });
  platform.deps.secrets = new EnvSecretProvider({ GPS_ENTSOE_TOKEN: TOKEN });
});

afterAll(async () => {
  await platform?.stop();
  await entsoe?.close();
  await env?.teardown();
});

function run(workflowId: string): Promise<IngestDayAheadPricesResult> {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  return env.client.workflow.execute('ingestDayAheadPrices', {
    taskQueue: ingest,
    workflowId,
    args: [{ transformTaskQueue: transform }],
  }) as Promise<IngestDayAheadPricesResult>;
}

async function goldCount(): Promise<number> {
  const [row] = await platform.db('fact_day_ahead_price').count({ n: '*' });
  return Number(row?.n);
}

test('a first run reads seven days back to tomorrow into Gold, and moves the watermark', async () => {
  const days = expectedDays(Date.now());
  const slots = days.reduce((n, day) => n + expectedSlots(day, 60), 0); // 23 or 25 on DST days
  const result = await run('prices-1');
  expect(result).toMatchObject({ rejectedRows: 0, goldRows: slots, qualityWarnings: [] });
  expect(result.skipped).toBeUndefined();
  expect(result.documents).toBeGreaterThanOrEqual(3);
  expect(await goldCount()).toBe(slots);
  // The token travelled to the API (the stand-in answers 401 otherwise) and nowhere else.
  expect(entsoe.requests.every((r) => r.query.securityToken === '***')).toBe(true);
  const bronze = await platform.deps.lake.list('bronze/entsoe/day-ahead-prices');
  const meta = bronze.filter((k) => k.endsWith('.meta.json'));
  expect(meta.length).toBe(result.newDocuments);
  for (const key of meta) expect((await platform.deps.lake.get(key)).toString('utf8')).not.toContain(TOKEN);

  const rows = await platform.db('fact_day_ahead_price').orderBy('ts_utc');
  expect(rows[0]).toMatchObject({
    bidding_zone: '10YFR-RTE------C',
    resolution_minutes: 60,
    revision_number: 1,
  });
  expect(rows.some((r) => r.price_eur_mwh < 0)).toBe(true); // SYNTHETIC midday dips
  const last = new Date(rows.at(-1).ts_utc).getTime();
  expect(result.watermark).toBe(new Date(last + HOUR).toISOString());

  const handle = await env.client.workflow.getHandle('prices-1').describe();
  expect(handle.typedSearchAttributes.get(GPS_SOURCE)).toBe('day-ahead-prices');
  expect(handle.typedSearchAttributes.get(GPS_LAYER)).toBe('gold');
  const gates = await platform.db('quality_results').where({ dataset: 'day_ahead_price' });
  expect(new Set(gates.map((g) => g.gate))).toEqual(
    new Set(['price_within_sdac_limits', 'delivery_day_complete', 'freshness']),
  );
  expect(gates.every((g) => g.outcome === 'pass')).toBe(true);
});

test('a second run reads from the watermark less the overlap and duplicates nothing', async () => {
  const before = await goldCount();
  const requests = entsoe.requests.length;
  const result = await run('prices-2');
  expect(entsoe.requests.length).toBe(requests + 1); // 48 h + tomorrow fit one slice
  expect(result.window?.from).toBe(new Date(Date.parse(String(result.watermark)) - 48 * HOUR).toISOString());
  expect(result.goldRows).toBeGreaterThan(0);
  expect(await goldCount()).toBe(before);
});

test('a 503 with Retry-After is retried, and the run completes', async () => {
  entsoe.injectFaults({ kind: 'status', status: 503, retryAfterSeconds: 1 });
  const requests = entsoe.requests.length;
  const result = await run('prices-503');
  expect(entsoe.requests.length).toBe(requests + 2);
  expect(result.goldRows).toBeGreaterThan(0);
  const attempts = await platform
    .db('ingestion_audit')
    .where({ workflow_id: 'prices-503', step: 'to-bronze' })
    .orderBy('id');
  expect(attempts.map((a) => a.status)).toEqual(['started', 'failed', 'started', 'succeeded']);
});

test('"No matching data found" answered with HTTP 400 is an empty slice, not a failure', async () => {
  entsoe.injectFaults({ kind: 'noData', status: 400 });
  const result = await run('prices-no-data-400');
  expect(result.emptySlices).toBe(1);
  expect(result.documents).toBe(0);
  expect(result.goldRows).toBe(0);
});

test('a body that is not XML is quarantined with its reason, then the retry succeeds', async () => {
  entsoe.injectFaults({ kind: 'truncate' });
  const result = await run('prices-truncated');
  expect(result.goldRows).toBeGreaterThan(0);
  const quarantined = await platform.deps.lake.list('bronze/_quarantine/day-ahead-prices');
  const meta = quarantined.filter((k) => k.endsWith('.meta.json'));
  expect(meta).toHaveLength(1);
  expect(JSON.parse((await platform.deps.lake.get(meta[0]!)).toString('utf8')).reason).toMatch(
    /^not well-formed XML/,
  );
});

test('HTTP 401 fails the run at once as an HttpClientError', async () => {
  entsoe.injectFaults({ kind: 'status', status: 401, body: '<html><body>Unauthorized</body></html>' });
  const requests = entsoe.requests.length;
  const failure = await run('prices-401').catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  const cause = (failure as WorkflowFailedError).cause?.cause as ApplicationFailure | undefined;
  expect(cause?.type).toBe(FailureType.HttpClientError);
  expect(cause?.message).not.toContain(TOKEN);
  expect(entsoe.requests.length).toBe(requests + 1);
});

test('a document other than A44 is quarantined and fails without retry (SchemaViolation)', async () => {
  entsoe.injectFaults({ kind: 'wrong-document' });
  const requests = entsoe.requests.length;
  const failure = await run('prices-wrong-document').catch((e: unknown) => e);
  const cause = (failure as WorkflowFailedError).cause?.cause as ApplicationFailure | undefined;
  expect(cause?.type).toBe(FailureType.SchemaViolation);
  expect(cause?.message).toMatch(
    /quarantined at bronze\/_quarantine\/day-ahead-prices\/.*expected Publication_MarketDocument, got Status_MarketDocument/,
  );
  expect(entsoe.requests.length).toBe(requests + 1);
});

test('an acknowledgement refusing the query fails the run with its reason text', async () => {
  entsoe.injectFaults({ kind: 'refuse', text: 'The amount of requested data exceeds allowed limit' });
  const failure = await run('prices-refused').catch((e: unknown) => e);
  const cause = (failure as WorkflowFailedError).cause?.cause as ApplicationFailure | undefined;
  expect(cause?.type).toBe(FailureType.HttpClientError);
  expect(cause?.message).toMatch(
    /HTTP 400 .*acknowledgement 999: The amount of requested data exceeds allowed limit/,
  );
});

test('without a token in live mode the run is skipped, audited skipped, with a memo', async () => {
  platform.deps.secrets = new EnvSecretProvider({});
  const requests = entsoe.requests.length;
  const result = await run('prices-no-token');
  expect(result.skipped).toMatch(/no ENTSO-E token/);
  expect(result.goldRows).toBe(0);
  expect(entsoe.requests.length).toBe(requests);
  const audit = await platform.db('ingestion_audit').where({ workflow_id: 'prices-no-token' }).orderBy('id');
  expect(audit.map((a) => a.status)).toEqual(['started', 'skipped']);
  const memo = (await env.client.workflow.getHandle('prices-no-token').describe()).memo;
  expect(String(memo?.summary)).toMatch(/^skipped: no ENTSO-E token/);
});
