import type { Browser, LaunchOptions } from 'puppeteer-core';
import { launchChromium as launch } from '../../lib/browser';

/** Debian's Chromium (installed by scripts/install-prereqs.sh) with the platform's own flags. */
export function launchChromium(options: Pick<LaunchOptions, 'acceptInsecureCerts'> = {}): Promise<Browser> {
  return launch(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', options);
}
