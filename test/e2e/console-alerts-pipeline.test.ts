import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Page } from 'puppeteer-core';
import { findRegion } from '../../lib/domain/regions';
import { REFRESH_MS } from '../../ui/src/data/refresh';
// The console's own documents: the test asks the API what the Runs screens asked.
import {
  AuditLogDocument,
  WorkflowRunDocument,
  type AuditLogQuery,
  type WorkflowRunQuery,
} from '../../ui/src/gql/graphql';
import { graphqlAs } from '../helpers/azure-api';
import { acknowledgeAuditedBy, acknowledgeInConsole, alertFromApi } from '../helpers/console-alert-admin';
import { openAsAdmin, openPage, screenshots, seriousAxeViolations, text } from '../helpers/console-page';
import { startConsoleOn, type ConsoleOnPlatform } from '../helpers/console-platform';
import { devToken } from '../helpers/dev-token';
import {
  ingestCycle,
  publishEpisode,
  QH,
  relaxedAlertRules,
  SURPLUS_REGION,
  T0,
} from '../helpers/over-production-episode';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { startDevServer } from '../helpers/temporal';

/**
 * The issue's own check, end to end: a console already open when a replayed over-production episode
 * goes through the real regional ingestion and its alerts child shows the banner, naming the
 * region, within one polling interval and without a reload; an Admin acknowledges it from the UI
 * and the API and the audit agree. The alerts-pipeline integration test covers the rule's side.
 */

const NOTE = 'seen from the console';
const REGION_NAME = findRegion(SURPLUS_REGION)!.name;

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let consoleApp: ConsoleOnPlatform;
let rules: ReturnType<typeof relaxedAlertRules>;

beforeAll(async () => {
  rules = relaxedAlertRules();
  env = await startDevServer();
  platform = await startTestPlatform(env, { GPS_ALERTS_YAML: rules.file });
  consoleApp = await startConsoleOn(platform, env.client);
});

afterAll(async () => {
  await consoleApp?.stop();
  await platform?.stop();
  await env?.teardown();
  rules?.remove();
});

type Doc = { document: { querySelector(s: string): { textContent: string | null } | null } };
/** The banner's text, '' without one; runs in the page, so it must stay self-contained. */
const bannerText = () =>
  (globalThis as unknown as Doc).document.querySelector('[data-testid="alert-banner"]')?.textContent ?? '';
/** Waits until the banner's text is no longer `before`. */
const bannerChanges = (page: Page, before: string, timeout: number) =>
  page.waitForFunction(
    (was: string) =>
      ((globalThis as unknown as Doc).document.querySelector('[data-testid="alert-banner"]')?.textContent ??
        '') !== was,
    { timeout },
    before,
  );
/** "… 3 of high severity …": the banner's count of high alerts. */
const highCount = (banner: string) => Number(/(\d+) of high severity/.exec(banner)?.[1] ?? 0);
const openHigh = async () => (await platform.db('alerts').where({ status: 'open', severity: 'high' })).length;

/**
 * The severity over-production.ts gives the episode, from Gold: with no baseline the bar is the
 * absolute ratio, the margin the largest production / consumption of the run minus it.
 */
async function expectedSeverity(from: number, to: number) {
  const rows = await platform
    .db('fact_regional_balance')
    .where({ region_code: SURPLUS_REGION })
    .andWhere('ts_utc', '>=', new Date(T0 + from * QH).toISOString())
    .andWhere('ts_utc', '<', new Date(T0 + to * QH).toISOString());
  expect(rows).toHaveLength(to - from);
  const p = rules.rules.overProduction;
  const margin =
    Math.max(...rows.map((r) => Number(r.production_mw) / Number(r.consumption_mw))) - p.ratio.value;
  const severity =
    margin >= p.severityMargins.high.value
      ? 'high'
      : margin >= p.severityMargins.medium.value
        ? 'medium'
        : 'low';
  return { margin, severity };
}

