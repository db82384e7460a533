import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'puppeteer-core';
import type { Config } from '../../activities/config';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { createReaderDb } from '../../lib/db';
import { applySchedules } from '../../workers/schedules';
// The console's own documents: the test asks the API what the screen asked.
import {
  PauseScheduleDocument,
  ScheduleDocument,
  SchedulesDocument,
  type ScheduleQuery,
  type SchedulesQuery,
} from '../../ui/src/gql/graphql';
import { formatParisDateTime } from '../../ui/src/format/time';
import { graphqlAs } from '../helpers/azure-api';
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
 * The Schedules screen in Chromium against the real API, workers and Temporal dev server. The
 * schedules of temporal.yaml are applied paused, so that nothing fires on its own, except
 * era5-ingest, which the Admin pauses from the page: with no GPS_ERA5_URL its runs only say they
 * had nothing to fetch, and every source of the test platform is the local replay server anyway,
 * so no run reaches the internet.
 */

const UI_BUILT = existsSync(path.join(__dirname, '../../ui/dist/index.html'));
const ID = 'era5-ingest';
const PAUSE_NOTE = 'e2e: paused while the bucket moves';
const SPEC_NOTE = 'e2e: twice a day';

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let api: ApiServer;
let readerDb: ReturnType<typeof createReaderDb>;
let browser: Browser;

beforeAll(async () => {
  if (!UI_BUILT) throw new Error('ui/dist is missing: run `npm run build:ui` (npm test does it)');
  env = await startDevServer();
  platform = await startTestPlatform(env);
  const declared = platform.config.temporal.declarations;
  const declarations = {
    ...declared,
    schedules: declared.schedules.map((s) => ({ ...s, paused: s.id !== ID })),
  };
  await applySchedules(env.client, declarations);
  // The API compares the server with these declarations: the Admin's edits show as drift.
  const apiConfig: Config = {
    ...platform.config,
    temporal: { ...platform.config.temporal, declarations },
  };
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(apiConfig, readerDb, { port: 0, temporal: env.client });
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

async function scheduleFromApi(token: string): Promise<NonNullable<ScheduleQuery['schedule']>> {
  const res = await graphqlAs(api.url, token, ScheduleDocument.toString(), { id: ID });
  expect(res.status).toBe(200);
  return (res.body.data as ScheduleQuery).schedule!;
}

const box = (form: string) => `.admin-box:has(form[data-form="${form}"])`;
const operations = (page: Page) =>
  page.$$eval('[data-testid="schedule-changes"] tbody tr', (els) =>
    els.map((el) => el.getAttribute('data-operation')),
  );

/** Reload until `selector` is on the page: what the server does next (an action, visibility) lags. */
async function reloadUntil(page: Page, selector: string, tries = 30): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await page.$(selector)) return;
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
    await page.waitForSelector('[data-testid="schedule-spec"]', { timeout: 15_000 });
  }
  throw new Error(`${selector}: not on the page after ${tries} reloads`);
}

