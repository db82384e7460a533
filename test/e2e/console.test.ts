import { readFileSync } from 'node:fs';
import path from 'node:path';
// The very document the console sends, generated from its source: the test asks the API the same question.
import { NationalBalanceDocument, type NationalBalanceQuery } from '../../ui/src/gql/graphql';
import { graphqlAs } from '../helpers/azure-api';
import { openPage, screenshots, seriousAxeViolations, text } from '../helpers/console-page';
import { replayedConsoleForSuite } from '../helpers/console-platform';
import { devToken } from '../helpers/dev-token';

/**
 * The console, built by `npm run build:ui`, in Debian's Chromium against the real API, on Gold
 * loaded by the real regional and national workflows from the replayed captures.
 */

const ROOT = path.join(__dirname, '../..');
const REGIONS_GEOJSON = JSON.parse(readFileSync(path.join(ROOT, 'data/france-regions.geojson'), 'utf8')) as {
  features: { properties: { code: string } }[];
};

// The national capture covers 2025-01-01 00:45 to 03:15 Paris time (UTC+1).
const NATIONAL_RANGE = { from: '2024-12-31T23:00:00.000Z', to: '2025-01-01T03:00:00.000Z' };

const suite = replayedConsoleForSuite();

const open = (width: number) => openPage(suite.browser, width);

test('overview: the latest national quarter-hour is what the API answers, charts drawn, no errors, accessible', async () => {
  const res = await graphqlAs(
    suite.api.url,
    await devToken(suite.api, 'reader'),
    NationalBalanceDocument.toString(),
    NATIONAL_RANGE,
  );
  expect(res.status).toBe(200);
  const nodes = (res.body.data as NationalBalanceQuery).nationalBalance.nodes;
  expect(nodes.length).toBeGreaterThan(0);
  const latest = nodes.at(-1)!;

  const { page, errors } = await open(1280);
  await page.goto(`${suite.api.url}/?${new URLSearchParams(NATIONAL_RANGE)}`);
  await page.waitForSelector('[data-testid="kpi-consumption"]', { timeout: 15_000 });

  const gw = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const asGw = (mw: number | null | undefined) => `${gw.format(mw! / 1000)} GW`.replace(/\s/g, ' ');
  expect(await text(page, '[data-testid="kpi-consumption"]')).toBe(asGw(latest.consumptionMw));
  expect(await text(page, '[data-testid="kpi-production"]')).toBe(asGw(latest.productionMw));
  expect(await text(page, '[data-testid="kpi-exchange"]')).toBe(asGw(latest.netExchangeMw));
  // 02:15 UTC is 03:15 in Paris.
  expect(await text(page, '#now-title')).toMatch(/1 janv\. 2025.*03:15/);
  await page.waitForSelector('[data-testid="mix-chart"] svg path');
  expect(await text(page, '.data-age')).toMatch(/^Updated \d+ s ago · latest quarter-hour 1 janv\. 2025/);

  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'overview');
  expect(errors).toEqual([]);
});

test('map: one shape per region of the GeoJSON, a value where the feed has one, click opens the region', async () => {
  const { page, errors } = await open(1280);
  await page.goto(`${suite.api.url}/map`);
  await page.waitForSelector('[data-testid="region-map"] svg path', { timeout: 15_000 });
  await page.waitForSelector('tr[data-region="75"]');

  // Region outlines are the paths drawn with the map's border colour (the legend has none).
  const shapes = await page.$$eval(
    '[data-testid="region-map"] svg path[stroke="#4a5568"]',
    (els) => els.length,
  );
  expect(shapes).toBe(REGIONS_GEOJSON.features.length);
  const rows = await page.$$eval('tr[data-region]', (els) => els.map((el) => el.getAttribute('data-region')));
  expect(rows.sort()).toEqual(REGIONS_GEOJSON.features.map((f) => f.properties.code).sort());
  // Nouvelle-Aquitaine, the region of the capture, exports at 13:30 Paris: production above consumption.
  expect(await text(page, 'tr[data-region="75"] td.num')).toMatch(/^\d[\d ]* MW$/);
  expect(await text(page, 'tr[data-region="11"] td.num')).toBe('no data');

  // The selector recolours by another metric; the slider goes back through the loaded quarter-hours.
  await page.select('.map-controls select', 'intensity');
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
      ).document
        .querySelector('tr[data-region="75"] td.num')
        ?.textContent?.includes('gCO₂eq/kWh') === true,
  );
  const instants = await page.$eval('.time-slider input', (el) => Number(el.getAttribute('max')) + 1);
  expect(instants).toBe(5); // the capture's five quarter-hours
  expect(await text(page, '.time-slider output')).toMatch(/20 févr\. 2025.*13:30/);
  await page.focus('.time-slider input');
  await page.keyboard.press('Home');
  expect(await text(page, '.time-slider output')).toMatch(/20 févr\. 2025.*10:30/); // the capture's first

  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'map');

  await page.setViewport({ width: 1280, height: 900 });
  await page.click('tr[data-region="75"] a');
  // Client-side navigation: /map has an h1 too, so wait for the address rather than a heading.
  await page.waitForFunction('location.pathname === "/regions/75"', { timeout: 10_000 });
  expect(page.url()).toBe(`${suite.api.url}/regions/75`);
  expect(errors).toEqual([]);
});

