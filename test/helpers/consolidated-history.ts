import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startOdreReplayServer, type ReplayServer } from '../../replay/odre-replay-server';
import { syntheticEco2mixRegional } from '../../replay/synthetic-eco2mix';
import { startDevServer } from './temporal';

export const CONSOLIDATED_DATASET = 'eco2mix-regional-cons-def';

/** What the worker-kill tests start from: a dev server, an ODRE stand-in and a scratch folder. */
export interface ConsolidatedHistory {
  env: TestWorkflowEnvironment;
  replay: ReplayServer;
  work: string;
  stop(): Promise<void>;
}

/**
 * The stand-in serves `days` days of SYNTHETIC consolidated regional history from `from` (seeded,
 * so a test's figures do not move), as the history backfill reads it.
 */
export async function startConsolidatedHistory(
  from: string,
  days: number,
  seed: number,
  scratchPrefix: string,
): Promise<ConsolidatedHistory> {
  const work = mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
  const [env, replay] = await Promise.all([startDevServer(), startOdreReplayServer({ datasets: [] })]);
  replay.publish(
    CONSOLIDATED_DATASET,
    [...syntheticEco2mixRegional(new Date(`${from}T00:00:00Z`), days * 96, seed)].map((r) => ({
      ...r,
      nature: 'Données consolidées',
    })),
  );
  return {
    env,
    replay,
    work,
    async stop() {
      await env.teardown();
      await replay.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
