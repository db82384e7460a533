import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser } from 'puppeteer-core';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { createReaderDb } from '../../lib/db';
import { launchChromium } from './browser';
import { ARTIFACTS } from './console-page';
import { startTestPlatform, type TestPlatform } from './platform';
import { startDevServer } from './temporal';

export interface ReplayedConsole {
  env: TestWorkflowEnvironment;
  platform: TestPlatform;
  api: ApiServer;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The built console behind the real API, on Gold loaded by the real regional and national
 * workflows from the replayed captures (regional: Nouvelle-Aquitaine, 2025-02-20; national:
 * 2025-01-01), with a Chromium to look at it.
 */
export async function startReplayedConsole(): Promise<ReplayedConsole> {
  uiBuilt();
  const env = await startDevServer();
  // Early enough for both captures.
  const platform = await startTestPlatform(env, { GPS_RTE_INITIAL_WATERMARK: '2024-12-31T00:00:00Z' });
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  for (const workflow of ['ingestRteRegional', 'ingestRteNational']) {
    await env.client.workflow.execute(workflow, {
      taskQueue: ingest,
      workflowId: `e2e-${workflow}`,
      args: [{ transformTaskQueue: transform }],
    });
  }
  const front = await startConsoleOn(platform);
  return {
    env,
    platform,
    api: front.api,
    browser: front.browser,
    stop: async () => {
      await front.stop();
      await platform.stop();
      await env.teardown();
    },
  };
}

/**
 * The suite's beforeAll and afterAll around `startReplayedConsole`: the answer's `api` and
 * `browser` are set once beforeAll has run, for the tests to read.
 */
export function replayedConsoleForSuite(): { api: ApiServer; browser: Browser } {
  const suite = {} as { api: ApiServer; browser: Browser };
  let started: ReplayedConsole | undefined;
  beforeAll(async () => {
    started = await startReplayedConsole();
    Object.assign(suite, { api: started.api, browser: started.browser });
  });
  afterAll(() => started?.stop());
  return suite;
}

export interface ConsoleOnPlatform {
  api: ApiServer;
  browser: Browser;
  /** Closes the browser and the API; the platform and Temporal are the caller's. */
  stop(): Promise<void>;
}

/**
 * The built console behind the real API over a running test platform, and a Chromium to look at
 * it. Given the Temporal client, the API can start the Admin actions' workflows.
 */
export async function startConsoleOn(platform: TestPlatform, temporal?: Client): Promise<ConsoleOnPlatform> {
  uiBuilt();
  const readerDb = createReaderDb(platform.config.db);
  const api = await startApiServer(platform.config, readerDb, { port: 0, temporal });
  const browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    api,
    browser,
    stop: async () => {
      await browser.close();
      await api.close();
      await readerDb.destroy();
    },
  };
}

function uiBuilt(): void {
  if (!existsSync(path.join(__dirname, '../../ui/dist/index.html')))
    throw new Error('ui/dist is missing: run `npm run build:ui` (npm test does it)');
}
