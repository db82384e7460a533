import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { cleanEco2mixRegional, mergeIntoSilver } from '../../activities/sources/rte-regional/silver';
import { loadEco2mixRegionalDays } from '../../activities/sources/rte-regional/gold';
import { ECO2MIX_REGIONAL_GATES } from '../../activities/sources/rte-regional/gates';
import { refreshHourlyEnergy } from '../../activities/sources/rte-regional/rollups';
import { dayWindow } from '../../activities/quality';
import { cleanEco2mixNational } from '../../activities/sources/rte-national/silver';
import { loadEco2mixNationalDays } from '../../activities/sources/rte-national/gold';
import type { Config } from '../../activities/config';
import { createReaderDb, createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';
import { LocalLake } from '../../lib/lake/local-lake';
import { loadFixture } from '../../replay/odre-replay-server';
import {
  dailyEnergy,
  hourlyEnergy,
  regionalBalance,
  regionalProduction,
  weather,
} from '../../graphql/gold-queries';
import { WEATHER_UPSERT } from '../../activities/sources/era5/weather';
import { bulkUpsert, upsertColumns, type UpsertSpec } from '../../lib/upsert';
import { refusal } from '../helpers/refusal';
import { hourlyRollupRows } from '../helpers/rollups';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres';

/**
 * One gold suite, two real databases: the embedded SQLite file and a PostgreSQL server started
 * for the test. Expected values are computed by hand from the capture, not by the code under test.
 */

const fixture = loadFixture('eco2mix-regional-tr');
const at = (iso: string) => new Date(iso).getTime();

interface Dialect {
  name: string;
  config: Config['db'];
  stop(): Promise<void>;
}

async function sqliteDialect(): Promise<Dialect> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-gold-'));
  return {
    name: 'sqlite',
    config: { client: 'sqlite', file: path.join(dir, 'gold.sqlite') },
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresDialect(): Promise<Dialect> {
  const pg: TestPostgres = await startTestPostgres();
  return {
    name: 'pg',
    config: { client: 'pg', writerUrl: pg.writerUrl, readerUrl: pg.readerUrl },
    stop: pg.stop,
  };
}

describe.each([
  ['SQLite', sqliteDialect],
  ['PostgreSQL', postgresDialect],
])('gold on %s', (_name, makeDialect) => {
  let dialect: Dialect;
  let writer: Knex;
  let reader: Knex;
  let lakeDir: string;

  async function load(records: Record<string, unknown>[]) {
    const lake = new LocalLake(lakeDir);
    const { clean, rejected } = cleanEco2mixRegional(
      records,
      records.map(() => 'test'),
    );
    const days = await mergeIntoSilver(lake, clean);
    return { rejected: rejected.height, gold: await loadEco2mixRegionalDays(writer, [clean], days) };
  }

  const snapshot = async (table: string, order: string[]) => writer(table).select('*').orderBy(order);

  beforeAll(async () => {
    dialect = await makeDialect();
    lakeDir = mkdtempSync(path.join(os.tmpdir(), 'gps-gold-lake-'));
    writer = createWriterDb(dialect.config);
    await prepareGoldDatabase(writer, dialect.config);
    reader = createReaderDb(dialect.config);
  });

  afterAll(async () => {
    await reader?.destroy();
    await writer?.destroy();
    await dialect?.stop();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  test('the real capture lands with hand-computed values', async () => {
    const { gold } = await load(fixture);
    expect(gold).toMatchObject({ energyFlowRows: 45, balanceRows: 5, regions: ['75'] });

    const balance = await regionalBalance(reader, '75', {
      from: new Date('2025-02-20T09:30:00Z'),
      to: new Date('2025-02-20T09:45:00Z'),
    });
    expect(balance).toEqual([
      expect.objectContaining({
        regionCode: '75',
        timestamp: new Date('2025-02-20T09:30:00Z'),
        consumptionMw: 5032,
        productionMw: 9196,
        netExchangeMw: -4166,
      }),
    ]);
    const row = await writer('fact_regional_balance').where({ region_code: '75' }).orderBy('ts_utc').first();
    // 103 thermal x 490 + 5800 nuclear x 12 + 576 wind x 11 + 2006 solar x 48 + 682 hydro x 24 + 29 bio x 230 = 245 732 g/h over 9196 MW
    expect(row.carbon_intensity_g_per_kwh).toBeCloseTo(245_732 / 9196, 9);
    expect(row.renewable_share_pct).toBeCloseTo((100 * (576 + 2006 + 682 + 29)) / 9196, 9);
    expect(row.low_carbon_share_pct).toBeCloseTo((100 * (5800 + 576 + 2006 + 682 + 0)) / 9196, 9);
    expect([row.date_key, row.time_key]).toEqual([20250220, 630]); // 10:30 in Paris

    const nuclear = await regionalProduction(
      reader,
      '75',
      { from: new Date('2025-02-20T00:00:00Z'), to: new Date('2025-02-21T00:00:00Z') },
      'nucleaire',
    );
    expect(nuclear.map((p) => [p.timestamp.toISOString(), p.mw, p.coverageRatePct, p.loadFactorPct])).toEqual(
      [
        ['2025-02-20T09:30:00.000Z', 5800, 115.26, 87.48],
        ['2025-02-20T09:45:00.000Z', 5792, 118.35, 87.36],
        ['2025-02-20T10:45:00.000Z', 5793, 123.89, 87.38],
        ['2025-02-20T11:45:00.000Z', 5784, 125.79, 87.24],
        ['2025-02-20T12:30:00.000Z', 5782, 130.46, 87.21],
      ],
    );
  });

  test('a repeated load changes nothing, not even loaded_at', async () => {
    const flows = await snapshot('fact_energy_flow', ['region_code', 'source_code', 'ts_utc']);
    const balances = await snapshot('fact_regional_balance', ['region_code', 'ts_utc']);
    await load(fixture);
    expect(await snapshot('fact_energy_flow', ['region_code', 'source_code', 'ts_utc'])).toEqual(flows);
    expect(await snapshot('fact_regional_balance', ['region_code', 'ts_utc'])).toEqual(balances);
  });

  test('a corrected publication updates that row only; a region missing from a batch keeps its rows', async () => {
    const before = await snapshot('fact_energy_flow', ['region_code', 'source_code', 'ts_utc']);
    await load([
      { ...fixture[0], eolien: 600, code_insee_region: '75' },
      { ...fixture[0], code_insee_region: '53', libelle_region: 'Bretagne' },
    ]);
    const after = await snapshot('fact_energy_flow', ['region_code', 'source_code', 'ts_utc']);
    const changed = after.filter((a) => {
      const b = before.find(
        (x) =>
          x.region_code === a.region_code && x.source_code === a.source_code && at(x.ts_utc) === at(a.ts_utc),
      );
      return !b || JSON.stringify(b) !== JSON.stringify(a);
    });
    expect(changed.filter((r) => r.region_code === '75').map((r) => [r.source_code, r.mw])).toEqual([
      ['eolien', 600],
    ]);
    expect(changed.filter((r) => r.region_code === '53')).toHaveLength(9);
    expect(after.filter((r) => r.region_code === '75')).toHaveLength(45);
  });

  test('the autumn DST night keeps both 02:30 quarter-hours; negative pumping is kept and not production', async () => {
    await load([
      { ...fixture[0], date_heure: '2024-10-27T02:30:00+02:00', pompage: '-850' },
      { ...fixture[0], date_heure: '2024-10-27T02:30:00+01:00', pompage: -900 },
    ]);
    const rows = await writer('fact_energy_flow')
      .where({ region_code: '75', source_code: 'pompage', date_key: 20241027 })
      .orderBy('ts_utc');
    expect(rows.map((r) => [new Date(r.ts_utc).toISOString(), r.time_key, r.mw])).toEqual([
      ['2024-10-27T00:30:00.000Z', 150, -850],
      ['2024-10-27T01:30:00.000Z', 150, -900],
    ]);
    const balance = await writer('fact_regional_balance')
      .where({ region_code: '75', date_key: 20241027 })
      .first();
    expect(balance.production_mw).toBe(9196);
  });

  test('the daily rollup follows every load, corrections included', async () => {
    const days = await dailyEnergy(reader, '75', '2025-02-20', '2025-02-20');
    const wind = days.find((d) => d.sourceCode === 'eolien');
    // fixture wind 576, 531, 354, 307, 254 MW; the correction test replaced 576 by 600
    expect(wind).toEqual({
      regionCode: '75',
      date: '2025-02-20',
      sourceCode: 'eolien',
      energyMwh: (600 + 531 + 354 + 307 + 254) * 0.25,
      avgMw: (600 + 531 + 354 + 307 + 254) / 5,
      maxMw: 600,
      quarterHours: 5,
    });
    expect(days.find((d) => d.sourceCode === 'nucleaire')?.energyMwh).toBe(
      (5800 + 5792 + 5793 + 5784 + 5782) * 0.25,
    );
    expect(days).toHaveLength(9);
    expect(await refusal(dailyEnergy(reader, '75', '2025-02-21', '2025-02-20'))).toMatch(/must not be after/);
  });

  test('the hourly rollup sums the quarter-hours of each UTC hour, corrections included', async () => {
    const hours = await hourlyEnergy(reader, '75', {
      from: new Date('2025-02-20T09:00:00Z'),
      to: new Date('2025-02-20T11:00:00Z'),
    });
    const wind = hours.filter((h) => h.sourceCode === 'eolien');
    // 09:30 wind 576 corrected to 600, 09:45 531; 10:45 354
    expect(wind).toEqual([
      {
        regionCode: '75',
        hour: new Date('2025-02-20T09:00:00Z'),
        sourceCode: 'eolien',
        energyMwh: (600 + 531) * 0.25,
        avgMw: (600 + 531) / 2,
        maxMw: 600,
        quarterHours: 2,
      },
      {
        regionCode: '75',
        hour: new Date('2025-02-20T10:00:00Z'),
        sourceCode: 'eolien',
        energyMwh: 354 * 0.25,
        avgMw: 354,
        maxMw: 354,
        quarterHours: 1,
      },
    ]);
    expect(hours).toHaveLength(2 * 9);
    expect(
      await refusal(hourlyEnergy(reader, '75', { from: new Date('2025-01-01'), to: new Date('2025-06-01') })),
    ).toMatch(/at most 93 days/);
  });

  test('the date dimension knows weekends and French public holidays', async () => {
    await load([
      { ...fixture[0], date_heure: '2025-07-14T10:00:00+00:00' },
      { ...fixture[0], date_heure: '2025-07-15T10:00:00+00:00' },
    ]);
    const dates = await writer('dim_date')
      .whereIn('date_key', [20241027, 20250220, 20250714, 20250715])
      .orderBy('date_key');
    expect(
      dates.map((d) => [d.date_key, Boolean(d.is_weekend), Boolean(d.is_holiday), d.holiday_name]),
    ).toEqual([
      [20241027, true, false, null],
      [20250220, false, false, null],
      [20250714, false, true, 'Fête nationale'],
      [20250715, false, false, null],
    ]);
  });

  test('without a published TCH the load factor comes from installed capacity of that year or the latest before', async () => {
    const loadedAt = new Date().toISOString();
    await writer('fact_installed_capacity').insert([
      {
        region_code: '75',
        source_code: 'solaire',
        year: 2024,
        capacity_mw: 4000,
        bronze_key: 'test',
        loaded_at: loadedAt,
      },
      {
        region_code: '75',
        source_code: 'solaire',
        year: 2026,
        capacity_mw: 9999,
        bronze_key: 'test',
        loaded_at: loadedAt,
      },
    ]);
    await load([
      { ...fixture[0], date_heure: '2025-08-01T12:00:00+00:00', solaire: 1500, tch_solaire: 'ND' },
      { ...fixture[0], date_heure: '2025-08-01T12:15:00+00:00', solaire: 1500 },
    ]);
    const rows = await writer('fact_energy_flow')
      .where({ region_code: '75', source_code: 'solaire' })
      .andWhere('ts_utc', '>=', '2025-08-01T12:00:00.000Z')
      .andWhere('ts_utc', '<', '2025-08-01T12:30:00.000Z')
      .orderBy('ts_utc');
    // 2025 has no figure: 2024's 4000 MW applies (not 2026's); a published TCH is kept as is.
    expect(rows.map((r) => r.load_factor_pct)).toEqual([(100 * 1500) / 4000, 44.7]);
    const noCapacity = await writer('fact_energy_flow')
      .where({ region_code: '75', source_code: 'eolien' })
      .andWhere('ts_utc', '=', '2025-08-01T12:00:00.000Z')
      .first();
    expect(noCapacity.load_factor_pct).toBe(31.53);
  });

  test('the national capture loads with its breakdowns and exchanges, twice without change', async () => {
    const national = loadFixture('eco2mix-national-tr');
    const { clean, rejected } = cleanEco2mixNational(
      national,
      national.map(() => 'test'),
    );
    expect(rejected.height).toBe(0);
    const first = await loadEco2mixNationalDays(writer, [clean], ['2024-12-31', '2025-01-01']);
    expect(first).toMatchObject({ flowRows: 55, balanceRows: 5, breakdownRows: 75, exchangeRows: 25 });
    const before = await snapshot('fact_national_breakdown', ['ts_utc', 'component_code']);
    await loadEco2mixNationalDays(writer, [clean], ['2024-12-31', '2025-01-01']);
    expect(await snapshot('fact_national_breakdown', ['ts_utc', 'component_code'])).toEqual(before);
    const balance = await writer('fact_national_balance').orderBy('ts_utc').first();
    expect(balance).toMatchObject({
      consumption_mw: 61522,
      production_mw: 64400,
      rte_taux_co2_g_per_kwh: 21,
    });
    expect(balance.carbon_intensity_g_per_kwh).toBeCloseTo(2_026_129 / 64_400, 9);
    const spain = await writer('fact_national_exchange')
      .where({ border_code: 'espagne' })
      .orderBy('ts_utc')
      .first();
    expect(spain.commercial_mw).toBe(-2341);
  });

  test('weather per region and hour upserts idempotently and answers by region and window', async () => {
    const columns = {
      region_code: ['84', '84', '11'],
      hour_utc: ['2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00.000Z', '2025-01-01T00:00:00.000Z'],
      temperature_c: [1.5, 0.25, 4],
      wind_speed_ms: [3, 2.5, 5],
      solar_irradiance_wm2: [0, 0, 0],
      precipitation_mm: [0.2, 0, 1],
      cloud_cover_pct: [75, 80, 100],
      grid_points: [120, 120, 19],
      loaded_at: Array(3).fill('2025-01-02T00:00:00.000Z'),
    };
    expect(await upsertColumns(writer, WEATHER_UPSERT, columns)).toBe(3);
    expect(await upsertColumns(writer, WEATHER_UPSERT, columns)).toBe(0);
    const lyon = await weather(reader, '84', {
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-01-01T01:00:00Z'),
    });
    expect(lyon).toEqual([
      {
        regionCode: '84',
        hour: new Date('2025-01-01T00:00:00Z'),
        temperatureC: 1.5,
        windSpeedMs: 3,
        solarIrradianceWm2: 0,
        precipitationMm: 0.2,
        cloudCoverPct: 75,
        gridPoints: 120,
      },
    ]);
    expect(
      await refusal(weather(reader, '84', { from: new Date('2025-02-01'), to: new Date('2025-01-01') })),
    ).toMatch(/`from` must be before `to`/);
  });

  test('orphan fact rows are caught by the blocking foreign_keys gate, which guards the regional facts instead of the database', async () => {
    const gate = ECO2MIX_REGIONAL_GATES.find((g) => g.name === 'foreign_keys')!;
    const window = dayWindow('2031-03-04');
    const ctx = { db: writer, lake: new LocalLake(lakeDir) };
    expect(gate.severity).toBe('blocking');
    expect(await gate.check(ctx, window)).toMatchObject({ observed: 0, passed: true });

    // Loader bugs, one unknown key per row (the date of the window is known): a region, a
    // source, a date and a time that have no dimension row.
    await writer('dim_date').insert({
      date_key: 20310304,
      calendar_date: '2031-03-04',
      year: 2031,
      month: 3,
      day: 4,
      iso_weekday: 2,
      is_weekend: false,
      is_holiday: false,
    });
    const row = {
      ts_utc: '2031-03-04T10:00:00.000Z',
      date_key: 20310304,
      time_key: 660,
      loaded_at: new Date().toISOString(),
    };
    await writer('fact_energy_flow').insert([
      { ...row, region_code: '99', source_code: 'nucleaire', mw: 1 },
      { ...row, region_code: '75', source_code: 'fusion', mw: 1 },
      { ...row, region_code: '75', source_code: 'eolien', date_key: 20310399, mw: 1 },
    ]);
    await writer('fact_regional_balance').insert([
      { ...row, region_code: '99', consumption_mw: 1 },
      { ...row, region_code: '75', time_key: 661, consumption_mw: 1 },
      { ...row, region_code: '84', consumption_mw: 1 }, // every key known: not an orphan
    ]);
    try {
      expect(await gate.check(ctx, window)).toMatchObject({
        observed: 5,
        threshold: '= 0 rows without their dimension row',
        passed: false,
      });
      // Outside the window the same rows are not this window's concern.
      expect(await gate.check(ctx, dayWindow('2031-03-05'))).toMatchObject({ observed: 0, passed: true });
    } finally {
      await writer('fact_energy_flow').where('ts_utc', '>=', window.from).del();
      await writer('fact_regional_balance').where('ts_utc', '>=', window.from).del();
      await writer('dim_date').where({ date_key: 20310304 }).del();
    }
  });

  test('the hourly rollup the loader sums from its rows equals the one rebuilt from the facts', async () => {
    // The capture moved to a date with no other facts, so the loader sums it; wind is ND once.
    const day: Record<string, unknown>[] = fixture.map((r) => ({
      ...r,
      date_heure: String(r.date_heure).replace('2025-02-20', '2025-02-27'),
    }));
    day[0] = { ...day[0], eolien: 'ND' };
    await load(day);
    const summed = await hourlyRollupRows(writer);
    expect(summed.length).toBeGreaterThan(0);
    await refreshHourlyEnergy(writer, '2025-02-20T00:00:00.000Z', '2025-02-27T23:45:00.000Z');
    expect(await hourlyRollupRows(writer)).toEqual(summed);
  });

  test('the balance rollups hold each hour and Paris day of the facts, weighted by production, corrections included', async () => {
    // A day of its own: 2025-03-06 (Paris +01:00), the capture's 5 quarter-hours moved there.
    const day = fixture.map((r) => ({
      ...r,
      date_heure: String(r.date_heure).replace('2025-02-20', '2025-03-06'),
    }));
    await load(day);
    const expectRollupsOfFacts = async () => {
      const facts = (
        await writer('fact_regional_balance')
          .where('region_code', '75')
          .andWhere('ts_utc', '>=', '2025-03-06T00:00:00.000Z')
          .andWhere('ts_utc', '<', '2025-03-07T00:00:00.000Z')
      ).map((f) => ({ ...f, ts: new Date(f.ts_utc).toISOString() }));
      expect(facts).toHaveLength(5);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const byProduction = (fs: typeof facts, c: string) =>
        fs.reduce((a, f) => a + f[c] * f.production_mw, 0) / fs.reduce((a, f) => a + f.production_mw, 0);
      const expected = (fs: typeof facts) => ({
        consumption_mw: mean(fs.map((f) => f.consumption_mw)),
        production_mw: mean(fs.map((f) => f.production_mw)),
        net_exchange_mw: mean(fs.map((f) => f.net_exchange_mw)),
        carbon_intensity_g_per_kwh: byProduction(fs, 'carbon_intensity_g_per_kwh'),
        renewable_share_pct: byProduction(fs, 'renewable_share_pct'),
        low_carbon_share_pct: byProduction(fs, 'low_carbon_share_pct'),
        quarter_hours: fs.length,
      });
      const close = (row: Record<string, unknown>, want: Record<string, number>) => {
        for (const [k, v] of Object.entries(want))
          expect([k, Number(row[k])]).toEqual([k, expect.closeTo(v, 9)]);
      };
      const hours = await writer('agg_regional_balance_hourly')
        .where('region_code', '75')
        .andWhere('hour_utc', '>=', '2025-03-06T00:00:00.000Z')
        .andWhere('hour_utc', '<', '2025-03-07T00:00:00.000Z')
        .orderBy('hour_utc');
      expect(hours.map((h) => new Date(h.hour_utc).toISOString())).toEqual([
        '2025-03-06T09:00:00.000Z',
        '2025-03-06T10:00:00.000Z',
        '2025-03-06T11:00:00.000Z',
        '2025-03-06T12:00:00.000Z',
      ]);
      for (const h of hours) {
        const hour = new Date(h.hour_utc).toISOString().slice(0, 13);
        close(h, expected(facts.filter((f) => f.ts.startsWith(hour))));
      }
      const days = await writer('agg_regional_balance_daily').where({
        region_code: '75',
        date_key: 20250306,
      });
      expect(days).toHaveLength(1);
      close(days[0], expected(facts));
    };
    await expectRollupsOfFacts();
    // A correction of one quarter-hour: its hour and its day follow.
    await load(day.map((r, i) => (i === 1 ? { ...r, consommation: 6000 } : r)));
    await expectRollupsOfFacts();
    const [hour] = await writer('agg_regional_balance_hourly').where({
      region_code: '75',
      hour_utc: writer.raw('?', ['2025-03-06T09:00:00.000Z']),
    });
    expect(Number(hour.consumption_mw)).toBe((5032 + 6000) / 2);
  });

  test('the bulk upsert carries awkward text and numbers unchanged, a constant touch column included', async () => {
    await writer.schema.createTable('upsert_probe', (t) => {
      t.string('id', 10).primary();
      t.text('label');
      t.double('value');
      t.timestamp('loaded_at', { useTz: true });
    });
    try {
      const spec: UpsertSpec = {
        table: 'upsert_probe',
        key: ['id'],
        values: ['label', 'value'],
        touch: ['loaded_at'],
        pgTypes: { id: 'text', label: 'text', value: 'float8', loaded_at: 'timestamptz' },
      };
      const labels = ['say "hi"', 'back\\slash', 'NULL', '', '{a,b}', 'comma, space ', 'é ✓', null];
      const values = [1.5, -0.25, 1e21, 5e-324, null, 0, -1234567.125, 42];
      const at = '2026-01-02T03:04:05.000Z';
      const rows = labels.map((label, i) => ({ id: `r${i}`, label, value: values[i], loaded_at: at }));
      expect(await bulkUpsert(writer, spec, rows)).toBe(rows.length);
      const stored = await writer('upsert_probe').select('id', 'label', 'value').orderBy('id');
      expect(stored).toEqual(rows.map(({ id, label, value }) => ({ id, label, value })));
      const stamps = await writer('upsert_probe').distinct('loaded_at');
      expect(stamps.map((r) => new Date(r.loaded_at as string).toISOString())).toEqual([at]);
      // The same rows again rewrite nothing; one changed label rewrites that row only.
      expect(await bulkUpsert(writer, spec, rows)).toBe(0);
      expect(await bulkUpsert(writer, spec, [{ ...rows[0]!, label: 'say "bye"' }, rows[1]!])).toBe(1);
    } finally {
      await writer.schema.dropTable('upsert_probe');
    }
  });

  test('the API principal cannot write: the database refuses INSERT, UPDATE and DELETE', async () => {
    const refused = /permission denied|readonly/i;
    expect(
      await refusal(reader('dim_region').insert({ region_code: '00', name: 'x', in_regional_feed: false })),
    ).toMatch(refused);
    expect(await refusal(reader('fact_energy_flow').update({ mw: 0 }))).toMatch(refused);
    expect(await refusal(reader('ingestion_audit').del())).toMatch(refused);
    expect(await refusal(reader.schema.createTable('intruder', (t) => t.integer('x')))).toMatch(refused);
    const [count] = await reader('fact_energy_flow').count({ n: '*' });
    expect(Number(count?.n)).toBeGreaterThan(0);
  });
});
