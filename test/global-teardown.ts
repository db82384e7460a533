import { rmSync } from 'node:fs';
import type { SharedTemporal } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const shared = (globalThis as { gpsSharedTemporal?: SharedTemporal }).gpsSharedTemporal;
  if (!shared) return;
  await shared.env.teardown();
  rmSync(shared.dir, { recursive: true, force: true });
}
