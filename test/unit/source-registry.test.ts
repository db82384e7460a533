import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as workflows from '../../workflows';
import { createIngestActivities, createTransformActivities, type ActivityDeps } from '../../activities';
import { loadConfig } from '../../activities/config';
import { SOURCES } from '../../activities/sources/registry';
import { createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';

/**
 * The registry is what configuration, workers and start-up read: these are the promises a
 * descriptor makes (docs/adding-a-source.md), checked for every source at once.
 */

const deps = {
  config: loadConfig({ GPS_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gps-reg-')) }),
} as ActivityDeps;

test('source ids are unique kebab-case names', () => {
  const ids = SOURCES.map((s) => s.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
});

test.each(SOURCES.map((s) => [s.id, s] as const))(
  '%s: its workflows are exported by the bundle',
  (_id, source) => {
    for (const name of [source.workflow, ...(source.otherWorkflows ?? [])]) {
      expect(typeof (workflows as Record<string, unknown>)[name]).toBe('function');
    }
  },
);

test.each(SOURCES.map((s) => [s.id, s] as const))(
  '%s: activity names follow <source>ToBronze, <dataset>ToSilver, <dataset>ToGold, check<Dataset>Gates',
  (_id, source) => {
    const names = [
      ...Object.keys(source.activities.ingest?.(deps) ?? {}),
      ...Object.keys(source.activities.transform?.(deps) ?? {}),
    ];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name).toMatch(
        /^([a-z][a-zA-Z0-9]*To(Bronze|Silver|Gold)|check[A-Z][a-zA-Z0-9]*Gates|probe[A-Z][a-zA-Z0-9]*)$/,
      );
    }
  },
);

test('the task queues register every source activity once', () => {
  const ingest = Object.keys(createIngestActivities(deps));
  const transform = Object.keys(createTransformActivities(deps));
  for (const source of SOURCES) {
    for (const name of Object.keys(source.activities.ingest?.(deps) ?? {})) expect(ingest).toContain(name);
    for (const name of Object.keys(source.activities.transform?.(deps) ?? {}))
      expect(transform).toContain(name);
  }
  expect(ingest.filter((n) => transform.includes(n))).toEqual([]);
});

test.each(SOURCES.map((s) => [s.id, s] as const))(
  '%s: a README in its folder links the upstream documentation',
  (id, source) => {
    const readme = path.join(__dirname, '../../activities/sources', id, 'README.md');
    expect(existsSync(readme)).toBe(true);
    const text = readFileSync(readme, 'utf8');
    expect(source.upstream.length).toBeGreaterThan(0);
    for (const url of source.upstream) expect(text).toContain(url);
  },
);

test('every dataset is declared once, with uniquely named gates, on tables the migrations create', async () => {
  const datasets = SOURCES.flatMap((s) => s.datasets);
  const names = datasets.map((d) => d.name);
  expect(new Set(names).size).toBe(names.length);
  const db = createWriterDb({ client: 'sqlite', file: path.join(deps.config.dataDir, 'gold.sqlite') });
  try {
    await prepareGoldDatabase(db, { client: 'sqlite', file: '' });
    for (const dataset of datasets) {
      const gates = dataset.gates.map((g) => g.name);
      expect(new Set(gates).size).toBe(gates.length);
      for (const table of dataset.goldTables) {
        expect([dataset.name, table, await db.schema.hasTable(table)]).toEqual([dataset.name, table, true]);
      }
    }
  } finally {
    await db.destroy();
  }
});
