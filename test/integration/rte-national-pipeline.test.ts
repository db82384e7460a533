import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { loadFixture } from '../../replay/odre-replay-server';
import type { IngestRteNationalResult } from '../../workflows/ingest-rte-national';
import {
  GPS_LAYER,
  GPS_ROWS,
  GPS_SOURCE,
  GPS_WINDOW_END,
  GPS_WINDOW_START,
} from '../../workflows/search-attributes';
import { startDevServer } from '../helpers/temporal';
import { recordHistoryIfAsked } from '../helpers/histories';
import { startTestPlatform, type TestPlatform } from '../helpers/platform';
import { FailureType } from '../../lib/domain/failure-types';

/** The national feed end to end on the real dev server, from the real capture. */

const fixture = loadFixture('eco2mix-national-tr');

let env: TestWorkflowEnvironment;
let platform: TestPlatform;

beforeAll(async () => {
  env = await startDevServer();
  platform = await startTestPlatform(env, { GPS_RTE_INITIAL_WATERMARK: '2024-12-31T00:00:00Z' });
});

afterAll(async () => {
  await platform?.stop();
  await env?.teardown();
});

function run(workflowId: string): Promise<IngestRteNationalResult> {
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  return env.client.workflow.execute('ingestRteNational', {
    taskQueue: ingest,
    workflowId,
    args: [{ transformTaskQueue: transform }],
  }) as Promise<IngestRteNationalResult>;
}

async function counts() {
  const [flow] = await platform.db('fact_national_flow').count({ n: '*' });
  const [balance] = await platform.db('fact_national_balance').count({ n: '*' });
  return { flow: Number(flow?.n), balance: Number(balance?.n) };
}

test('the capture lands in gold with hand-computed indicators and the taux_co2 cross-check', async () => {
  const result = await run('national-1');
  await recordHistoryIfAsked('ingest-rte-national', env.client.workflow.getHandle('national-1'));
  expect(result).toMatchObject({
    records: 5,
    newBronzeObjects: 1,
    silverRows: 5,
    rejectedRows: 0,
    goldFlowRows: 5 * 11,
    goldBalanceRows: 5,
    days: ['2024-12-31', '2025-01-01'],
    qualityWarnings: ['freshness'], // a 2025 capture is not fresh today; a warning does not block
  });
  expect(await counts()).toEqual({ flow: 55, balance: 5 });

  // One child per UTC day, as for the regional feed, each with its own bookkeeping.
  const parent = await env.client.workflow.getHandle('national-1').describe();
  expect(parent.typedSearchAttributes.get(GPS_SOURCE)).toBe('rte-national');
  expect(parent.typedSearchAttributes.get(GPS_LAYER)).toBe('gold');
  expect(parent.typedSearchAttributes.get(GPS_ROWS)).toBe(60);
  for (const day of result.days) {
    const records = fixture.filter((r) => new Date(String(r.date_heure)).toISOString().startsWith(day));
    const child = await env.client.workflow.getHandle(`national-1/gold/${day}`).describe();
    expect(child.type).toBe('publishEco2mixNationalDay');
    expect(child.status.name).toBe('COMPLETED');
    expect(child.parentExecution?.workflowId).toBe('national-1');
    expect(child.typedSearchAttributes.get(GPS_SOURCE)).toBe('rte-national');
    expect(child.typedSearchAttributes.get(GPS_LAYER)).toBe('gold');
    expect(child.typedSearchAttributes.get(GPS_WINDOW_START)).toEqual(new Date(`${day}T00:00:00Z`));
    expect(child.typedSearchAttributes.get(GPS_WINDOW_END)).toEqual(
      new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000),
    );
    expect(child.typedSearchAttributes.get(GPS_ROWS)).toBe(records.length * 12); // 11 flows + 1 balance
    // Temporal drops a memo field set to an empty list: no failures, no field.
    expect(child.memo).not.toHaveProperty('blockingFailures');
    expect(child.memo?.warnings).toEqual(['freshness']);
    expect(String(child.memo?.summary)).toMatch(
      new RegExp(
        `^${day}: ${records.length * 11} flow \\+ ${records.length} balance rows; gates 8/9 passed$`,
      ),
    );
  }

  const first = await platform
    .db('fact_national_balance')
    .where({ ts_utc: new Date('2024-12-31T23:45:00Z').toISOString() })
    .first();
  // 2024-12-31T23:45Z, computed by hand from the capture:
  // production = gaz 1949 + charbon 0 + fioul 111 + nucleaire 45084 + eolien 11111 + solaire 0
  //            + hydraulique 5230 + bioenergies 914 + destockage_batterie 1 = 64 400 MW
  // emissions  = 1949*490 + 111*650 + 45084*12 + 11111*11 + 5230*24 + 914*230 = 2 026 129 (MW*g/kWh)
  expect(first).toMatchObject({
    date_key: 20250101, // Paris local date: 00:45 on 1 January
    time_key: 45,
    consumption_mw: 61522,
    forecast_d_mw: 62200,
    forecast_d1_mw: 61900,
    production_mw: 64400,
    net_exchange_mw: -470,
    rte_taux_co2_g_per_kwh: 21,
  });
  expect(first.carbon_intensity_g_per_kwh).toBeCloseTo(2_026_129 / 64_400, 9); // 31.46
  expect(first.renewable_share_pct).toBeCloseTo((100 * 17_255) / 64_400, 9); // wind+solar+hydro+bio
  expect(first.low_carbon_share_pct).toBeCloseTo((100 * 61_426) / 64_400, 9); // + nuclear + battery output

  const flows = await platform
    .db('fact_national_flow')
    .where({ ts_utc: first.ts_utc })
    .orderBy('source_code');
  const byCode = Object.fromEntries(flows.map((f) => [f.source_code, f.mw]));
  expect(byCode).toEqual({
    bioenergies: 914,
    charbon: 0,
    destockage_batterie: 1,
    eolien: 11111,
    fioul: 111,
    gaz: 1949,
    hydraulique: 5230,
    nucleaire: 45084,
    pompage: -2390,
    solaire: 0,
    stockage_batterie: -10,
  });

  const checks = await platform
    .db('quality_results')
    .where({ dataset: 'eco2mix_national', gate: 'taux_co2_cross_check' })
    .orderBy('window_start');
  expect(checks.map((c) => c.outcome)).toEqual(['pass', 'pass']);
  expect(Number(checks[0].observed)).toBeCloseTo(2_026_129 / 64_400 - 21, 1);

  // Every field of the capture is in Silver, breakdowns included.
  const bronze = await platform.deps.lake.list('bronze/rte/production/eco2mix-national-tr');
  expect(bronze.filter((k) => k.endsWith('.json') && !k.endsWith('.meta.json'))).toHaveLength(1);
});

