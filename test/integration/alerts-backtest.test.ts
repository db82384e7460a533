import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import knex, { type Knex } from 'knex';
import { type BacktestRow, runAlertBacktest } from '../../activities/alerts/backtest';
import { readAlertRules } from '../../activities/alerts/rules-config';
import { migrateToLatest } from '../../db/prepare';
import { loadPlantedHistory } from '../helpers/planted-alert-history';

/**
 * The backtest on a migrated SQLite Gold holding a PLANTED history (test/helpers/
 * planted-alert-history.ts), with the rules of alerts.yaml as shipped. Every expected figure is
 * worked out by hand from the plan below; the CLI is then run end to end on the same file.
 */
const ROOT = path.join(__dirname, '../..');
const RULES = readAlertRules(path.join(ROOT, 'alerts.yaml'));
const RANGE = { from: '2026-06-01T00:00:00.000Z', to: '2026-06-13T00:00:00.000Z' };

let dir: string;
let file: string;
let db: Knex;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-alerts-backtest-'));
  file = path.join(dir, 'gold.sqlite');
  db = knex({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
  await migrateToLatest(db);
  await loadPlantedHistory(db);
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const line = (rows: BacktestRow[], kind: string, subject: string, signal = 'deployed') =>
  rows.find((r) => r.kind === kind && r.subject === subject && r.signal === signal);

test('the planted episodes, counted and scored against the planted negative hours', async () => {
  const progress: number[] = [];
  const { outcome, rows } = await runAlertBacktest(db, RULES, RANGE, {
    onProgress: (p) => progress.push(p.daysDone),
  });
  expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // one chunk per day
  expect(outcome.regionalRows).toBe(12 * 96 * 2);
  expect(rows.map((r) => [r.kind, r.subject, r.signal])).toEqual([
    ['OVER_PRODUCTION', '11', 'deployed'],
    ['OVER_PRODUCTION', '52', 'deployed'],
    ['NEGATIVE_PRICE_RISK', 'FR', 'deployed'],
    ['NEGATIVE_PRICE_RISK', 'FR', 'physical-only'],
    ['NEGATIVE_PRICE_RISK', '11', 'deployed'],
    ['NEGATIVE_PRICE_RISK', '52', 'deployed'],
  ]);

  // Over-production: region 11's 12 quarter-hours at ratio 1.5 (> 1.2 and > its p95 of 1.0 over
  // 28 days × 4 = 112 baseline ratios) are one episode; the 3-quarter-hour spike is too short.
  expect(line(rows, 'OVER_PRODUCTION', '11')).toMatchObject({
    episodes: 1,
    quarterHoursFlagged: 12,
    score: null,
  });
  expect(line(rows, 'OVER_PRODUCTION', '52')).toMatchObject({ episodes: 0, quarterHoursFlagged: 0 });

  // Deployed negative-price risk (prices in the rule): episodes Saturday 10:00–14:00 (16 qh),
  // Sunday's two runs merged by the lifecycle (2 clear qh < 4: one alert, 4 + 4 qh), and
  // Tuesday 12:00–13:00 (the price ≤ 0 fires the rule by itself: 4 qh) = 3 episodes, 28 qh.
  // Predicted hours: Sat 10, 11, 12, 13 + Sun 10, 11, 12 + Tue 12 = 8 of 12 × 24 = 288 priced.
  // Negative hours: Sat 12, 13, Tue 12 = 3, all predicted: precision 3/8, recall 3/3.
  // Negative-price episodes: Sat 12:00–14:00 and Tue 12:00–13:00 = 2, both overlapped.
  // Lead: Sat 12:00 − (10:00 + 4 qh = 11:00) = +60 min; Tue 12:00 − (12:00 + 4 qh) = −60 min
  // (late: the rule needs an hour of ≤ 0 prices). Median of (−60, 60) = 0, min −60; warned 1.
  expect(line(rows, 'NEGATIVE_PRICE_RISK', 'FR')).toEqual({
    kind: 'NEGATIVE_PRICE_RISK',
    subject: 'FR',
    signal: 'deployed',
    episodes: 3,
    quarterHoursFlagged: 28,
    score: {
      hoursPriced: 288,
      negativeHours: 3,
      predictedHours: 8,
      hits: 3,
      precision: 3 / 8,
      recall: 1,
      negativeEpisodes: 2,
      detectedEpisodes: 2,
      warnedEpisodes: 1,
      leadMedianMinutes: 0,
      leadMinMinutes: -60,
    },
  });

  // Physical only (prices hidden from the rule): Saturday and Sunday, 2 episodes, 16 + 8 = 24 qh.
  // Predicted 4 + 3 = 7 hours, hits Sat 12 and 13 = 2: precision 2/7, recall 2/3. Tuesday's
  // negative hour had no physical sign: 1 of 2 episodes detected, warned 60 min ahead.
  expect(line(rows, 'NEGATIVE_PRICE_RISK', 'FR', 'physical-only')).toMatchObject({
    episodes: 2,
    quarterHoursFlagged: 24,
    score: {
      hoursPriced: 288,
      negativeHours: 3,
      predictedHours: 7,
      hits: 2,
      precision: 2 / 7,
      recall: 2 / 3,
      negativeEpisodes: 2,
      detectedEpisodes: 1,
      warnedEpisodes: 1,
      leadMedianMinutes: 60,
      leadMinMinutes: 60,
    },
  });

  // Each region had the same signs and the same prices as the nation: the same 3 episodes and
  // 28 qh; regions are counted, not scored (the price is the zone's).
  for (const region of ['11', '52'])
    expect(line(rows, 'NEGATIVE_PRICE_RISK', region)).toMatchObject({
      episodes: 3,
      quarterHoursFlagged: 28,
      score: null,
    });

  // A dry run: nothing was written.
  expect(await db('alerts')).toHaveLength(0);
  expect(await db('alert_transitions')).toHaveLength(0);
});

test('chunk boundaries inside the episodes change nothing', async () => {
  // A range starting at 12:00 UTC puts every chunk boundary at midday: through the Saturday run,
  // and inside Sunday's second run (11:30–12:30), which the chunk ending at 12:00 sees as 2
  // quarter-hours, too short, hence clear: the alert must not resolve on them (episodes 4).
  const shifted = await runAlertBacktest(db, RULES, {
    from: '2026-06-01T12:00:00.000Z',
    to: '2026-06-12T12:00:00.000Z',
  });
  const national = line(shifted.rows, 'NEGATIVE_PRICE_RISK', 'FR');
  expect(national).toMatchObject({ episodes: 3, quarterHoursFlagged: 28 });
  expect(national?.score).toMatchObject({ predictedHours: 8, hits: 3, leadMinMinutes: -60 });
});

test('the command prints the table and writes the same cells as CSV', async () => {
  const csv = path.join(dir, 'out', 'backtest.csv');
  const { stdout } = await promisify(execFile)(
    'npx',
    ['tsx', 'workers/alerts-backtest.ts', '2026-06-01', '2026-06-13', '--csv', csv],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        GPS_DB_FILE: file,
        GPS_DATA_DIR: dir,
        GPS_ALERTS_YAML: path.join(ROOT, 'alerts.yaml'),
      },
      timeout: 60_000,
    },
  );
  const cells = parseCsv(readFileSync(csv, 'utf8')) as string[][];
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith('kind'));
  const table = lines.slice(header, header + cells.length).map((l) => l.trim().split(/\s+/));
  // No cell holds a space, and empty cells leave no token: the table's tokens are the CSV's
  // non-empty cells, line by line.
  expect(table).toEqual(cells.map((row) => row.filter((c) => c !== '')));
  expect(cells[0]).toEqual([
    'kind',
    'subject',
    'signal',
    'episodes',
    'qh_flagged',
    'hours_priced',
    'negative_hours',
    'predicted_hours',
    'hits',
    'precision',
    'recall',
    'negative_episodes',
    'detected',
    'warned_by_start',
    'lead_median_min',
    'lead_min_min',
  ]);
  expect(cells).toContainEqual([
    'NEGATIVE_PRICE_RISK',
    'FR',
    'deployed',
    '3',
    '28',
    '288',
    '3',
    '8',
    '3',
    '0.375',
    '1.000',
    '2',
    '2',
    '1',
    '0',
    '-60',
  ]);
  expect(cells).toContainEqual(['OVER_PRODUCTION', '11', 'deployed', '1', '12', ...Array(11).fill('')]);
  expect(stdout).toContain(`csv: ${csv}`);
  expect(stdout).toContain('12 days, 2304 regional rows, 288 priced hours');
});

test('bad arguments exit 2 with the reason', async () => {
  const run = (...args: string[]) =>
    promisify(execFile)('npx', ['tsx', 'workers/alerts-backtest.ts', ...args], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
  expect(await run('2026-06-13', '2026-06-01')).toEqual({
    code: 2,
    stderr: 'from 2026-06-13 must be before to 2026-06-01 (exclusive)\n',
  });
  expect((await run('2026-02-30', '2026-03-01')).stderr).toMatch(
    /^from "2026-02-30" is not a date YYYY-MM-DD/,
  );
  expect((await run('2023-01-01', '2025-06-01')).stderr).toMatch(/^882 days .* at most 731/);
});