test('a Reader sees every schedule, read only; the API refuses a Reader’s change', async () => {
  const reader = await devToken(api, 'reader', 'e2e-reader');
  const res = await graphqlAs(api.url, reader, SchedulesDocument.toString(), { first: 50 });
  const fromApi = (res.body.data as SchedulesQuery).schedules.nodes;
  expect(fromApi.map((s) => s.id)).toContain(ID);

  const { page, errors } = await openPage(browser, 1280);
  await page.goto(`${api.url}/schedules`);
  await page.waitForSelector(`tr[data-schedule="${ID}"]`, { timeout: 15_000 });
  const rows = await page.$$eval('tr[data-schedule]', (els) =>
    els.map((el) => el.getAttribute('data-schedule')),
  );
  expect(rows).toEqual(fromApi.map((s) => s.id));
  for (const s of fromApi) {
    const row = `tr[data-schedule="${s.id}"]`;
    expect(await text(page, `${row} [data-field="spec"]`)).toBe(s.spec);
    expect(await text(page, `${row} [data-field="paused"]`)).toBe(s.paused ? 'Paused' : 'Active');
  }
  expect(await text(page, `tr[data-schedule="${ID}"] td:last-child`)).toBe('In sync with temporal.yaml');
  expect(await text(page, 'main .note')).toBe('Read only: changing a schedule takes the Admin role.');
  expect(await text(page, 'main .state-empty')).toBe(
    'No change has been made through the console or the API yet.',
  );
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'schedules');
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.setViewport({ width: 1280, height: 900 });
  await page.click(`tr[data-schedule="${ID}"] a`);
  await page.waitForSelector('[data-testid="schedule-spec"]', { timeout: 15_000 });
  expect(await text(page, 'main h1')).toBe(`Schedule ${ID}`);
  expect(await page.$('.schedule-admin')).toBeNull();
  expect(await page.$('[data-action]')).toBeNull();
  const refused = await graphqlAs(api.url, reader, PauseScheduleDocument.toString(), { id: ID, note: 'x' });
  expect([refused.status, refused.body.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
  expect((await env.client.schedule.getHandle(ID).describe()).state.paused).toBe(false);
  expect(errors).toEqual([]);
});

test('an Admin edits the interval and pauses with a note: Temporal, the drift and the history agree', async () => {
  const { page, errors } = await openAsAdmin(browser, 1280);
  await page.goto(`${api.url}/schedules/${ID}`);
  await page.waitForSelector(`${box('spec')} input[name="spec"]`, { timeout: 15_000 });
  expect(await text(page, '[data-testid="schedule-spec"]')).toBe('every 1d');

  // An obvious mistake is caught beside the field, before any request.
  const spec = `${box('spec')} input[name="spec"]`;
  await page.click(spec, { clickCount: 3 });
  await page.type(spec, '12 hours');
  await page.click(`${box('spec')} button[type="submit"]`);
  expect(await text(page, `${box('spec')} .field-problem`)).toMatch(
    /^An interval is a whole number and a unit/,
  );

  await page.click(spec, { clickCount: 3 });
  await page.type(spec, '12h');
  await page.type(`${box('spec')} input[name="note"]`, SPEC_NOTE);
  await page.click(`${box('spec')} button[type="submit"]`);
  await page.waitForSelector(`${box('spec')} [data-testid="change-done"]`, { timeout: 30_000 });
  await waitForText(page, '[data-testid="schedule-spec"]', 'every 12h');

  await page.type(`${box('pause')} input[name="note"]`, PAUSE_NOTE);
  await page.click(`${box('pause')} button[data-action="pause"]`);
  await page.waitForSelector(`${box('pause')} [data-testid="change-done"]`, { timeout: 30_000 });
  await waitForText(page, '[data-testid="schedule-state"] [data-field="paused"]', 'Paused');
  expect(await text(page, '[data-testid="schedule-state"] [data-field="note"]')).toBe(PAUSE_NOTE);
  // The form now offers the opposite.
  await page.waitForSelector(`${box('pause')} button[data-action="unpause"]`);

  // What the Temporal server holds.
  const live = await env.client.schedule.getHandle(ID).describe();
  expect(live.spec.intervals).toEqual([{ every: 12 * 3_600_000 }]);
  expect(live.state).toMatchObject({ paused: true, note: PAUSE_NOTE });

  // The drift from temporal.yaml and the history, newest first, as the API has them.
  const admin = await devToken(api, 'admin', 'e2e-admin');
  const schedule = await scheduleFromApi(admin);
  const drift = await page.$$eval('[data-testid="drift"] li', (els) => els.map((el) => el.textContent));
  expect(drift).toEqual(schedule.drift.nodes.map((d) => d.message));
  expect(drift).toEqual(expect.arrayContaining(['every: declared 1d, live 12h']));
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
      ).document.querySelectorAll('[data-testid="schedule-changes"] tbody tr').length === 2,
    { timeout: 15_000 },
  );
  expect(await operations(page)).toEqual(['pause', 'updateSpec']);
  expect(await text(page, '[data-testid="schedule-changes"] tbody tr:first-child [data-field="diff"]')).toBe(
    `paused: no → yes; note: ${SPEC_NOTE} → ${PAUSE_NOTE}`,
  );
  expect(
    await text(page, '[data-testid="schedule-changes"] tbody tr:last-child [data-field="diff"]'),
  ).toMatch(/^spec: every 1d → every 12h; note: .* → e2e: twice a day$/);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'schedule-detail');
  expect(errors).toEqual([]);
});