test('an episode replayed through the real pipeline shows on an open console within one polling interval; an Admin acknowledges it', async () => {
  const { api, browser } = consoleApp;
  const { page, errors } = await openAsAdmin(browser, 1280);
  await page.goto(`${api.url}/`, { waitUntil: 'networkidle0' });
  expect(await page.$('[data-testid="alert-banner"]')).toBeNull();

  // One cycle: quarter-hours 4 to 7 of 8 carry the surplus, the rule's 4 consecutive ones.
  await ingestCycle(
    env,
    platform,
    'console',
    publishEpisode(platform, 0, 8, (q) => q >= 4),
  );
  const cycleEnd = Date.now();
  const [alert] = await platform
    .db('alerts')
    .where({ kind: 'OVER_PRODUCTION', region_code: SURPLUS_REGION, status: 'open' });
  expect(alert).toBeDefined();

  // Its own ratio plus 2 against a bar of 1.2: a margin of at least 0.8, over the high margin
  // (0.75), so the banner's rule (open, and high or a negative-price risk) takes it.
  const { margin, severity } = await expectedSeverity(4, 8);
  expect(JSON.parse(alert.evidence).maxMargin).toBeCloseTo(margin, 4);
  expect([alert.severity, severity]).toEqual(['high', 'high']);

  // The open page polls: no reload, the banner appears by the next refresh and counts the alert.
  await bannerChanges(page, '', REFRESH_MS + 15_000);
  expect(Date.now() - cycleEnd).toBeLessThan(REFRESH_MS + 15_000);
  const before = await page.evaluate(bannerText);
  expect(before.replace(/\s+/g, ' ')).toMatch(
    /^\d+ open alerts? needs? attention: (.+, )?\d+ of high severity \(.+\)\. See the alerts$/,
  );
  expect(before).toContain(REGION_NAME);
  expect(highCount(before)).toBe(await openHigh());

  await acknowledgeInConsole(page, api.url, alert.id, NOTE);
  const answer = await alertFromApi(api.url, alert.id, await devToken(api, 'admin', 'e2e-admin'));
  expect([answer.status, answer.regionCode, answer.acknowledgedBy, answer.transitions.at(-1)?.note]).toEqual([
    'ACKNOWLEDGED',
    SURPLUS_REGION,
    'console-admin',
    NOTE,
  ]);
  expect(await acknowledgeAuditedBy(platform.db, alert.id)).toEqual(['console-admin']);
  // Someone is on it: it leaves the banner. The surplus also raised a negative-price risk in the
  // region, which keeps the region named; the high count is what drops.
  await bannerChanges(page, before, 15_000);
  expect(highCount(await page.evaluate(bannerText))).toBe(highCount(before) - 1);
  expect(errors).toEqual([]);
});

// Uses the ingestion the test above ran (alerts-it-console): a run with activities, a child and audit rows.
test('runs: the ingestion run opens on its detail with the activities and attempts of the API; the audit log lists its rows', async () => {
  const { api, browser } = consoleApp;
  const reader = await devToken(api, 'reader', 'e2e-reader');
  const ask = async <T>(query: { toString(): string }, variables: Record<string, unknown>) =>
    (await graphqlAs(api.url, reader, query.toString(), variables)).body.data as T;
  const { workflowRun: run } = await ask<WorkflowRunQuery>(WorkflowRunDocument, {
    workflowId: 'alerts-it-console',
  });
  expect(run.activities.nodes.length).toBeGreaterThan(0);
  expect(run.ingestionSteps.nodes.length).toBeGreaterThan(0);

  const { page, errors } = await openPage(browser, 1280);
  await page.goto(`${api.url}/runs/alerts-it-console?runId=${run.runId}`);
  await page.waitForSelector('tr[data-activity]', { timeout: 15_000 });
  const activities = await page.$$eval('tr[data-activity]', (rows) =>
    rows.map((r) => [
      r.getAttribute('data-activity'),
      Number(r.querySelector('[data-field="attempts"]')?.textContent),
    ]),
  );
  expect(activities).toEqual(run.activities.nodes.map((a) => [a.activityType, a.attempts]));
  expect(await page.$$eval('tr[data-step]', (rows) => rows.map((r) => r.getAttribute('data-step')))).toEqual(
    run.ingestionSteps.nodes.map((s) => s.step),
  );
  expect(await text(page, '[data-testid="run-status"]')).toBe('Completed');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'run-detail');
  await page.setViewport({ width: 1280, height: 900 });

  // A child's id holds slashes (…/gold/2025-02-20): its link still opens its own detail.
  const child = run.childWorkflows.nodes.find((c) => c.type === 'publishEco2mixRegionalDay')!;
  expect(child.workflowId).toContain('/');
  await page.click(`a[href^="/runs/${encodeURIComponent(child.workflowId)}"]`);
  await page.waitForFunction(
    (type: string) =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { textContent: string | null } | null };
        }
      ).document
        .querySelector('h1')
        ?.textContent?.startsWith(type),
    { timeout: 15_000 },
    child.type,
  );
  expect(await text(page, 'h1')).toBe(`${child.type} ${child.workflowId}`);

  // The audit log, filtered in the address as the API is asked.
  const { auditLog } = await ask<AuditLogQuery>(AuditLogDocument, { source: 'rte-regional', first: 20 });
  expect(auditLog.nodes.length).toBeGreaterThan(0);
  await page.goto(`${api.url}/runs/audit?source=rte-regional`);
  await page.waitForSelector('tr[data-audit-id]', { timeout: 15_000 });
  expect(
    await page.$$eval('tr[data-audit-id]', (rows) =>
      rows.map((r) => Number(r.getAttribute('data-audit-id'))),
    ),
  ).toEqual(auditLog.nodes.map((e) => e.id));
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'audit-log');
  expect(errors).toEqual([]);
});
