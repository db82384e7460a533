import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createReaderDb } from '../lib/db';
import { describeLakeConfig } from '../lib/lake';
import { createLogger } from '../lib/log';
import { startOdreReplayServer, type ReplayServer } from '../replay/odre-replay-server';
import { startMaintenanceSite } from '../replay/maintenance-site';
import { startEra5ReplayObjectStore } from '../replay/era5-replay';
import { startApiServer } from '../graphql/server';
import { buildActivityDeps } from './dependencies';
import { configOrExit, fail } from '../lib/entrypoint';
import { applySchedules } from './schedules';
import { ensureFreshnessWatcher } from './freshness-watcher';
import { startTemporalDevServer } from './temporal-dev-server';
import { createWorkers } from './workers';

/**
 * `npm start`: the whole platform on one machine with the embedded defaults: Temporal dev
 * server (SQLite file in the data dir), migrations, both workers, schedules from temporal.yaml,
 * the API and the console. Ctrl-C stops everything in reverse order.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger({ component: 'platform' });
  // This process owns its signals: it stops the workers itself, then the servers it started.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse())
      await Promise.resolve()
        .then(step)
        .catch((err) => log.error('shutdown step failed', { error: String(err) }));
  };

  try {
    let replay: ReplayServer | undefined;
    if (config.rte.mode === 'replay') {
      replay = await startOdreReplayServer({ port: config.replayPort });
      cleanups.push(() => replay?.close());
      log.info('replay mode: serving recorded ODRE payloads', { url: replay.baseUrl });
      const site = await startMaintenanceSite({ port: config.maintenance.replayPort });
      cleanups.push(() => site.close());
      log.info('replay mode: serving the synthetic maintenance page', { url: site.pageUrl });
      const objects = await startEra5ReplayObjectStore({
        port: config.era5.replayPort,
        dir: path.join(config.dataDir, 'replay'),
      });
      cleanups.push(() => objects.close());
      log.info('replay mode: serving a synthetic ERA5 Parquet by byte range', { url: config.era5.url });
    }

    let temporal: ChildProcess | undefined;
    if (config.temporal.embedded) {
      temporal = await startTemporalDevServer(config, log);
      // Never leave an orphan server behind, whatever way this process ends.
      process.once('exit', () => temporal?.kill('SIGTERM'));
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            if (temporal?.exitCode !== null) return resolve();
            temporal.once('exit', () => resolve());
            temporal.kill('SIGTERM');
          }),
      );
    }

    const deps = await buildActivityDeps(config, createLogger({ component: 'worker' }));
    cleanups.push(() => deps.db.destroy());

    const clientConnection = await Connection.connect({ address: config.temporal.address });
    cleanups.push(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });

    const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
    cleanups.push(() => workerConnection.close());
    const workers = await createWorkers(workerConnection, config, deps);
    const running = Promise.all(workers.map((w) => w.run()));
    cleanups.push(async () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
    });

    const outcomes = await applySchedules(client, config.temporal.declarations);
    log.info('schedules applied', outcomes);
    // Show data now rather than at the next 15-minute tick.
    for (const schedule of config.temporal.declarations.schedules) {
      if (!schedule.paused) await client.schedule.getHandle(schedule.id).trigger();
    }

    if (await ensureFreshnessWatcher(client, config)) {
      log.info('freshness watcher running', { probeSeconds: config.rte.freshnessProbeSeconds });
    }

    const readerDb = createReaderDb(config.db);
    cleanups.push(() => readerDb.destroy());
    const api = await startApiServer(config, readerDb, {
      temporal: client,
      log: createLogger({ component: 'api' }),
    });
    cleanups.push(() => api.close());

    const lines = [
      '',
      'Grid Power Stream is running',
      `  console         ${api.url}/`,
      `  GraphQL         ${api.url}/graphql   (token: POST ${api.url}/auth/dev-token in local auth mode)`,
      `  REST + docs     ${api.url}/production/regional   ${api.url}/docs`,
      `  Temporal        ${config.temporal.address}   Web UI ${config.temporal.uiUrl}`,
      `  data            ${config.dataDir}   (lake ${describeLakeConfig(config.lake)})`,
      `  RTE source      ${config.rte.mode} ${config.rte.baseUrl}`,
      'Press Ctrl-C to stop.',
      '',
    ];
    process.stdout.write(lines.join('\n'));

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      running.then(
        () => resolve(),
        () => resolve(),
      );
    });
    log.info('stopping');
  } finally {
    await cleanup();
    log.info('stopped');
  }
}

main().then(() => process.exit(0), fail);
