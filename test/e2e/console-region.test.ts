import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// The console's own documents and formatting: the test asks the API what the screen asked, and
// writes the API's values the way the screen must.
import {
  QualityResultsDocument,
  RegionalBalanceDocument,
  type QualityResultsQuery,
  type RegionalBalanceQuery,
} from '../../ui/src/gql/graphql';
import { formatMw } from '../../ui/src/format/numbers';
import { graphqlAs, requestAs } from '../helpers/azure-api';
import { openPage, screenshots, seriousAxeViolations, text } from '../helpers/console-page';
import { replayedConsoleForSuite } from '../helpers/console-platform';
import { devToken } from '../helpers/dev-token';

/**
 * The Region and Quality screens in Chromium against the real API, on Gold loaded by the real
 * workflows from the replayed captures: the regional one is Nouvelle-Aquitaine (75) on
 * 2025-02-20, 10:30 to 13:30 Paris time.
 */

const REGION_DAY = { from: '2025-02-20T00:00:00.000Z', to: '2025-02-21T00:00:00.000Z' };
const REGION_URL = `/regions/75?${new URLSearchParams(REGION_DAY)}`;

const suite = replayedConsoleForSuite();

const squash = (s: string) => s.replace(/[\s\u202f\u00a0]+/g, ' ').trim();

test("region: the latest quarter-hour is the API's, the charts are drawn, no errors, accessible", async () => {
  const res = await graphqlAs(
    suite.api.url,
    await devToken(suite.api, 'reader'),
    RegionalBalanceDocument.toString(),
    {
      region: '75',
      ...REGION_DAY,
    },
  );
  expect(res.status).toBe(200);
  const latest = (res.body.data as RegionalBalanceQuery).regionalBalance.nodes.at(-1)!;

  const { page, errors } = await openPage(suite.browser, 1280);
  await page.goto(`${suite.api.url}${REGION_URL}`);
  await page.waitForSelector('[data-testid="kpi-consumption"]', { timeout: 15_000 });
  expect(await text(page, 'main h1')).toBe('Nouvelle-Aquitaine');
  expect(await text(page, '[data-testid="kpi-consumption"]')).toBe(squash(formatMw(latest.consumptionMw)));
  expect(await text(page, '[data-testid="kpi-production"]')).toBe(squash(formatMw(latest.productionMw)));
  expect(await text(page, '[data-testid="kpi-exchange"]')).toBe(squash(formatMw(latest.netExchangeMw)));
  expect(await text(page, '#now-title')).toMatch(/20 févr\. 2025.*13:30/);
  await page.waitForSelector('[data-testid="mix-chart"] svg path');
  // Every section settles: a table, a chart or an empty state, never a spinner or an error.
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
        'main .state-loading',
      ),
    { timeout: 15_000 },
  );
  expect(await page.$('main [role="alert"]')).toBeNull();

  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'region');
  expect(errors).toEqual([]);
});

