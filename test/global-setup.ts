import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  buildWorkflowBundle,
  SHARED_TEMPORAL_ADDRESS_ENV,
  SHARED_WORKFLOW_BUNDLE_ENV,
  startOwnDevServer,
} from './helpers/temporal';

/** Handed to test/global-teardown.ts, which runs in this same process and context. */
export interface SharedTemporal {
  env: TestWorkflowEnvironment;
  dir: string;
}

/**
 * One Temporal dev server and one workflow bundle for the whole run, instead of one of each per
 * test file: test/helpers/temporal.ts finds them through the environment (test workers are
 * started after this and inherit it) and gives each file its own namespace on the server.
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-jest-'));
  const [env, bundle] = await Promise.all([startOwnDevServer(), buildWorkflowBundle()]);
  const codePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(codePath, bundle.code);
  process.env[SHARED_TEMPORAL_ADDRESS_ENV] = env.address;
  process.env[SHARED_WORKFLOW_BUNDLE_ENV] = codePath;
  (globalThis as { gpsSharedTemporal?: SharedTemporal }).gpsSharedTemporal = { env, dir };
}
