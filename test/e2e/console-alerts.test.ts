import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'puppeteer-core';
import { applyAlertLifecycle } from '../../activities/alerts/store';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { createReaderDb } from '../../lib/db';
// The console's own documents and formatting: the test asks the API what the screen asked, and
// writes the API's values the way the screen must.
import { WorkflowRunsDocument, type WorkflowRunsQuery } from '../../ui/src/gql/graphql';
import { formatMw, formatRatio } from '../../ui/src/format/numbers';
import { formatParisDateTime } from '../../ui/src/format/time';
import { at, result } from '../helpers/alert-results';
import { graphqlAs } from '../helpers/azure-api';
import {
  acknowledgeAuditedBy,
  acknowledgeInConsole,
  alertFromApi as fromApi,
} from '../helpers/console-alert-admin';
import { launchChromium } from '../helpers/browser';
import {
  ARTIFACTS,
  openAsAdmin,
  openPage,
  screenshots,
  seriousAxeViolations,
  text,
  waitForGone,
  waitForText,
} from '../helpers/console-page';
import { devToken } from '../helpers/dev-token';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { startDevServer } from '../helpers/temporal';

/**
 * The Alerts screen and banner in Chromium against the real API and workers: alerts seeded through
 * the store's own lifecycle with evidence shaped as the rules write it, an Admin's acknowledge
 * applied by the changeAlertStatus workflow, a refusal shown, a Reader without the actions; then
 * the Runs screen, listing those very workflow runs with their links into the Temporal Web UI.
 */

const UI_BUILT = existsSync(path.join(__dirname, '../../ui/dist/index.html'));
const ADMIN_NOTE = 'on call: checking with the DSO';

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let api: ApiServer;
let readerDb: ReturnType<typeof createReaderDb>;
let browser: Browser;

const evaluator = { workflowId: 'alerts-seed', runId: 'seed', workflowType: 'evaluateAlerts', attempt: 1 };

/** Over-production at one quarter-hour, as over-production.ts describes it. */
const overProductionAt = (
  qh: number,
  productionMw: number,
  consumptionMw: number,
  baselineAvailable = true,
) => ({
  tsUtc: at(qh),
  parisHour: 14,
  productionMw,
  consumptionMw,
  ratio: Math.round((productionMw / consumptionMw) * 10_000) / 10_000,
  absolute: { threshold: 1.3, fired: true },
  baseline: baselineAvailable
    ? { percentile: 95, value: 1.6734, samples: 28, available: true, fired: true }
    : {
        percentile: 95,
        value: null,
        samples: 3,
        available: false,
        fired: true,
        note: 'fewer than 7 ratios for this Paris hour',
      },
  margin: 0.6123,
});

/** Negative-price risk at one quarter-hour, as negative-price-risk.ts describes it. */
const riskAt = (qh: number, price: number) => ({
  tsUtc: at(qh),
  score: 5,
  priceEvent: price <= 0,
  components: {
    residualLoad: { value: 0.1234, threshold: 0.25, fired: true, weight: 1, available: true },
    netExports: { value: 0.2, threshold: 0.15, fired: true, weight: 1, available: true },
    nonWorkingDay: { value: 'Sunday', fired: true, weight: 1, available: true },
    middaySolar: { value: '13:00 Paris', threshold: '11:00–16:00', fired: true, weight: 1, available: true },
    dayAheadPrice: { value: price, threshold: 5, fired: true, weight: 1, available: true },
  },
});

beforeAll(async () => {
  if (!UI_BUILT) throw new Error('ui/dist is missing: run `npm run build:ui` (npm test does it)');
  env = await startDevServer();
  platform = await startTestPlatform(env);
  // 1: over-production in Nouvelle-Aquitaine (75), high, open; 2: national negative-price risk, open.
  const production = result(0, 8, [4, 5, 6, 7], 'high', '75');
  production.episodes[0]!.evidence = {
    rule: 'OVER_PRODUCTION',
    regionCode: '75',
    quarterHours: 4,
    requiredQuarterHours: 4,
    baselineDays: 28,
    maxMargin: 0.6123,
    severityMargins: { medium: 0.2, high: 0.5 },
    peak: overProductionAt(6, 9876.5, 4321),
    last: overProductionAt(7, 9001, 4400, false),
  };
  const risk = result(0, 12, [8, 9, 10, 11], 'high', null, 'NEGATIVE_PRICE_RISK');
  risk.episodes[0]!.evidence = {
    rule: 'NEGATIVE_PRICE_RISK',
    regionCode: null,
    quarterHours: 4,
    requiredQuarterHours: 4,
    scoreThreshold: 4,
    priceAvailable: true,
    peak: riskAt(10, -3.5),
    last: riskAt(11, 1.2),
  };
  for (const [r, now] of [
    [production, at(8)],
    [risk, at(12)],
  ] as const)
    await applyAlertLifecycle(platform.db, evaluator, [r], {
      resolveAfterClearQuarterHours: 4,
      now,
      by: 'alerts',
    });
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(platform.config, readerDb, { port: 0, temporal: env.client });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await readerDb?.destroy();
  await platform?.stop();
  await env?.teardown();
});

