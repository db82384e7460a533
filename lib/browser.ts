import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * Debian's Chromium driven by puppeteer-core (the plain puppeteer package downloads its own
 * browser, which these machines cannot). Headless; the flags keep it from phoning home, updating
 * itself or needing a sandbox and a large /dev/shm inside containers.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(executablePath: string): Promise<Browser> {
  return puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
