import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, durationToMs } from '../../lib/config';

test('embedded defaults: local lake and SQLite under the data dir, live ODRE, local auth', () => {
  const config = loadConfig({ GPS_DATA_DIR: '/tmp/gps-x' });
  expect(config.lake).toEqual({ backend: 'local', root: '/tmp/gps-x/lake' });
  expect(config.db).toEqual({ client: 'sqlite', file: '/tmp/gps-x/gold.sqlite' });
  expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', embedded: true });
  expect(config.rte).toMatchObject({
    mode: 'live',
    baseUrl: 'https://odre.opendatasoft.com/api/explore/v2.1',
    initialWatermark: undefined,
  });
  expect(config.auth).toEqual({ mode: 'local' });
  const ids = config.temporal.declarations.schedules.map((s) => s.id);
  expect(ids).toEqual(expect.arrayContaining(['rte-regional-ingest', 'rte-national-ingest']));
  expect(new Set(ids).size).toBe(ids.length);
});

test('replay mode points at the local replay server and starts before the recordings', () => {
  const config = loadConfig({ GPS_RTE_MODE: 'replay', GPS_REPLAY_PORT: '4999' });
  expect(config.rte.baseUrl).toBe('http://127.0.0.1:4999/api/explore/v2.1');
  expect(config.rte.initialWatermark).toBe('2025-01-01T00:00:00Z');
});

test.each([
  [{ GPS_API_PORT: 'eighty' }, /GPS_API_PORT/],
  [{ GPS_RTE_MODE: 'recorded' }, /GPS_RTE_MODE/],
  [{ GPS_RTE_INITIAL_WATERMARK: '2025-02-20' }, /GPS_RTE_INITIAL_WATERMARK/],
  [{ GPS_DB_CLIENT: 'pg' }, /GPS_DB_URL is required/],
  [{ GPS_DB_CLIENT: 'pg', GPS_DB_URL: 'postgres://w@localhost/gold' }, /GPS_DB_READER_URL is required/],
  [{ GPS_AUTH_MODE: 'azure', AZURE_TENANT_ID: 'tenant' }, /AZURE_API_AUDIENCE is required/],
  [{ NODE_ENV: 'production' }, /GPS_AUTH_MODE=local is refused/],
  [{ GPS_TEMPORAL_YAML: '/nonexistent/temporal.yaml' }, /cannot read \/nonexistent\/temporal.yaml/],
])('a wrong value stops start-up naming the variable: %o', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test('temporal.yaml is validated too', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-cfg-'));
  const file = path.join(dir, 'temporal.yaml');
  writeFileSync(
    file,
    'taskQueues: { ingest: a, transform: b }\nschedules:\n  - { id: x, workflow: w, taskQueue: a, every: 15m, cron: "* * * * *", overlap: SKIP, catchupWindow: 1h }\n',
  );
  expect(() => loadConfig({ GPS_TEMPORAL_YAML: file })).toThrow(
    /schedules.0: give exactly one of `every` or `cron`/,
  );
  writeFileSync(
    file,
    'taskQueues: { ingest: a, transform: b }\nschedules:\n  - { id: x, workflow: w, taskQueue: a, every: 15 minutes, overlap: SKIP, catchupWindow: 1h }\n',
  );
  expect(() => loadConfig({ GPS_TEMPORAL_YAML: file })).toThrow(/schedules.0.every/);
});

test('durations', () => {
  expect(durationToMs('15m')).toBe(900_000);
  expect(durationToMs('1d')).toBe(86_400_000);
  expect(() => durationToMs('15')).toThrow(ConfigError);
});

test('GPS_WORKER_QUEUES picks the task queues a process serves', () => {
  expect(loadConfig({}).workerQueues).toEqual(['ingest', 'transform']);
  expect(loadConfig({ GPS_WORKER_QUEUES: 'transform' }).workerQueues).toEqual(['transform']);
  expect(loadConfig({ GPS_WORKER_QUEUES: ' ingest , ingest' }).workerQueues).toEqual(['ingest']);
  expect(() => loadConfig({ GPS_WORKER_QUEUES: 'ingest,polars' })).toThrow(/GPS_WORKER_QUEUES/);
});