test('every field of the capture is in gold: sources, breakdowns, exchanges, balance', async () => {
  const balanceColumn: Record<string, string> = {
    consommation: 'consumption_mw',
    prevision_j: 'forecast_d_mw',
    prevision_j1: 'forecast_d1_mw',
    ech_physiques: 'net_exchange_mw',
    taux_co2: 'rte_taux_co2_g_per_kwh',
  };
  const placed = new Set<string>(['date', 'heure', 'date_heure', 'perimetre']); // keys and dimensions
  for (const record of fixture) {
    const ts = new Date(String(record.date_heure)).toISOString();
    const balance = await platform.db('fact_national_balance').where({ ts_utc: ts }).first();
    const flows = await platform.db('fact_national_flow').where({ ts_utc: ts });
    const breakdown = await platform.db('fact_national_breakdown').where({ ts_utc: ts });
    const exchanges = await platform.db('fact_national_exchange').where({ ts_utc: ts });
    expect(balance.nature).toBe(record.nature);
    placed.add('nature');
    for (const [field, value] of Object.entries(record)) {
      if (placed.has(field) && !(field in balanceColumn)) continue;
      let stored: unknown;
      if (field in balanceColumn) stored = balance[balanceColumn[field] as string];
      else if (field.startsWith('ech_comm_'))
        stored = exchanges.find((e) => e.border_code === field.slice('ech_comm_'.length))?.commercial_mw;
      else if (flows.some((f) => f.source_code === field))
        stored = flows.find((f) => f.source_code === field)?.mw;
      else stored = breakdown.find((b) => b.component_code === field)?.mw;
      expect([field, stored]).toEqual([field, Number(value)]);
      placed.add(field);
    }
  }
  expect(placed.size).toBe(Object.keys(fixture[0] as object).length);
  const detail = await platform
    .db('fact_national_breakdown')
    .where({ ts_utc: '2024-12-31T23:45:00.000Z', component_code: 'gaz_ccg' })
    .first();
  expect(detail).toMatchObject({ source_code: 'gaz', mw: 393 });
});

test('a re-run from scratch duplicates nothing', async () => {
  const before = await counts();
  await platform.db('ingestion_watermark').where({ source: 'rte-national' }).del();
  const again = await run('national-2');
  expect(again).toMatchObject({ records: 5, newBronzeObjects: 0 });
  expect(await counts()).toEqual(before);
});