test('beyond 31 days the overview draws the mix from the regional daily rollups, and says so', async () => {
  const { page, errors } = await open(1280);
  await page.goto(`${suite.api.url}/?from=2025-01-15T00:00:00.000Z&to=2025-03-15T00:00:00.000Z`);
  await page.waitForSelector('[data-testid="mix-chart"] svg path', { timeout: 15_000 });
  expect(await text(page, 'main .note')).toMatch(/^Beyond 31 days the mix is the sum of the 12 regions/);
  expect(await page.$('[data-testid="kpi-consumption"]')).toBeNull();
  expect(errors).toEqual([]);
});

test('the default range before any national data is an empty state; an API refusal is an error with a retry', async () => {
  const { page } = await open(1280);
  await page.goto(`${suite.api.url}/`);
  await page.waitForSelector('main .state-empty', { timeout: 15_000 });
  expect(await text(page, 'main .state-empty')).toMatch(/^No national data between/);

  // Five years of daily rollups: the API refuses more than 400 days, and the page says why.
  await page.goto(`${suite.api.url}/?from=2020-01-01T00:00:00.000Z&to=2025-01-01T00:00:00.000Z`);
  await page.waitForSelector('main [role="alert"]', { timeout: 15_000 });
  expect(await text(page, 'main [role="alert"] p')).toMatch(/^Could not load: [^{]*400 days[^{]*$/);
  expect(await page.$('main [role="alert"] button')).not.toBeNull();
});

test('every screen is in the nav, reachable by keyboard', async () => {
  const { page, errors } = await open(390);
  await page.goto(`${suite.api.url}/`);
  await page.waitForSelector('nav a');
  const links = await page.$$eval('nav[aria-label="Main"] a', (els) =>
    els.map((el) => el.getAttribute('href')),
  );
  expect(links).toEqual(['/', '/map', '/alerts', '/runs', '/quality', '/schedules']);
  // Tab from the top: skip link first, then the nav in order.
  await page.keyboard.press('Tab');
  expect(await text(page, ':focus')).toBe('Skip to content');
  await page.keyboard.press('Tab');
  expect(await text(page, ':focus')).toBe('Overview');
  // /schedules needs a Temporal client this platform does not give the API: its own e2e test has one.
  for (const [href, title] of [['/quality', 'Data quality']]) {
    await page.click(`nav a[href="${href}"]`);
    await page.waitForSelector(`nav a.active[href="${href}"]`);
    expect(await text(page, 'main h1')).toBe(title);
  }
  expect(errors).toEqual([]);
});

test('with the local issuer, the header says which role this tab acts with and switches it', async () => {
  const { page, errors } = await open(1280);
  await page.goto(`${suite.api.url}/`);
  await page.waitForSelector('[data-testid="local-role"]');
  expect(await text(page, '[data-testid="local-role"]')).toBe('Local sign-in: ReaderAct as Admin');
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="local-role"] button')]);
  await page.waitForSelector('[data-testid="local-role"]');
  expect(await text(page, '[data-testid="local-role"]')).toBe('Local sign-in: AdminAct as Reader');
  // The data layer asks the issuer for the role this tab keeps (auth/local-issuer.ts).
  expect(await page.evaluate('sessionStorage.getItem("gps.devRole")')).toBe('admin');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});