test('an Admin triggers it now: the action appears, with its run’s status and Web UI link', async () => {
  const { page, errors } = await openAsAdmin(browser, 1280);
  await page.goto(`${api.url}/schedules/${ID}`);
  await page.waitForSelector('button[data-action="trigger"]', { timeout: 15_000 });
  await page.click('button[data-action="trigger"]');
  await page.waitForSelector('[data-testid="change-done"]', { timeout: 30_000 });

  // The scheduler takes the action, and visibility lists the run, a moment later.
  await reloadUntil(page, '[data-testid="recent-actions"] li');
  const admin = await devToken(api, 'admin', 'e2e-admin');
  const [action] = (await scheduleFromApi(admin)).recentActions.nodes;
  expect(action).toBeDefined();
  const item = `[data-testid="recent-actions"] li[data-run-id="${action!.runId}"]`;
  expect(await page.$eval(`${item} a`, (el) => [el.getAttribute('href'), el.getAttribute('target')])).toEqual(
    [action!.webUiUrl, '_blank'],
  );
  await env.client.workflow.getHandle(action!.workflowId).result();
  for (let i = 0; i < 30 && (await text(page, `${item} [data-field="status"]`)) !== 'Completed'; i++) {
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
    await page.waitForSelector(item, { timeout: 15_000 });
  }
  expect(await text(page, `${item} [data-field="status"]`)).toBe('Completed');
  expect((await operations(page))[0]).toBe('trigger');
  // A trigger leaves the schedule paused.
  expect(await text(page, '[data-testid="schedule-state"] [data-field="paused"]')).toBe('Paused');
  expect(errors).toEqual([]);
});

/** Sets a controlled input as typing would: React listens to the input event, not to `value`. */
const fill = (page: Page, selector: string, value: string) =>
  page.$eval(
    selector,
    (el, v) => {
      const input = el as unknown as { value: string; dispatchEvent(e: unknown): boolean };
      const proto = Object.getPrototypeOf(input) as object;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, v);
      input.dispatchEvent(
        new (globalThis as unknown as { Event: new (t: string, o: object) => unknown }).Event('input', {
          bubbles: true,
        }),
      );
    },
    value,
  );

test('an Admin backfills a past range after confirming it; the history gives the range and the policy', async () => {
  const { page, errors } = await openAsAdmin(browser, 1280);
  // datetime-local is the browser's zone: UTC here, so the test can write the range in UTC.
  await page.emulateTimezone('UTC');
  await page.goto(`${api.url}/schedules/${ID}`);
  await page.waitForSelector('form[data-form="backfill"]', { timeout: 15_000 });
  const day = 86_400_000;
  const today = Math.floor(Date.now() / day) * day;
  // Every 12h since the previous test: 12:00 on D-2 and 00:00 on D-1 fall in the range.
  const from = new Date(today - 2 * day + 3_600_000);
  const to = new Date(today - day + 3_600_000);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  await fill(page, `${box('backfill')} label:nth-of-type(1) input`, local(from));
  await fill(page, `${box('backfill')} label:nth-of-type(2) input`, local(to));
  expect(
    await page.$eval(`${box('backfill')} select`, (el) => (el as unknown as { value: string }).value),
  ).toBe('BUFFER_ALL');

  // Asked for, then confirmed: Cancel sends nothing.
  await page.click(`${box('backfill')} button[type="submit"]`);
  await page.waitForSelector('[role="alertdialog"]');
  expect(await text(page, '[role="alertdialog"] p')).toMatch(/overlap BUFFER_ALL, now\?$/);
  await page.click('[role="alertdialog"] button:not([data-action])');
  await waitForGone(page, '[role="alertdialog"]');
  expect((await operations(page))[0]).toBe('trigger');

  await page.click(`${box('backfill')} button[type="submit"]`);
  await page.click('button[data-action="confirm-backfill"]');
  await page.waitForSelector(`${box('backfill')} [data-testid="change-done"]`, { timeout: 30_000 });
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { getAttribute(a: string): string } | null };
        }
      ).document
        .querySelector('[data-testid="schedule-changes"] tbody tr')
        ?.getAttribute('data-operation') === 'backfill',
    { timeout: 15_000 },
  );
  expect(await text(page, '[data-testid="schedule-changes"] tbody tr:first-child td:nth-child(2)')).toBe(
    `Backfill (${formatParisDateTime(from)} to ${formatParisDateTime(to)}, overlap BUFFER_ALL, 2 actions)`.replace(
      /[\s\u202f\u00a0]+/g,
      ' ',
    ),
  );
  expect(errors).toEqual([]);
});
