import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser } from 'puppeteer-core';
import { createReaderDb } from '../../lib/db';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { startDevServer } from '../helpers/temporal';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { launchChromium } from '../helpers/browser';

/** The console, built by `npm run build:ui`, in real Chromium against the real API and pipeline. */

const UI_BUILT = existsSync(path.join(__dirname, '../../ui/dist/index.html'));

let env: TestWorkflowEnvironment;
let platform: TestPlatform;
let api: ApiServer;
let readerDb: ReturnType<typeof createReaderDb>;
let browser: Browser;

beforeAll(async () => {
  if (!UI_BUILT) throw new Error('ui/dist is missing: run `npm run build:ui` (npm test does it)');
  env = await startDevServer();
  platform = await startTestPlatform(env);
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  await env.client.workflow.execute('ingestRteRegional', {
    taskQueue: ingest,
    workflowId: 'e2e-ingest',
    args: [{ transformTaskQueue: transform }],
  });
  readerDb = createReaderDb(platform.config.db);
  api = await startApiServer(platform.config, readerDb, { port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await readerDb?.destroy();
  await platform?.stop();
  await env?.teardown();
});

test('the console shows the latest quarter-hour of the region with data', async () => {
  const page = await browser.newPage();
  await page.goto(`${api.url}/`);
  await page.waitForSelector('[data-testid="consumption"]', { timeout: 15_000 });

  expect(
    await page.$eval('select[aria-label="Region"]', (el) => (el as unknown as { value: string }).value),
  ).toBe('75');
  // 12:30 UTC on 2025-02-20 is 13:30 in Paris.
  expect(await page.$eval('section h2', (el) => el.textContent)).toMatch(/20 févr\. 2025.*13:30/);
  const text = (id: string) =>
    page.$eval(`[data-testid="${id}"]`, (el) => el.textContent?.replace(/\s/g, ' '));
  expect(await text('consumption')).toBe('4 432 MW');
  expect(await text('exchange')).toBe('-4 892 MW');
  const nuclear = await page.$eval('tr[data-source="nucleaire"]', (el) =>
    [...el.querySelectorAll('td')].map((td) => td.textContent?.replace(/\s/g, ' ')),
  );
  expect(nuclear).toEqual(['Nuclear', '5 782', '130,5 %', '87,2 %']);

  if (process.env.SCREENSHOT_DIR) {
    mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({
      path: path.join(process.env.SCREENSHOT_DIR, 'console.png') as `${string}.png`,
      fullPage: true,
    });
  }
});
