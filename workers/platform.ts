import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createReaderDb } from '../lib/db';
import { describeLakeConfig } from '../lib/lake';
import { createLogger } from '../lib/log';
import { installTemporalRuntime } from '../lib/metrics/temporal-runtime';
import { startProcessMetrics } from './process-metrics';
import { sliceOf } from '../activities/config';
import { SOURCES } from '../activities/sources/registry';
import type { StandIn } from '../activities/sources/descriptor';
import { startApiServer, type ApiServer } from '../graphql/server';
import { startApiCluster } from './api-cluster';
import { buildActivityDeps } from './dependencies';
import { configOrExit, fail } from './main-helpers';
import { applySchedules } from './schedules';
import { ensureAlertSchedule } from './alert-schedule';
import { ensureRetentionSchedule } from './retention-schedule';
import { ensureFreshnessWatcher } from './freshness-watcher';
import { liveSourceUnreachable } from './live-source-check';
import { startTemporalDevServer } from './temporal-dev-server';
import { createWorkers, defaultWorkflowSource } from './workers';
import { startTracing } from '../lib/tracing/provider';
import { tracingClientInterceptors } from '../lib/tracing/temporal';
import { temporalConnectionOptions } from '../lib/temporal-security';

/**
 * `npm start`: the whole platform on one machine with the embedded defaults: Temporal dev
 * server (SQLite file in the data dir), migrations, both workers, schedules from temporal.yaml,
 * the API and the console. Ctrl-C stops everything in reverse order.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  if (config.sourceMode === 'live') {
    const unreachable = await liveSourceUnreachable(config);
    if (unreachable) {
      process.stderr.write(`${unreachable}\n`);
      process.exit(3);
    }
  }
  const log = createLogger({ component: 'platform' });
  // This process owns its signals: it stops the workers itself, then the servers it started.
  installTemporalRuntime(config, log, { shutdownSignals: [] });
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse())
      await Promise.resolve()
        .then(step)
        .catch((err) => log.error('shutdown step failed', { error: String(err) }));
  };

  try {
    if (config.sourceMode === 'replay') {
      for (const { source, standIn } of standIns()) {
        const running = await standIn.start(config, sliceOf(config, source) as never);
        cleanups.push(() => running.close());
        log.info('replay mode: stand-in started', {
          source: source.id,
          serves: standIn.description,
          url: running.url,
        });
      }
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

    const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal));
    cleanups.push(() => clientConnection.close());
    const tracing = startTracing(config, 'gps-platform');
    // Pushed before the workers' stop, so it runs after it: their last spans are flushed too.
    if (tracing) cleanups.push(() => tracing.shutdown());
    const client = new Client({
      connection: clientConnection,
      namespace: config.temporal.namespace,
      interceptors: tracingClientInterceptors(tracing),
    });

    const workerConnection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
    cleanups.push(() => workerConnection.close());
    const workers = await createWorkers(
      workerConnection,
      config,
      deps,
      defaultWorkflowSource(tracing !== undefined),
      config.workerQueues,
      tracing,
    );
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
      log.info('freshness watcher running', { ...config.rte.freshness });
    }
    log.info('alert schedule', { created: await ensureAlertSchedule(client, config) });
    log.info('retention schedule', { created: await ensureRetentionSchedule(client, config) });

    const clusteredApi = config.api.processes > 1;
    let api: ApiServer;
    if (clusteredApi) {
      api = await startApiCluster(config, createLogger({ component: 'api' }));
    } else {
      const readerDb = createReaderDb(config.db);
      cleanups.push(() => readerDb.destroy());
      api = await startApiServer(config, readerDb, {
        temporal: client,
        log: createLogger({ component: 'api' }),
      });
    }
    cleanups.push(() => api.close());
    // This listener shows the API's and the workers' metrics together (API processes' added up).
    const metrics = await startProcessMetrics(config, log, { withApiProcesses: clusteredApi });
    if (metrics) cleanups.push(() => metrics.close());

    const lines = [
      '',
      'Grid Power Stream is running',
      `  console         ${api.url}/`,
      `  GraphQL         ${api.url}/graphql   (token: POST ${api.url}/auth/dev-token in local auth mode)`,
      `  REST + docs     ${api.url}/production/regional   ${api.url}/docs`,
      `  Temporal        ${config.temporal.address}   Web UI ${config.temporal.uiUrl}`,
      `  data            ${config.dataDir}   (lake ${describeLakeConfig(config.lake)})`,
      `  sources         ${SOURCES.map((s) => s.id).join(', ')} (${config.sourceMode})`,
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

/** Each stand-in once, though two sources may share one (both eCO2mix feeds read ODRE). */
function standIns(): { source: (typeof SOURCES)[number]; standIn: StandIn<never> }[] {
  const seen = new Set<unknown>();
  return SOURCES.flatMap((source) => {
    const standIn = source.standIn as StandIn<never> | undefined;
    if (!standIn || seen.has(standIn)) return [];
    seen.add(standIn);
    return [{ source, standIn }];
  });
}

main().then(() => process.exit(0), fail);