test("region: the CSV download is the API's export of the same range, byte for byte", async () => {
  const token = await devToken(suite.api, 'reader');
  const exported = await fetch(
    `${suite.api.url}/exports/regional-production.csv?region_code=75&${new URLSearchParams(REGION_DAY)}&granularity=15min`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(exported.status).toBe(200);
  const expected = Buffer.from(await exported.arrayBuffer());
  expect(expected.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // the BOM survives

  const { page, errors } = await openPage(suite.browser, 1280);
  const downloads = mkdtempSync(path.join(tmpdir(), 'gps-csv-'));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  await page.goto(`${suite.api.url}${REGION_URL}`);
  await page.waitForSelector('[data-testid="kpi-consumption"]', { timeout: 15_000 });
  await page.click('.csv-download button');

  const name = 'regional-production_75_2025-02-20_2025-02-21_15min.csv';
  const deadline = Date.now() + 15_000;
  while (!readdirSync(downloads).includes(name) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(readdirSync(downloads)).toEqual([name]);
  expect(readFileSync(path.join(downloads, name))).toEqual(expected);
  expect(errors).toEqual([]);
});

test('an unknown region code is a clear not-found, with a way back to the map', async () => {
  const { page, errors } = await openPage(suite.browser, 390);
  await page.goto(`${suite.api.url}/regions/99`);
  await page.waitForSelector('[data-testid="region-not-found"]', { timeout: 15_000 });
  expect(await text(page, 'main h1')).toBe('Region not found');
  expect(await text(page, '[data-testid="region-not-found"]')).toMatch(/No region has the code “99”/);
  expect(await page.$('[data-testid="region-not-found"] a[href="/map"]')).not.toBeNull();
  // The API was never asked about a region it does not know.
  expect(errors).toEqual([]);
});

test('quality: the gate results the API returns, newest first, with the outcome filter in the address', async () => {
  const token = await devToken(suite.api, 'reader');
  const ask = async (variables: Record<string, unknown>) => {
    const res = await graphqlAs(suite.api.url, token, QualityResultsDocument.toString(), {
      first: 20,
      ...variables,
    });
    expect(res.status).toBe(200);
    return (res.body.data as QualityResultsQuery).qualityResults.nodes;
  };
  const all = await ask({});
  expect(all.length).toBeGreaterThan(0); // the replayed loads ran their gates

  const { page, errors } = await openPage(suite.browser, 1280);
  await page.goto(`${suite.api.url}/quality`);
  await page.waitForSelector('tr[data-result]', { timeout: 15_000 });
  const rows = await page.$$eval('tr[data-result]', (els) =>
    els.map((el) => Number(el.getAttribute('data-result'))),
  );
  expect(rows).toEqual(all.map((r) => r.id));
  const first = all[0]!;
  expect(await text(page, `tr[data-result="${first.id}"] [data-field="outcome"] .badge`)).toBe(
    first.outcome === 'fail' ? 'Fail' : 'Pass',
  );

  // The outcome select writes the address; failures (if any) are the highlighted rows.
  await page.select('.map-controls select', 'fail');
  await page.waitForFunction(
    () => (globalThis as unknown as { location: { search: string } }).location.search === '?outcome=fail',
  );
  const failures = await ask({ outcome: 'fail' });
  if (failures.length) {
    await page.waitForSelector('tr.gate-fail[data-result]');
    const failed = await page.$$eval('tr.gate-fail', (els) =>
      els.map((el) => Number(el.getAttribute('data-result'))),
    );
    expect(failed).toEqual(failures.map((r) => r.id));
  } else {
    await page.waitForSelector('main .state-empty');
    expect(await text(page, 'main .state-empty')).toBe('No gate result matches these filters.');
  }

  // The dataset is typed and applied; the rows are then the API's for that dataset.
  await page.goto(`${suite.api.url}/quality`);
  await page.type('.map-controls input', 'eco2mix_regional');
  await page.click('.map-controls button[type="submit"]');
  const regional = await ask({ dataset: 'eco2mix_regional' });
  expect(regional.length).toBeGreaterThan(0);
  await page.waitForSelector(`tbody tr:first-child[data-result="${regional[0]!.id}"]`, { timeout: 15_000 });
  expect(page.url()).toBe(`${suite.api.url}/quality?dataset=eco2mix_regional`);
  const regionalRows = await page.$$eval('tr[data-result]', (els) =>
    els.map((el) => Number(el.getAttribute('data-result'))),
  );
  expect(regionalRows).toEqual(regional.map((r) => r.id));

  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'quality');
  expect(errors).toEqual([]);
});

test('the console answers /quality and /regions/:code to a browser, and the export refuses without a token', async () => {
  expect((await requestAs(suite.api.url, 'GET', '/quality', undefined, { accept: 'text/html' })).status).toBe(
    200,
  );
  const refused = await requestAs(
    suite.api.url,
    'GET',
    `/exports/regional-production.csv?region_code=75&${new URLSearchParams(REGION_DAY)}`,
  );
  expect(refused.status).toBe(401);
});
