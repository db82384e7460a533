import type { Knex } from 'knex';
import path from 'node:path';
import { evaluateAlertWindow } from '../../activities/alerts';
import { readAlertRules } from '../../activities/alerts/rules-config';
import { migrateToLatest } from '../../db/prepare';
import { memoryDb } from '../helpers/memory-db';

/**
 * The evaluation over a migrated SQLite Gold: rows read back from fact_regional_balance and
 * fact_energy_flow, the rules, the store. An over-production episode opens one alert, its
 * continuation in the next window updates it, and it resolves once the surplus is gone.
 */
const RULES = readAlertRules(path.join(__dirname, '../../alerts.yaml'));
const rules = { ...RULES, overProduction: { ...RULES.overProduction, minBaselineSamples: 0 } };
const QH = 15 * 60_000;
const T0 = Date.parse('2026-06-16T20:00:00.000Z'); // a Tuesday evening: no negative-price signs
const at = (qh: number): string => new Date(T0 + qh * QH).toISOString();
const origin = { workflowId: 'alerts-test', runId: 'r', workflowType: 'evaluateAlerts', attempt: 1 };

let db: Knex;
beforeEach(async () => {
  db = memoryDb();
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
});

async function load(
  region: string,
  from: number,
  to: number,
  productionOf: (qh: number) => number,
): Promise<void> {
  const loadedAt = new Date().toISOString();
  for (let q = from; q < to; q++) {
    const production = productionOf(q);
    await db('fact_regional_balance').insert({
      region_code: region,
      ts_utc: at(q),
      date_key: 20260616,
      time_key: 0,
      consumption_mw: 1000,
      production_mw: production,
      net_exchange_mw: 1000 - production,
      loaded_at: loadedAt,
    });
    for (const [source, mw] of [
      ['nucleaire', 0],
      ['eolien', 100],
      ['solaire', 0],
    ] as const)
      await db('fact_energy_flow').insert({
        region_code: region,
        source_code: source,
        ts_utc: at(q),
        date_key: 20260616,
        time_key: 0,
        mw,
        loaded_at: loadedAt,
      });
  }
}

test('one alert per episode across ingestion cycles: opened with its evidence, updated, resolved', async () => {
  const evaluate = (from: number, to: number, now: number) =>
    evaluateAlertWindow(db, rules, { from: at(from), to: at(to) }, origin, at(now));
  // Cycle 1: quarter-hours 0..7 published, surplus from 4.
  await load('52', 0, 8, (q) => (q >= 4 ? 1500 : 1000));
  const first = await evaluate(0, 8, 8);
  expect(first.transitions.map((t) => [t.event, t.regionCode, t.kind])).toEqual([
    ['open', '52', 'OVER_PRODUCTION'],
  ]);
  expect(first.kinds).toEqual(['OVER_PRODUCTION']);
  const [alert] = await db('alerts');
  expect(alert).toMatchObject({ status: 'open', severity: 'medium', region_code: '52' }); // margin 0.3 ≥ 0.25
  const evidence = JSON.parse(alert.evidence);
  expect(evidence).toMatchObject({
    rule: 'OVER_PRODUCTION',
    quarterHours: 4,
    peak: { ratio: 1.5, absolute: { threshold: 1.2, fired: true } },
  });

  // Cycle 2: the surplus goes on and grows.
  await load('52', 8, 12, () => 2100);
  const second = await evaluate(8, 12, 12);
  expect(second.transitions.map((t) => [t.event, t.alertId, t.severity])).toEqual([
    ['update', alert.id, 'high'],
  ]);

  // Cycle 3: four balanced quarter-hours: resolved; nothing opened.
  await load('52', 12, 16, () => 1000);
  const third = await evaluate(12, 16, 16);
  expect(third.transitions.map((t) => [t.event, t.alertId])).toEqual([['resolve', alert.id]]);
  expect(await db('alerts')).toHaveLength(1);
  expect((await db('ingestion_audit').where({ source: 'alerts' }).orderBy('id')).map((r) => r.step)).toEqual([
    'alert-open',
    'alert-update',
    'alert-resolve',
  ]);
  expect(third.priceRows).toBe(0);
});

test('without fact_day_ahead_price, the price component says not available', async () => {
  // Sunday 2026-06-14 at noon, Paris: wind and solar cover consumption, the region exports.
  const sunday = Date.parse('2026-06-14T10:00:00.000Z');
  for (let q = 0; q < 4; q++) {
    const ts = new Date(sunday + q * QH).toISOString();
    await db('fact_regional_balance').insert({
      region_code: '11',
      ts_utc: ts,
      date_key: 20260614,
      time_key: 0,
      consumption_mw: 1000,
      production_mw: 1100,
      net_exchange_mw: -300,
      loaded_at: ts,
    });
    for (const [source, mw] of [
      ['nucleaire', 0],
      ['eolien', 500],
      ['solaire', 500],
    ] as const)
      await db('fact_energy_flow').insert({
        region_code: '11',
        source_code: source,
        ts_utc: ts,
        date_key: 20260614,
        time_key: 0,
        mw,
        loaded_at: ts,
      });
  }
  const out = await evaluateAlertWindow(
    db,
    rules,
    { from: new Date(sunday).toISOString(), to: new Date(sunday + 4 * QH).toISOString() },
    origin,
    new Date(sunday + 4 * QH).toISOString(),
  );
  expect(out.transitions.map((t) => [t.kind, t.regionCode])).toEqual([
    ['NEGATIVE_PRICE_RISK', null],
    ['NEGATIVE_PRICE_RISK', '11'],
  ]);
  const national = await db('alerts').whereNull('region_code').first();
  expect(JSON.parse(national.evidence).peak.components.dayAheadPrice).toMatchObject({
    available: false,
    note: 'not available: fact_day_ahead_price absent or empty',
  });
});