test('a day failing a blocking gate fails its child and the run; the other day loads, the value stays as published', async () => {
  const [, , , , last] = fixture;
  const watermark = async () =>
    (await platform.db('ingestion_watermark').where({ source: 'rte-national' }).first())?.watermark_utc;
  const before = await watermark();
  // 130 GW passes Silver (a parsing bound of 200 GW) but no French consumption ever came near it.
  const implausible = {
    ...last,
    date: '2025-01-02',
    heure: '01:00',
    date_heure: '2025-01-02T00:00:00+00:00',
    consommation: 130_000,
  };
  const plausible = { ...last, date: '2025-01-03', heure: '01:00', date_heure: '2025-01-03T00:00:00+00:00' };
  platform.replay.publish('eco2mix-national-tr', [implausible, plausible]);

  const failure = await run('national-gate').catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe(FailureType.GoldPublicationFailed);
  expect(cause.message).toMatch(
    /^2025-01-02: blocking quality gates failed for eco2mix_national 2025-01-02: consumption_plausible$/,
  );
  expect(await watermark()).toBe(before);

  const failed = await env.client.workflow.getHandle('national-gate/gold/2025-01-02').describe();
  expect(failed.status.name).toBe('FAILED');
  expect(failed.memo).toMatchObject({ blockingFailures: ['consumption_plausible'] });
  const passed = await env.client.workflow.getHandle('national-gate/gold/2025-01-03').describe();
  expect(passed.status.name).toBe('COMPLETED');

  // The gate flags, it does not correct: Gold holds what RTE published, for a human to judge.
  const flagged = await platform
    .db('fact_national_balance')
    .where({ ts_utc: '2025-01-02T00:00:00.000Z' })
    .first();
  expect(flagged.consumption_mw).toBe(130_000);
  expect(
    await platform.db('fact_national_balance').where({ ts_utc: '2025-01-03T00:00:00.000Z' }).first(),
  ).toMatchObject({ consumption_mw: last!.consommation });
  const check = await platform
    .db('quality_results')
    .where({
      dataset: 'eco2mix_national',
      gate: 'consumption_plausible',
      workflow_id: 'national-gate/gold/2025-01-02',
    })
    .first();
  expect(check).toMatchObject({ outcome: 'fail', severity: 'blocking', observed: 1 });
  const alert = await platform
    .db('ingestion_audit')
    .where({ workflow_id: 'national-gate/gold/2025-01-02', step: 'quality:consumption_plausible' })
    .first();
  expect(alert).toMatchObject({ status: 'alert', source: 'eco2mix_national' });
});

test('a renamed field is schema drift: no retry, a clear message, the page kept in Bronze', async () => {
  const before = await counts();
  const [, , , , last] = fixture;
  const drifted: Record<string, unknown> = {
    ...last,
    date_heure: '2025-01-01T03:00:00+00:00',
    heure: '04:00',
  };
  drifted.taux_co2_g = drifted.taux_co2;
  delete drifted.taux_co2;
  platform.replay.publish('eco2mix-national-tr', [drifted]);
  const pagesBefore = (await platform.deps.lake.list('bronze/rte/production/eco2mix-national-tr')).length;

  const failure = await run('national-drift').catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  const activityFailure = (failure as WorkflowFailedError).cause?.cause as Error | undefined;
  expect(activityFailure?.message).toMatch(
    /schema drift in eco2mix-national-tr: record \d+ of .* has no "taux_co2".*page kept in Bronze at bronze\/rte\/production\/eco2mix-national-tr\//,
  );
  const events = await platform.db('ingestion_audit').where({ workflow_id: 'national-drift' }).orderBy('id');
  expect(events.map((e) => `${e.step}:${e.status}:${e.attempt}`)).toEqual([
    'to-bronze:started:1',
    'to-bronze:failed:1',
  ]);
  expect(events[1].error).toMatch(new RegExp(`^${FailureType.SchemaViolation}: `));
  const pages = await platform.deps.lake.list('bronze/rte/production/eco2mix-national-tr');
  expect(pages.length).toBeGreaterThan(pagesBefore); // the drifted page and its metadata are kept
  const kept = pages.filter((k) => !k.endsWith('.meta.json') && !k.includes('_by_sha256'));
  const bodies = await Promise.all(kept.map(async (k) => (await platform.deps.lake.get(k)).toString('utf8')));
  expect(bodies.some((b) => b.includes('"taux_co2_g"'))).toBe(true);
  expect(await counts()).toEqual(before);
});
