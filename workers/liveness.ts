import { statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The worker serves no HTTP, so its liveness is a file it rewrites from its event loop. A loop
 * blocked past the threshold has also missed its activity heartbeats (timeouts of tens of
 * seconds): the process no longer does its job, and the image's HEALTHCHECK reports it.
 */
export const WORKER_LIVENESS_FILE = path.join(os.tmpdir(), 'gps-worker.alive');
const TOUCH_EVERY_MS = 10_000;
export const LIVENESS_STALE_MS = 60_000;

/** Rewrites the file until the returned function is called; never keeps the process alive. */
export function keepLivenessFile(file: string = WORKER_LIVENESS_FILE): () => void {
  const touch = () => writeFileSync(file, `${new Date().toISOString()}\n`);
  touch();
  const timer = setInterval(touch, TOUCH_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Why the worker is not alive, or undefined when it is. */
export function workerNotAlive(file: string = WORKER_LIVENESS_FILE, now = Date.now()): string | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return `${file} is missing: the worker has not started its task queues`;
  }
  const age = now - mtimeMs;
  return age > LIVENESS_STALE_MS
    ? `${file} is ${Math.round(age / 1000)} s old: the event loop is stuck`
    : undefined;
}
