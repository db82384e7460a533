import puppeteer, { type Browser, type LaunchOptions } from 'puppeteer-core';

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

/** `acceptInsecureCerts` is for tests whose HTTPS servers have self-signed certificates. */
export function launchChromium(
  executablePath: string,
  options: Pick<LaunchOptions, 'acceptInsecureCerts'> = {},
): Promise<Browser> {
  return puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, ...options });
}
