import { mkdtempSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepLivenessFile, LIVENESS_STALE_MS, workerNotAlive } from '../../workers/liveness';

const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gps-liveness-')), 'worker.alive');

test('a worker that never started its queues, a fresh file and a stale one', () => {
  expect(workerNotAlive(file)).toMatch(/missing: the worker has not started/);
  const stop = keepLivenessFile(file);
  stop();
  expect(workerNotAlive(file)).toBeUndefined();
  const old = (Date.now() - LIVENESS_STALE_MS - 5_000) / 1000;
  utimesSync(file, old, old);
  expect(workerNotAlive(file)).toMatch(/is 65 s old: the event loop is stuck/);
});