const alertFromApi = (id: number, token: string) => fromApi(api.url, id, token);

const cell = (page: Page, field: string, at: 'peak' | 'last') =>
  text(page, `[data-testid="alert-evidence"] tr[data-field="${field}"] td[data-at="${at}"]`);
const spaces = (s: string) => s.replace(/[\s\u202f\u00a0]+/g, ' ');

test('the banner shows on every screen; /alerts lists the alerts newest first with region, severity and status', async () => {
  const { page, errors } = await openPage(browser, 1280);
  await page.goto(`${api.url}/map`);
  await page.waitForSelector('[data-testid="alert-banner"]', { timeout: 15_000 });
  expect(await text(page, '[data-testid="alert-banner"]')).toBe(
    '2 open alerts need attention: 1 negative-price risk, 2 of high severity (France, Nouvelle-Aquitaine). See the alerts',
  );
  expect(await page.$eval('[data-testid="alert-banner"]', (el) => el.getAttribute('role'))).toBe('alert');

  // A browser navigating to /alerts gets the console; the REST API keeps the path for other clients.
  await page.goto(`${api.url}/alerts`);
  await page.waitForSelector('tr[data-alert="1"]', { timeout: 15_000 });
  const rows = await page.$$eval('tr[data-alert]', (els) => els.map((el) => el.getAttribute('data-alert')));
  expect(rows).toEqual(['2', '1']);
  const cells = await page.$$eval('tr[data-alert="1"] td', (els) =>
    els.map((el) => el.textContent?.replace(/[\s\u202f\u00a0]+/g, ' ')),
  );
  expect(cells).toEqual(
    [
      '#1 Over-production',
      'Nouvelle-Aquitaine',
      'High',
      'Open',
      formatParisDateTime(at(4)),
      formatParisDateTime(at(7)),
    ].map(spaces),
  );
  expect(await text(page, 'tr[data-alert="2"] td:nth-child(2)')).toBe('France');

  // The kind filter goes into the address and narrows the list.
  const kind = (await page.$$('form select'))[1]!;
  await kind.select('OVER_PRODUCTION');
  await waitForGone(page, 'tr[data-alert="2"]');
  expect(page.url()).toBe(`${api.url}/alerts?kind=OVER_PRODUCTION`);

  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'alerts');
  // At 390 px the table scrolls in its own focusable box.
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('an alert shows the evidence the API holds, and its lifecycle', async () => {
  const reader = await devToken(api, 'reader', 'e2e-reader');
  const alert = await alertFromApi(1, reader);
  const evidence = JSON.parse(alert.evidence);

  const { page, errors } = await openPage(browser, 1280);
  await page.goto(`${api.url}/alerts/1`);
  await page.waitForSelector('[data-testid="alert-evidence"]', { timeout: 15_000 });
  expect(await text(page, 'main h1')).toBe('Alert #1: Over-production, Nouvelle-Aquitaine');
  expect(await text(page, '[data-testid="alert-status"]')).toBe('Open');
  for (const at of ['peak', 'last'] as const) {
    const e = evidence[at];
    expect(await cell(page, 'tsUtc', at)).toBe(spaces(formatParisDateTime(e.tsUtc)));
    expect(await cell(page, 'productionMw', at)).toBe(spaces(formatMw(e.productionMw)));
    expect(await cell(page, 'consumptionMw', at)).toBe(spaces(formatMw(e.consumptionMw)));
    expect(await cell(page, 'ratio', at)).toBe(formatRatio(e.ratio));
    expect(await cell(page, 'absolute', at)).toBe(`threshold ${formatRatio(e.absolute.threshold)}: fired`);
    expect(await cell(page, 'margin', at)).toBe(formatRatio(e.margin));
  }
  expect(await cell(page, 'baseline', 'peak')).toBe('p95 1,6734 (28 samples): fired');
  expect(await cell(page, 'baseline', 'last')).toBe('not available: fewer than 7 ratios for this Paris hour');
  const transitions = await page.$$eval('[data-testid="alert-transitions"] tbody tr', (els) =>
    els.map((el) => el.textContent?.replace(/[\s\u202f\u00a0]+/g, ' ').trim()),
  );
  expect(transitions).toEqual(
    alert.transitions.map((t) => spaces(`Opened: Open${formatParisDateTime(t.at)}${t.by}${t.note ?? '—'}`)),
  );
  // A Reader is not offered the Admin's actions, and the API would refuse them anyway.
  expect(await page.$('[data-action]')).toBeNull();
  const refused = await graphqlAs(api.url, reader, 'mutation { acknowledgeAlert(id: 1, note: "x") { id } }');
  expect([refused.status, refused.body.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
  expect((await alertFromApi(1, reader)).status).toBe('OPEN');

  // The national risk: each component's value, threshold, weight and whether it fired.
  await page.goto(`${api.url}/alerts/2`);
  await page.waitForSelector('[data-testid="alert-evidence"]', { timeout: 15_000 });
  expect(await text(page, 'main h1')).toBe('Alert #2: Negative-price risk, France');
  expect(await cell(page, 'priceEvent', 'peak')).toBe('yes');
  expect(await cell(page, 'components.dayAheadPrice', 'peak')).toBe('-3,5 (threshold 5), weight 1: fired');
  expect(await cell(page, 'components.nonWorkingDay', 'last')).toBe('Sunday, weight 1: fired');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('an Admin acknowledges with a note: the screen, the API and the audit agree; a refusal is shown', async () => {
  const { page, errors } = await openAsAdmin(browser, 1280);
  await acknowledgeInConsole(page, api.url, 1, ADMIN_NOTE);
  const lastTransition = await text(page, '[data-testid="alert-transitions"] tbody tr:last-child');
  expect(lastTransition).toMatch(new RegExp(`^Open → Acknowledged.*console-admin${ADMIN_NOTE}$`));

  const admin = await devToken(api, 'admin', 'e2e-admin');
  const alert = await alertFromApi(1, admin);
  expect([alert.status, alert.acknowledgedBy, alert.transitions.at(-1)?.note]).toEqual([
    'ACKNOWLEDGED',
    'console-admin',
    ADMIN_NOTE,
  ]);
  expect(await acknowledgeAuditedBy(platform.db, 1)).toEqual(['console-admin']);
  await screenshots(page, 'alert-detail');

  // Alert 2 resolved elsewhere while this screen still offers Acknowledge: the 409 is explained.
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${api.url}/alerts/2`);
  await page.waitForSelector('button[data-action="acknowledge"]', { timeout: 15_000 });
  const resolved = await graphqlAs(
    api.url,
    admin,
    'mutation { resolveAlert(id: 2, note: "elsewhere") { status } }',
  );
  expect(resolved.body.data).toEqual({ resolveAlert: { status: 'RESOLVED' } });
  await page.click('button[data-action="acknowledge"]');
  await page.waitForSelector('[data-testid="action-error"]', { timeout: 30_000 });
  expect(await text(page, '[data-testid="action-error"]')).toMatch(
    /^Refused: the alert’s status no longer allows this.*\(ALERT_TRANSITION_REFUSED\)$/,
  );
  await waitForText(page, '[data-testid="alert-status"]', 'Resolved');
  // Nothing urgent is left open: the banner goes once the list refreshes.
  await waitForGone(page, '[data-testid="alert-banner"]');
  // The refused mutation, as the page and Chromium's console record it, and nothing else.
  const refusal = (e: string) => e.startsWith('409 ') || e.includes('status of 409 (Conflict)');
  expect(errors.filter((e) => !refusal(e))).toEqual([]);
  expect(errors.filter((e) => e.startsWith('409 '))).toHaveLength(1);
});

test('runs: the changeAlertStatus runs the Admin started are listed, linking into the Temporal Web UI', async () => {
  const reader = await devToken(api, 'reader', 'e2e-reader');
  // Visibility is eventually consistent: wait until the API lists both runs before loading the page.
  let runs: WorkflowRunsQuery['workflowRuns']['nodes'] = [];
  for (let i = 0; i < 50 && runs.filter((r) => r.status === 'COMPLETED').length < 2; i++) {
    if (i) await new Promise((r) => setTimeout(r, 200));
    const res = await graphqlAs(api.url, reader, WorkflowRunsDocument.toString(), { first: 20 });
    runs = (res.body.data as WorkflowRunsQuery).workflowRuns.nodes;
  }
  const acknowledge = runs.find((r) => r.summary === 'acknowledge alert 1 by console-admin');
  expect(acknowledge).toBeDefined();

  const { page, errors } = await openPage(browser, 1280);
  await page.goto(`${api.url}/runs`);
  const row = `tr[data-workflow-id="${acknowledge!.workflowId}"]`;
  await page.waitForSelector(row, { timeout: 15_000 });
  expect(await page.$eval(`${row} a`, (el) => [el.getAttribute('href'), el.getAttribute('target')])).toEqual([
    acknowledge!.webUiUrl,
    '_blank',
  ]);
  expect(acknowledge!.webUiUrl).toMatch(/^http:\/\/127\.0\.0\.1:8233\/namespaces\/.+\/history$/);
  expect(await text(page, `${row} [data-field="status"]`)).toBe('Completed');
  expect(await text(page, `${row} td:last-child`)).toBe('acknowledge alert 1 by console-admin');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'runs');

  // Filters go into the address; no ingestion ran here, so a source has no runs.
  await page.setViewport({ width: 1280, height: 900 });
  await page.type('form input', 'rte-regional');
  await page.click('form button[type="submit"]');
  await page.waitForSelector('main .state-empty');
  expect(page.url()).toBe(`${api.url}/runs?source=rte-regional`);
  expect(await text(page, 'main .state-empty')).toBe('No run matches these filters.');
  expect(errors).toEqual([]);
});
