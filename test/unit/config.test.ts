import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, durationToMs } from '../../lib/config';
import { SOURCES } from '../../activities/sources/registry';
import { loadConfig } from '../../activities/config';

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

describe('temporal.yaml is checked against the source registry', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-cfg-'));
  const file = path.join(dir, 'temporal.yaml');
  const withSchedules = (...entries: string[]) => {
    writeFileSync(
      file,
      `taskQueues: { ingest: a, transform: b }\nschedules:\n${entries.map((e) => `  - ${e}\n`).join('')}`,
    );
    return () => loadConfig({ GPS_TEMPORAL_YAML: file });
  };

  test("an entry naming only its source takes the descriptor's schedule", () => {
    const config = withSchedules('{ source: rte-regional }')();
    expect(config.temporal.declarations.schedules).toEqual([
      {
        id: 'rte-regional-ingest',
        source: 'rte-regional',
        workflow: 'ingestRteRegional',
        taskQueue: 'a',
        every: '15m',
        overlap: 'SKIP',
        catchupWindow: '1h',
        paused: false,
        note: expect.stringContaining('RTE eCO2mix regional'),
        searchAttributes: { GpsSource: 'rte-regional', GpsLayer: 'gold' },
      },
    ]);
  });

  test('what the file gives overrides the descriptor; a cron replaces the declared interval', () => {
    const [s] = withSchedules(
      '{ source: era5, id: era5-nightly, cron: "0 3 * * *", paused: true, note: n }',
    )().temporal.declarations.schedules;
    expect(s).toMatchObject({ id: 'era5-nightly', cron: '0 3 * * *', paused: true, note: 'n' });
    expect(s?.every).toBeUndefined();
  });

  test.each([
    [
      '{ source: rte-regionl }',
      /schedules\[0\]\.source: "rte-regionl" is not a registered source \(known: rte-regional, /,
    ],
    [
      '{ source: era5, workflow: ingestMaintenance }',
      /schedules\[0\]\.workflow: "ingestMaintenance" is not the workflow of source era5 \(it runs ingestEra5\)/,
    ],
    [
      '{ source: era5, every: 1h, cron: "* * * * *" }',
      /schedules\[0\]: give exactly one of `every` or `cron`/,
    ],
    ['{ source: era5, every: 15 minutes }', /schedules\.0\.every/],
    [
      '{ source: era5, searchAttributes: { GpsSource: maintenance } }',
      /GpsSource: "maintenance" contradicts source era5/,
    ],
  ])('%s stops start-up naming the entry', (entry, message) => {
    const load = withSchedules(entry);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  test('two schedules with one id are refused', () => {
    expect(withSchedules('{ source: era5 }', '{ source: era5 }')).toThrow(
      /schedule ids declared twice: era5-ingest/,
    );
  });

  test('the shipped temporal.yaml resolves, one schedule per registered source', () => {
    const ids = loadConfig({}).temporal.declarations.schedules.map((s) => s.source);
    expect(ids.sort()).toEqual(SOURCES.map((s) => s.id).sort());
  });
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

test('GPS_API_PROCESSES: API processes sharing the port, 1 by default, a whole number from 1 to 64', () => {
  expect(loadConfig({}).api.processes).toBe(1);
  expect(loadConfig({ GPS_API_PROCESSES: '2' }).api.processes).toBe(2);
  for (const value of ['0', '1.5', 'two', '65'])
    expect(() => loadConfig({ GPS_API_PROCESSES: value })).toThrow(/GPS_API_PROCESSES: /);
});

describe('retention days per zone', () => {
  test('defaults: Bronze 90, Silver 730, quarantine 180, audit 400; 0 keeps a zone forever', () => {
    expect(loadConfig({}).retention).toEqual({ bronze: 90, silver: 730, quarantine: 180, audit: 400 });
    expect(loadConfig({ GPS_RETENTION_SILVER_DAYS: '0', GPS_RETENTION_AUDIT_DAYS: '31' }).retention).toEqual({
      bronze: 90,
      silver: 0,
      quarantine: 180,
      audit: 31,
    });
  });

  test.each([
    ['GPS_RETENTION_BRONZE_DAYS', '-1'],
    ['GPS_RETENTION_SILVER_DAYS', '2.5'],
    ['GPS_RETENTION_QUARANTINE_DAYS', 'ninety'],
    ['GPS_RETENTION_AUDIT_DAYS', '40000'],
    ['GPS_RETENTION_BRONZE_DAYS', ''],
  ])('%s=%s stops start-up naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });
});
