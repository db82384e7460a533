import type { Browser } from 'puppeteer-core';
import { toActivityFailure } from '../../activities/errors';
import { launchChromium } from '../../lib/browser';
import { loadConfig } from '../../activities/config';
import { HttpTimeoutError } from '../../lib/http/odre-client';
import { startMaintenanceSite, type MaintenanceSite } from '../../replay/maintenance-site';
import { scrapeMaintenancePage } from '../../lib/scrape/maintenance-scraper';
import { FailureType } from '../../lib/domain/failure-types';

/**
 * The page reader alone, in Debian's Chromium against the local site: a page that does not finish
 * loading in time is a timeout (retryable), whether the document or the data behind it is slow.
 */

let site: MaintenanceSite;
let browser: Browser;
const { selectors, chromiumPath } = loadConfig({}).maintenance;

beforeAll(async () => {
  site = await startMaintenanceSite();
  browser = await launchChromium(chromiumPath);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test.each(['document', 'data'] as const)('a slow %s is a retryable timeout naming the page', async (on) => {
  site.injectFaults({ kind: 'delay', ms: 4_000, on, page: 1 });
  const page = await browser.newPage();
  try {
    const failure = await scrapeMaintenancePage(page, site.pageUrl, 1, selectors, 1_500).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(HttpTimeoutError);
    expect(String((failure as Error).message)).toBe(
      `maintenance page ${site.pageUrl} did not finish loading within 1500 ms`,
    );
    expect(toActivityFailure(failure)).toMatchObject({ type: FailureType.HttpTimeout, nonRetryable: false });
  } finally {
    await page.close();
  }
});

test('the same page read in time gives its five events', async () => {
  const page = await browser.newPage();
  try {
    const read = await scrapeMaintenancePage(page, site.pageUrl, 1, selectors, 10_000);
    expect([read.pageNumber, read.pageCount, read.events.length, read.nextUrl]).toEqual([
      1,
      3,
      5,
      `${site.pageUrl}?page=2`,
    ]);
  } finally {
    await page.close();
  }
});
