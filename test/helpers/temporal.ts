import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import { resolveTemporalCli } from '../../lib/temporal-cli';
import { ensureSearchAttributes } from '../../workers/search-attributes-setup';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { WORKFLOWS_PATH } from '../../workers/workers';

/**
 * Set by test/global-setup.ts for a whole Jest run: the address of the one dev server every test
 * file shares, and the workflow bundle built once for all of them. Worker child processes inherit
 * both (test/helpers/era5-worker-process.ts reads the bundle variable).
 */
export const SHARED_TEMPORAL_ADDRESS_ENV = 'GPS_TEST_TEMPORAL_ADDRESS';
export const SHARED_WORKFLOW_BUNDLE_ENV = 'GPS_TEST_WORKFLOW_BUNDLE';

const quietLogger = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} } as never;

/**
 * A dev server of this process's own, from the installed CLI. For the Jest run's shared server,
 * and for tests that kill or restart their server: they must not take the shared one down.
 */
export async function startOwnDevServer(
  options: { searchAttributes?: boolean } = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveTemporalCli(process.env.TEMPORAL_CLI_PATH) },
      searchAttributes: options.searchAttributes === false ? [] : ALL_SEARCH_ATTRIBUTES,
      extraArgs: ['--log-level', 'error'],
    },
  });
}

/** Namespaces read well in the Web UI when they name their test file. */
function namespaceForThisFile(): string {
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState()
    .testPath;
  const file = testPath ? path.basename(testPath).replace(/\.test\.ts$/, '') : 'test';
  return `${file.replace(/[^a-zA-Z0-9-]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

/**
 * The real Temporal dev server: the run's shared one when test/global-setup.ts started it, in a
 * namespace of this test file's own, else (a file run outside that setup) one started here.
 * A namespace isolates what a file leaves behind on a shared server: workflow ids, schedules
 * (fixed ids from temporal.yaml, firing every 15 minutes), task queues (every file polls
 * gps-ingest) and visibility listings. Custom search attributes are per namespace on the dev
 * server's SQL visibility, so each new namespace gets them, unless `searchAttributes: false`.
 * `teardown()` closes the connections; it stops only a server started here.
 */
export async function startDevServer(
  options: { searchAttributes?: boolean } = {},
): Promise<TestWorkflowEnvironment> {
  const address = process.env[SHARED_TEMPORAL_ADDRESS_ENV];
  if (!address) return startOwnDevServer(options);
  const namespace = namespaceForThisFile();
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    if (options.searchAttributes !== false) await ensureSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace });
}

let bundle: Promise<{ code: string }> | undefined;

function bundleHere(): Promise<{ code: string }> {
  bundle ??= buildWorkflowBundle();
  return bundle;
}

export function buildWorkflowBundle(): Promise<{ code: string }> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
}

/**
 * The workflow code for a Worker: the run's shared bundle file when there is one, else bundled
 * here once per test file (bundling takes seconds).
 */
export async function workflowBundle(): Promise<WorkflowBundleOption> {
  const shared = process.env[SHARED_WORKFLOW_BUNDLE_ENV];
  return shared ? { codePath: shared } : bundleHere();
}

/** The bundle as a file, for workers in child processes; without a shared one, written into `dir`. */
export async function workflowBundlePath(dir: string): Promise<string> {
  const shared = process.env[SHARED_WORKFLOW_BUNDLE_ENV];
  if (shared) return shared;
  const file = path.join(dir, 'workflow-bundle.js');
  writeFileSync(file, (await bundleHere()).code);
  return file;
}

/** The namespace `env.client` works in: a file's own on the shared server, `default` on its own server. */
export function namespaceOf(env: TestWorkflowEnvironment): string {
  return env.namespace ?? 'default';
}
