import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';

/** What the console's e2e tests share: pages that record errors, axe-core, screenshots, text. */

const ROOT = path.join(__dirname, '../..');
/** Screenshots land here (gitignored) unless SCREENSHOT_DIR says otherwise. */
export const ARTIFACTS = process.env.SCREENSHOT_DIR ?? path.join(ROOT, 'test-artifacts/console');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** A page that records every console error, uncaught exception and HTTP error, at a given width. */
export async function openPage(browser: Browser, width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String((err as Error).stack ?? err)));
  page.on('response', async (res) => {
    if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}: ${(await res.text()).slice(0, 300)}`);
  });
  return { page, errors };
}

/** A page whose tab asks the local issuer for an Admin token (local-issuer.ts, gps.devRole). */
export async function openAsAdmin(
  browser: Browser,
  width: number,
): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, width);
  await opened.page.evaluateOnNewDocument(() => {
    (
      globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
    ).sessionStorage.setItem('gps.devRole', 'admin');
  });
  return opened;
}

export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return results
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Screenshots at desktop and phone widths; at either, the page must not scroll sideways. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewport({ width, height: 900 });
    await new Promise((r) => setTimeout(r, 300)); // charts resize on the next frame
    expect(await page.$eval('html', (el) => el.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({
      path: path.join(ARTIFACTS, `${name}-${width}.png`) as `${string}.png`,
      fullPage: true,
    });
  }
}

/** An element's text with every run of spaces (no-break ones included) as one space. */
export const text = (page: Page, selector: string) =>
  page.$eval(selector, (el) => el.textContent?.replace(/[\s\u202f\u00a0]+/g, ' ').trim());

/** The test's TypeScript has no DOM library: the little of `document` these waits use. */
type Doc = { document: { querySelector(s: string): { textContent: string | null } | null } };

export const waitForText = (page: Page, selector: string, expected: string, timeout = 15_000) =>
  page.waitForFunction(
    (s: string, t: string) => (globalThis as unknown as Doc).document.querySelector(s)?.textContent === t,
    { timeout },
    selector,
    expected,
  );

export const waitForGone = (page: Page, selector: string, timeout = 15_000) =>
  page.waitForFunction(
    (s: string) => !(globalThis as unknown as Doc).document.querySelector(s),
    { timeout },
    selector,
  );
