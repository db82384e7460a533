import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import type { PlatformConfig } from '../lib/config';
import type { Logger } from '../lib/log';
import { newLocalSigningKey, type LocalSigningKey } from '../graphql/auth';
import type { ApiServer } from '../graphql/server';

/** Asked by an API process once it listens for messages; answered with what it must share. */
export const API_PROCESS_HELLO = 'gps:api-process-hello';
export const API_PROCESS_SETUP = 'gps:api-process-setup';
export interface ApiProcessSetup {
  type: typeof API_PROCESS_SETUP;
  localSigningKey?: LocalSigningKey;
}

/** A process that dies sooner than this after its start counts as a crash loop: wait before the next. */
const HEALTHY_AFTER_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * `GPS_API_PROCESSES` > 1: that many API processes (workers/api-worker.ts) on one port through
 * node:cluster, the primary (this process) handing out connections in turn. better-sqlite3 runs
 * each query on the event loop, so one process serialises every read; several read in parallel.
 * Each process keeps its own response cache and rate-limit counters. A process that exits is
 * replaced (after a growing delay if it keeps dying young); `close` stops them all gracefully.
 */
export async function startApiCluster(config: PlatformConfig, log: Logger): Promise<ApiServer> {
  const setup: ApiProcessSetup = {
    type: API_PROCESS_SETUP,
    // The local issuer's tokens must verify in whichever process a request lands on.
    localSigningKey: config.auth.mode === 'local' ? newLocalSigningKey() : undefined,
  };
  cluster.setupPrimary({ exec: path.join(__dirname, `api-worker${path.extname(__filename)}`) });
  const startedAt = new Map<Worker, number>();
  let stopping = false;
  let youngDeaths = 0;

  const start = (): Worker => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    worker.on('message', (message: { type?: string }) => {
      if (message?.type === API_PROCESS_HELLO) worker.send(setup);
    });
    return worker;
  };

  const listening = new Promise<number>((resolve, reject) => {
    let ready = 0;
    const onListening = (_worker: Worker, address: { port: number }) => {
      if (++ready === config.api.processes) {
        cluster.off('listening', onListening);
        cluster.off('exit', onEarlyExit);
        resolve(address.port);
      }
    };
    const onEarlyExit = (worker: Worker, code: number | null, signal: string | null) => {
      cluster.off('listening', onListening);
      cluster.off('exit', onEarlyExit);
      reject(new Error(`API process ${worker.process.pid} exited at start (code ${code}, signal ${signal})`));
    };
    cluster.on('listening', onListening);
    cluster.on('exit', onEarlyExit);
  });
  cluster.on('listening', (worker) => log.info('API process listening', { pid: worker.process.pid }));
  for (let i = 0; i < config.api.processes; i++) start();
  let port: number;
  try {
    port = await listening;
  } catch (err) {
    stopping = true;
    await stopAll(log);
    throw err;
  }

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    youngDeaths = lived < HEALTHY_AFTER_MS ? youngDeaths + 1 : 0;
    const delayMs = youngDeaths ? Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** (youngDeaths - 1)) : 0;
    log.error('API process exited; starting another', {
      pid: worker.process.pid,
      code,
      signal,
      livedMs: lived,
      delayMs,
    });
    setTimeout(() => {
      if (!stopping) start();
    }, delayMs).unref();
  });

  return {
    url: `http://${config.api.host}:${port}`,
    close: async () => {
      stopping = true;
      await stopAll(log);
    },
  };
}

/** SIGTERM to each process (each one drains its requests and exits), SIGKILL for any still up after 30 s. */
async function stopAll(log: Logger): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const timer = setTimeout(() => {
            log.error('API process did not stop in time; killing it', { pid: worker.process.pid });
            worker.process.kill('SIGKILL');
          }, STOP_TIMEOUT_MS);
          worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    ),
  );
}
