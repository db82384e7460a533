import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../activities';
import { loadConfig, type Config } from '../../activities/config';
import { silentLogger, type Logger } from '../../lib/log';
import { startOdreReplayServer, type ReplayServer } from '../../replay/odre-replay-server';
import { buildActivityDeps } from '../../workers/dependencies';
import { createWorkers } from '../../workers/workers';
import { namespaceOf, workflowBundle } from './temporal';

/** A platform on real components: a temp data dir, the replay server, SQLite gold, both workers. */
export interface TestPlatform {
  dataDir: string;
  config: Config;
  replay: ReplayServer;
  deps: ActivityDeps;
  db: Knex;
  stop(): Promise<void>;
}

export async function startTestPlatform(
  env: TestWorkflowEnvironment,
  extraEnv: Record<string, string> = {},
  log: Logger = silentLogger,
): Promise<TestPlatform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gps-test-'));
  const replay = await startOdreReplayServer();
  const config = loadConfig({
    NODE_ENV: 'test',
    GPS_DATA_DIR: dataDir,
    GPS_ODRE_BASE_URL: replay.baseUrl,
    GPS_RTE_INITIAL_WATERMARK: '2025-02-20T00:00:00Z',
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: namespaceOf(env),
    ...extraEnv,
  });
  const deps = await buildActivityDeps(config, log);
  const workers: Worker[] = await createWorkers(env.nativeConnection, config, deps, {
    workflowBundle: await workflowBundle(),
  });
  const running = workers.map((w) => w.run());
  return {
    dataDir,
    config,
    replay,
    deps,
    db: deps.db,
    stop: async () => {
      for (const w of workers) w.shutdown();
      await Promise.all(running);
      await deps.db.destroy();
      await replay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
