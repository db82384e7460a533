import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { MockActivityEnvironment } from '@temporalio/testing';
import { cleanEco2mixRegional, mergeIntoSilver } from '../../activities/sources/rte-regional/silver';
import { loadEco2mixRegionalDays } from '../../activities/sources/rte-regional/gold';
import { cleanEco2mixNational } from '../../activities/sources/rte-national/silver';
import { loadEco2mixNationalDays } from '../../activities/sources/rte-national/gold';
import {
  createInstalledCapacitySilver,
  type CapacitySilverResult,
} from '../../activities/sources/reference-data/capacity-silver';
import { createInstalledCapacityGold } from '../../activities/sources/reference-data/capacity-gold';
import { createRegionDemographicsGold } from '../../activities/sources/reference-data/demographics-gold';
import type { ActivityDeps } from '../../activities/deps';
import { loadConfig, type Config } from '../../activities/config';
import { createReaderDb, createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';
import { LocalLake } from '../../lib/lake/local-lake';
import { silentLogger } from '../../lib/log';
import { loadFixture } from '../../replay/odre-replay-server';
import {
  nationalBalance,
  nationalBreakdown,
  nationalExchanges,
  nationalProduction,
} from '../../graphql/gold-queries-national';
import {
  installedCapacity,
  loadFactors,
  perCapita,
  regionBalanceTotals,
  regionDemographics,
} from '../../graphql/gold-queries-regions';
import { startApiServer, type ApiServer } from '../../graphql/server';
import { refusal } from '../helpers/refusal';
import { startTestPostgres } from '../helpers/postgres';

/**
 * What Gold holds beyond the regional series, served by the API: the national feed, regions with
 * their demographics and per-capita figures, installed capacity and load factors. Gold is loaded
 * by the real loaders from the real captures (fixtures/eco2mix) and reference files
 * (test/fixtures/reference), on SQLite and on a PostgreSQL server started for the test, and read
 * with the API's read-only principal. Expected values are computed by hand from those files.
 */

const REFERENCE = path.join(__dirname, '../fixtures/reference');
const ODRE_FILE = 'registre-national-installation-production-stockage-electricite-agrege-311224.csv';
const regional = loadFixture('eco2mix-regional-tr');
const national = loadFixture('eco2mix-national-tr');
const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const page = (limit: number, after?: (string | number)[]) => ({ limit, after });

/** Region 75 in the capture: 5 quarter-hours of 2025-02-20, 09:30 to 12:30 UTC. */
const NA = {
  population: 6_154_772,
  areaKm2: 84_036,
  // consommation 5032 + 4894 + 4676 + 4598 + 4432
  consumptionMwSum: 23_632,
  // thermique + nucleaire + eolien + solaire + hydraulique + bioenergies per row:
  // 9196 + 9204 + 9326 + 9186 + 9322
  productionMwSum: 46_234,
};

interface Dialect {
  name: string;
  env: Record<string, string>;
  config: Config['db'];
  stop(): Promise<void>;
}

async function sqliteDialect(dir: string): Promise<Dialect> {
  const file = path.join(dir, 'gold.sqlite');
  return {
    name: 'sqlite',
    env: { GPS_DB_CLIENT: 'sqlite', GPS_DB_FILE: file },
    config: { client: 'sqlite', file },
    stop: async () => undefined,
  };
}

async function postgresDialect(): Promise<Dialect> {
  const pg = await startTestPostgres();
  return {
    name: 'pg',
    env: { GPS_DB_CLIENT: 'pg', GPS_DB_URL: pg.writerUrl, GPS_DB_READER_URL: pg.readerUrl },
    config: { client: 'pg', writerUrl: pg.writerUrl, readerUrl: pg.readerUrl },
    stop: pg.stop,
  };
}

describe.each([
  ['SQLite', sqliteDialect],
  ['PostgreSQL', postgresDialect],
])('Gold extras in the API on %s', (_name, makeDialect) => {
  let dir: string;
  let dialect: Dialect;
  let writer: Knex;
  let reader: Knex;
  let lake: LocalLake;
  let api: ApiServer;

  async function loadRegional(records: Record<string, unknown>[]) {
    const { clean } = cleanEco2mixRegional(
      records,
      records.map(() => 'test'),
    );
    const days = await mergeIntoSilver(lake, clean);
    return loadEco2mixRegionalDays(writer, [clean], days);
  }

  /** The landing-zone files through the real Silver and Gold activities (the Bronze copy is put by hand). */
  async function loadReferenceFiles() {
    const deps = {
      config: {} as Config,
      lake,
      db: writer,
      odre: undefined,
      log: silentLogger,
    } as unknown as ActivityDeps;
    const mock = new MockActivityEnvironment();
    const files = [];
    for (const name of ['regional-capacity-2023.csv', ODRE_FILE]) {
      const bronzeKey = `bronze/reference/capacity/test/${name}`;
      await lake.put(bronzeKey, readFileSync(path.join(REFERENCE, name)));
      files.push({ bronzeKey, fileName: name, receivedAt: '2025-01-15T00:00:00.000Z' });
    }
    const silver: CapacitySilverResult = await mock.run(createInstalledCapacitySilver(deps), { files });
    expect(silver.years).toEqual([2023, 2024]);
    await mock.run(createInstalledCapacityGold(deps), { years: silver.years });
    const demographicsKey = 'bronze/reference/demographics/test/region-demographics-2023.csv';
    await lake.put(demographicsKey, readFileSync(path.join(REFERENCE, 'region-demographics-2023.csv')));
    const demographics = await mock.run(createRegionDemographicsGold(deps), {
      files: [{ bronzeKey: demographicsKey }],
    });
    expect(demographics).toEqual({ rows: 3, rejected: 0 });
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gps-api-extras-'));
    dialect = await makeDialect(dir);
    lake = new LocalLake(path.join(dir, 'lake'));
    writer = createWriterDb(dialect.config);
    await prepareGoldDatabase(writer, dialect.config);
    await loadReferenceFiles();
    await loadRegional(regional);
    // Region 84 at the turn of 2023 in Paris: 23:45 on 2022-12-31 and 00:00 on 2023-01-01 local.
    await loadRegional([
      { ...regional[0], code_insee_region: '84', date_heure: '2022-12-31T22:45:00+00:00' },
      { ...regional[1], code_insee_region: '84', date_heure: '2022-12-31T23:00:00+00:00' },
    ]);
    const { clean } = cleanEco2mixNational(
      national,
      national.map(() => 'test'),
    );
    await loadEco2mixNationalDays(writer, [clean], ['2024-12-31', '2025-01-01']);
    reader = createReaderDb(dialect.config);
    const config = loadConfig({
      NODE_ENV: 'test',
      GPS_DATA_DIR: dir,
      GPS_API_HOST: '127.0.0.1',
      ...dialect.env,
    });
    api = await startApiServer(config, reader, { port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    await reader?.destroy();
    await writer?.destroy();
    await dialect?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('national feed', () => {
    const night = range('2024-12-31T23:45:00Z', '2025-01-01T03:00:00Z');

    test('balance: consumption, forecasts, production, our intensity beside RTE taux_co2, shares', async () => {
      const rows = await nationalBalance(reader, night);
      expect(rows.map((r) => r.timestamp.toISOString())).toEqual([
        '2024-12-31T23:45:00.000Z',
        '2025-01-01T00:30:00.000Z',
        '2025-01-01T01:00:00.000Z',
        '2025-01-01T01:30:00.000Z',
        '2025-01-01T02:15:00.000Z',
      ]);
      const first = rows[0]!;
      // fioul 111 + charbon 0 + gaz 1949 + nucleaire 45084 + eolien 11111 + solaire 0 + hydraulique 5230
      // + bioenergies 914 + destockage 1 = 64400 MW (pumping -2390 and battery charging -10 left out)
      expect(first).toMatchObject({
        consumptionMw: 61522,
        forecastDMw: 62200,
        forecastD1Mw: 61900,
        productionMw: 64400,
        netExchangeMw: -470,
        rteCarbonIntensity: 21,
        nature: 'Données temps réel',
      });
      // 111 x 650 + 1949 x 490 + 45084 x 12 + 11111 x 11 + 5230 x 24 + 914 x 230 = 2 026 129 g/h
      expect(first.carbonIntensity).toBeCloseTo(2_026_129 / 64_400, 9);
      expect(first.renewableSharePct).toBeCloseTo((100 * (11111 + 0 + 5230 + 914)) / 64400, 9);
      expect(first.lowCarbonSharePct).toBeCloseTo((100 * (45084 + 11111 + 0 + 5230 + 1)) / 64400, 9);
      expect(rows.map((r) => r.rteCarbonIntensity)).toEqual([21, 20, 19, 19, 20]);
      expect(rows.map((r) => r.forecastD1Mw)).toEqual([61900, 61600, 61300, 59700, 57100]);
    });

    test('production by source, gas, coal and oil apart; one source at a time', async () => {
      const gas = await nationalProduction(reader, night, 'gaz');
      expect(gas.map((r) => [r.sourceLabel, r.category, r.mw])).toEqual([
        ['Gas', 'fossil', 1949],
        ['Gas', 'fossil', 1766],
        ['Gas', 'fossil', 1645],
        ['Gas', 'fossil', 1640],
        ['Gas', 'fossil', 1605],
      ]);
      expect((await nationalProduction(reader, night, 'charbon')).map((r) => r.mw)).toEqual([0, 0, 0, 0, 0]);
      expect((await nationalProduction(reader, night, 'fioul')).map((r) => r.mw)).toEqual([
        111, 110, 111, 111, 110,
      ]);
      const all = await nationalProduction(reader, night);
      expect(all).toHaveLength(5 * 11);
      expect(all.slice(0, 11).map((r) => [r.sourceCode, r.mw])).toEqual([
        ['bioenergies', 914],
        ['charbon', 0],
        ['destockage_batterie', 1],
        ['eolien', 11111],
        ['fioul', 111],
        ['gaz', 1949],
        ['hydraulique', 5230],
        ['nucleaire', 45084],
        ['pompage', -2390],
        ['solaire', 0],
        ['stockage_batterie', -10],
      ]);
      expect(await refusal(nationalProduction(reader, night, 'thermique'))).toMatch(
        /unknown sourceCode "thermique"; expected one of: gaz, charbon, fioul/,
      );
    });

    test('technology breakdown by source or component', async () => {
      const gas = await nationalBreakdown(reader, range('2024-12-31T23:45:00Z', '2025-01-01T00:00:00Z'), {
        sourceCode: 'gaz',
      });
      expect(gas.map((r) => [r.componentCode, r.sourceCode, r.mw])).toEqual([
        ['gaz_autres', 'gaz', 0],
        ['gaz_ccg', 'gaz', 393],
        ['gaz_cogen', 'gaz', 1557],
        ['gaz_tac', 'gaz', 0],
      ]);
      const offshore = await nationalBreakdown(reader, night, { componentCode: 'eolien_offshore' });
      expect(offshore.map((r) => r.mw)).toEqual([1375, 1384, 1369, 1387, 1370]);
      expect(await nationalBreakdown(reader, night, {})).toHaveLength(5 * 15);
      expect(await refusal(nationalBreakdown(reader, night, { componentCode: 'gaz_turbine' }))).toMatch(
        /unknown componentCode "gaz_turbine"/,
      );
      expect(await refusal(nationalBreakdown(reader, night, { sourceCode: 'nucleaire' }))).toMatch(
        /unknown sourceCode "nucleaire"; expected one of: fioul, gaz, hydraulique, bioenergies, eolien/,
      );
    });

    test('commercial exchanges per border, keyset pages', async () => {
      const spain = await nationalExchanges(reader, night, 'espagne');
      expect(spain.map((r) => r.commercialMw)).toEqual([-2341, -2341, -2341, -2341, -2341]);
      const first = await nationalExchanges(reader, night, null, page(3));
      // limit + 1 rows: the extra one says a next page exists
      expect(first.map((r) => [r.border, r.commercialMw])).toEqual([
        ['allemagne_belgique', 6451],
        ['angleterre', 2514],
        ['espagne', -2341],
        ['italie', -3111],
      ]);
      const next = await nationalExchanges(
        reader,
        night,
        null,
        page(3, ['2024-12-31T23:45:00.000Z', 'espagne']),
      );
      expect(next.map((r) => [r.timestamp.toISOString(), r.border, r.commercialMw])).toEqual([
        ['2024-12-31T23:45:00.000Z', 'italie', -3111],
        ['2024-12-31T23:45:00.000Z', 'suisse', -3200],
        ['2025-01-01T00:30:00.000Z', 'allemagne_belgique', 5973],
        ['2025-01-01T00:30:00.000Z', 'angleterre', 2483],
      ]);
      expect(await refusal(nationalExchanges(reader, night, 'belgique'))).toMatch(
        /unknown border "belgique"; expected one of: angleterre, espagne, italie, suisse, allemagne_belgique/,
      );
    });

    test('ranges are bounded like the regional ones', async () => {
      expect(
        await refusal(nationalBalance(reader, range('2025-01-01T00:00:00Z', '2025-02-01T00:00:01Z'))),
      ).toMatch(/at most 31 days/);
      expect(
        await refusal(nationalProduction(reader, range('2025-01-02T00:00:00Z', '2025-01-01T00:00:00Z'))),
      ).toMatch(/`from` must be before `to`/);
      expect(
        await nationalBalance(reader, range('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z')),
      ).toHaveLength(4);
    });
  });

  describe('regions, demographics and per-capita figures', () => {
    const capture = range('2025-02-20T09:30:00Z', '2025-02-20T13:00:00Z');

    test('demographics from the landed file; the missing area comes from the outline', async () => {
      const rows = await regionDemographics(reader, ['11', '53', '75', '94']);
      const byCode = Object.fromEntries(rows.map((r) => [r.regionCode, r]));
      expect(byCode['75']).toEqual({
        regionCode: '75',
        population: 6_154_772,
        populationYear: 2023,
        areaKm2: 84_036,
        areaSource: 'demographics',
      });
      expect(byCode['11']).toMatchObject({ population: 12_358_932, areaKm2: 12_011 });
      // Bretagne is about 27 200 km²; the file gives no area, the region outline does.
      expect(byCode['53']).toMatchObject({
        population: 3_453_023,
        populationYear: 2023,
        areaSource: 'geojson',
      });
      expect(byCode['53']!.areaKm2).toBeGreaterThan(26_000);
      expect(byCode['53']!.areaKm2).toBeLessThan(28_500);
      expect(byCode['94']).toEqual({
        regionCode: '94',
        population: null,
        populationYear: null,
        areaKm2: null,
        areaSource: null,
      });
    });

    test('per inhabitant and per km²: energy over the quarter-hours present, mean power', async () => {
      const totals = await regionBalanceTotals(reader, ['75', '11'], capture);
      expect(totals).toEqual([
        {
          regionCode: '75',
          quarterHours: 5,
          consumptionQuarterHours: 5,
          productionQuarterHours: 5,
          consumptionMwSum: NA.consumptionMwSum,
          productionMwSum: NA.productionMwSum,
        },
      ]);
      const [demographics] = await regionDemographics(reader, ['75']);
      const figures = perCapita('75', capture, demographics, totals[0]);
      const consumptionMwh = NA.consumptionMwSum * 0.25; // 5908 MWh
      const productionMwh = NA.productionMwSum * 0.25; // 11 558.5 MWh
      expect(figures).toMatchObject({
        population: NA.population,
        populationYear: 2023,
        areaKm2: NA.areaKm2,
        quarterHours: 5,
        expectedQuarterHours: 14, // 09:30 to 12:45 every 15 minutes
        consumptionMwh,
        productionMwh,
      });
      expect(figures.consumptionKwhPerInhabitant).toBeCloseTo((5908 * 1000) / 6_154_772, 12); // 0.960 kWh
      expect(figures.productionKwhPerInhabitant).toBeCloseTo((11_558.5 * 1000) / 6_154_772, 12);
      // mean 4726.4 MW over 6.15 million inhabitants: 768 W each
      expect(figures.meanConsumptionWPerInhabitant).toBeCloseTo((4726.4 * 1e6) / 6_154_772, 9);
      expect(figures.meanProductionWPerInhabitant).toBeCloseTo((9246.8 * 1e6) / 6_154_772, 9);
      expect(figures.consumptionMwhPerKm2).toBeCloseTo(5908 / 84_036, 12);
      expect(figures.productionMwhPerKm2).toBeCloseTo(11_558.5 / 84_036, 12);
      expect(figures.meanConsumptionKwPerKm2).toBeCloseTo((4726.4 * 1000) / 84_036, 9);
      expect(figures.meanProductionKwPerKm2).toBeCloseTo((9246.8 * 1000) / 84_036, 9);

      // A region with demographics but no data in the range: nothing to divide.
      const [paris] = await regionDemographics(reader, ['11']);
      expect(perCapita('11', capture, paris, undefined)).toMatchObject({
        population: 12_358_932,
        quarterHours: 0,
        consumptionMwh: null,
        consumptionKwhPerInhabitant: null,
        meanProductionWPerInhabitant: null,
      });
      expect(
        await refusal(
          regionBalanceTotals(reader, ['75'], range('2024-01-01T00:00:00Z', '2025-01-02T00:00:00Z')),
        ),
      ).toMatch(/at most 366 days/);
    });

    test('installed capacity per region, source and year, with filters and keyset pages', async () => {
      const all = await installedCapacity(reader, {});
      // regional-capacity-2023.csv (MW) then the ODRE registry of 31/12/2024 (kW summed per region and source)
      expect(all.map((r) => [r.regionCode, r.sourceCode, r.year, r.capacityMw, r.installations])).toEqual([
        ['11', 'solaire', 2023, 210.8, 34000],
        ['53', 'eolien', 2023, 1350.2, 190],
        ['84', 'hydraulique', 2023, 11650.5, 512],
        ['84', 'nucleaire', 2023, 13630, null],
        ['53', 'destockage_batterie', 2024, 12, 1],
        ['53', 'solaire', 2024, 8.12025, 950],
        ['75', 'eolien', 2024, 36, 1],
        ['75', 'nucleaire', 2024, 3640, 4],
        ['75', 'solaire', 2024, 312.4505, 1521], // 12 450.5 + 300 000 kW
      ]);
      expect(all[7]).toMatchObject({ sourceLabel: 'Nuclear' });
      expect((await installedCapacity(reader, { regionCode: '75' })).map((r) => r.sourceCode)).toEqual([
        'eolien',
        'nucleaire',
        'solaire',
      ]);
      expect((await installedCapacity(reader, { year: 2023 })).map((r) => r.regionCode)).toEqual([
        '11',
        '53',
        '84',
        '84',
      ]);
      const second = await installedCapacity(reader, {}, page(2, [2023, '84', 'hydraulique']));
      expect(second.map((r) => [r.year, r.regionCode, r.sourceCode])).toEqual([
        [2023, '84', 'nucleaire'],
        [2024, '53', 'destockage_batterie'],
        [2024, '53', 'solaire'],
      ]);
      expect(await refusal(installedCapacity(reader, { regionCode: '99' }))).toMatch(
        /unknown regionCode "99"/,
      );
      expect(await refusal(installedCapacity(reader, { year: 3000 }))).toMatch(/`year` must be a year/);
    });

    test('load factors: mean of the stored TCH and energy over installed capacity of the Paris year', async () => {
      const day = range('2025-02-20T00:00:00Z', '2025-02-21T00:00:00Z');
      const rows = await loadFactors(reader, '75', day, page(20));
      expect(rows.map((r) => r.sourceCode)).toEqual([
        'bioenergies',
        'destockage_batterie',
        'eolien',
        'hydraulique',
        'nucleaire',
        'pompage',
        'solaire',
        'stockage_batterie',
        'thermique',
      ]);
      const nuclear = rows.find((r) => r.sourceCode === 'nucleaire')!;
      // 5800 + 5792 + 5793 + 5784 + 5782 = 28 951 MW over 5 quarter-hours; TCH 87.48 87.36 87.38 87.24 87.21;
      // 2025 has no capacity figure for 75: the 2024 registry's 3640 MW applies.
      expect(nuclear).toMatchObject({
        quarterHours: 5,
        energyMwh: 28_951 * 0.25,
        loadFactorQuarterHours: 5,
        capacityMw: 3640,
        capacityYear: 2024,
      });
      expect(nuclear.meanMw).toBeCloseTo(28_951 / 5, 9);
      expect(nuclear.meanLoadFactorPct).toBeCloseTo((87.48 + 87.36 + 87.38 + 87.24 + 87.21) / 5, 9);
      // above 100 %: the fixture registry lists Blayais only, the feed has every plant of the region
      expect(nuclear.energyLoadFactorPct).toBeCloseTo((100 * 28_951 * 0.25) / (3640 * 1.25), 9);
      const thermal = rows.find((r) => r.sourceCode === 'thermique')!;
      expect(thermal).toMatchObject({
        capacityMw: null,
        energyLoadFactorPct: null,
        energyMwh: 103 * 5 * 0.25,
      });
      expect(thermal.meanLoadFactorPct).toBeCloseTo(18.2, 9);
      const pumping = rows.find((r) => r.sourceCode === 'pompage')!;
      expect(pumping).toMatchObject({ energyMwh: 0, meanLoadFactorPct: null, loadFactorQuarterHours: 0 });

      // Region 84: one quarter-hour in Paris year 2022 (no capacity figure), one in 2023 (13 630 MW).
      const turn = await loadFactors(
        reader,
        '84',
        range('2022-12-31T22:00:00Z', '2023-01-01T00:00:00Z'),
        page(20),
      );
      const spanning = turn.find((r) => r.sourceCode === 'nucleaire')!;
      expect(spanning).toMatchObject({ quarterHours: 2, capacityMw: null, energyLoadFactorPct: null });
      expect(spanning.meanLoadFactorPct).toBeCloseTo((87.48 + 87.36) / 2, 9);
      const in2023 = await loadFactors(
        reader,
        '84',
        range('2022-12-31T23:00:00Z', '2023-01-01T00:00:00Z'),
        page(20),
      );
      expect(in2023.find((r) => r.sourceCode === 'nucleaire')).toMatchObject({
        quarterHours: 1,
        capacityMw: 13_630,
        capacityYear: 2023,
      });
      expect(in2023.find((r) => r.sourceCode === 'nucleaire')!.energyLoadFactorPct).toBeCloseTo(
        (100 * 5792) / 13_630,
        9,
      );
      expect(in2023.find((r) => r.sourceCode === 'hydraulique')!.energyLoadFactorPct).toBeCloseTo(
        (100 * 621) / 11_650.5,
        9,
      );

      // Keyset pages on the source code.
      expect((await loadFactors(reader, '75', day, page(2, ['eolien']))).map((r) => r.sourceCode)).toEqual([
        'hydraulique',
        'nucleaire',
        'pompage',
      ]);
      expect(await refusal(loadFactors(reader, '00', day, page(20)))).toMatch(/unknown regionCode "00"/);
      expect(
        await refusal(
          loadFactors(reader, '75', range('2025-01-01T00:00:00Z', '2025-04-04T00:00:01Z'), page(20)),
        ),
      ).toMatch(/at most 93 days/);
      expect(
        await loadFactors(reader, '75', range('2025-01-01T00:00:00Z', '2025-04-04T00:00:00Z'), page(20)),
      ).toHaveLength(9);
    });
  });

  describe('over GraphQL with a development token', () => {
    let token: string;

    async function graphql(query: string, variables: Record<string, unknown> = {}) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          data?: Record<string, unknown>;
          errors?: { message: string; extensions?: Record<string, unknown> }[];
        },
      };
    }

    beforeAll(async () => {
      const res = await fetch(`${api.url}/auth/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'reader' }),
      });
      token = ((await res.json()) as { access_token: string }).access_token;
    });

    test('every region with its demographics and per-capita figures costs three queries, not one per region', async () => {
      const queries: string[] = [];
      const record = (q: { sql: string }) => queries.push(q.sql);
      reader.on('query', record);
      let res;
      try {
        res = await graphql(
          `
            query ($from: DateTime!, $to: DateTime!) {
              regions {
                nodes {
                  code
                  population
                  populationYear
                  areaKm2
                  areaSource
                  densityPerKm2
                  perCapita(from: $from, to: $to) {
                    quarterHours
                    expectedQuarterHours
                    consumptionMwh
                    consumptionKwhPerInhabitant
                    meanProductionWPerInhabitant
                    productionMwhPerKm2
                  }
                }
                edges {
                  node {
                    code
                    population
                    perCapita(from: $from, to: $to) {
                      quarterHours
                    }
                  }
                }
              }
            }
          `,
          { from: '2025-02-20T09:30:00Z', to: '2025-02-20T13:00:00Z' },
        );
      } finally {
        reader.off('query', record);
      }
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const nodes = (res.body.data!.regions as { nodes: Record<string, unknown>[] }).nodes;
      expect(nodes).toHaveLength(13);
      expect(nodes.find((n) => n.code === '75')).toEqual({
        code: '75',
        population: 6_154_772,
        populationYear: 2023,
        areaKm2: 84_036,
        areaSource: 'demographics',
        densityPerKm2: 6_154_772 / 84_036,
        perCapita: {
          quarterHours: 5,
          expectedQuarterHours: 14,
          consumptionMwh: 5908,
          consumptionKwhPerInhabitant: (5908 * 1000) / 6_154_772,
          meanProductionWPerInhabitant: (9246.8 * 1e6) / 6_154_772,
          productionMwhPerKm2: 11_558.5 / 84_036,
        },
      });
      expect(nodes.find((n) => n.code === '94')).toMatchObject({
        population: null,
        perCapita: { quarterHours: 0, consumptionMwh: null, consumptionKwhPerInhabitant: null },
      });
      // The region list, one demographics query and one balance aggregate for all 13 regions
      // (asked through both `nodes` and `edges`).
      expect(queries.filter((q) => /fact_regional_balance/.test(q))).toHaveLength(1);
      expect(queries.filter((q) => /dim_region/.test(q))).toHaveLength(2);
      expect(queries).toHaveLength(3);
    });

    test('national feed, capacity and load factors answer through the wiring', async () => {
      const afterWind = Buffer.from(JSON.stringify(['eolien']), 'utf8').toString('base64url');
      const res = await graphql(
        `
          query ($afterWind: String) {
            nationalBalance(from: "2024-12-31T23:45:00Z", to: "2025-01-01T01:00:00Z", first: 1) {
              nodes {
                timestamp
                consumptionMw
                carbonIntensity
                rteCarbonIntensity
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
            nationalProduction(from: "2024-12-31T23:45:00Z", to: "2025-01-01T00:00:00Z", sourceCode: "gaz") {
              nodes {
                sourceCode
                mw
              }
            }
            nationalBreakdown(
              from: "2024-12-31T23:45:00Z"
              to: "2025-01-01T00:00:00Z"
              componentCode: "gaz_ccg"
            ) {
              edges {
                node {
                  componentCode
                  mw
                }
              }
            }
            nationalExchanges(
              from: "2024-12-31T23:45:00Z"
              to: "2025-01-01T00:00:00Z"
              border: "angleterre"
            ) {
              nodes {
                border
                commercialMw
              }
            }
            installedCapacity(regionCode: "84", first: 1) {
              nodes {
                sourceCode
                year
                capacityMw
              }
              pageInfo {
                hasNextPage
              }
            }
            loadFactors(
              regionCode: "84"
              from: "2022-12-31T23:00:00Z"
              to: "2023-01-01T00:00:00Z"
              first: 1
              after: $afterWind
            ) {
              nodes {
                sourceCode
                capacityMw
                energyLoadFactorPct
              }
            }
          }
        `,
        { afterWind },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toEqual({
        nationalBalance: {
          nodes: [
            {
              timestamp: '2024-12-31T23:45:00.000Z',
              consumptionMw: 61522,
              carbonIntensity: 2_026_129 / 64_400,
              rteCarbonIntensity: 21,
            },
          ],
          pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
        },
        nationalProduction: { nodes: [{ sourceCode: 'gaz', mw: 1949 }] },
        nationalBreakdown: { edges: [{ node: { componentCode: 'gaz_ccg', mw: 393 } }] },
        nationalExchanges: { nodes: [{ border: 'angleterre', commercialMw: 2514 }] },
        installedCapacity: {
          nodes: [{ sourceCode: 'hydraulique', year: 2023, capacityMw: 11650.5 }],
          pageInfo: { hasNextPage: true },
        },
        // the page starts after eolien, at hydraulique
        loadFactors: {
          nodes: [
            { sourceCode: 'hydraulique', capacityMw: 11650.5, energyLoadFactorPct: (100 * 621) / 11650.5 },
          ],
        },
      });
    });

    test('bad input answers 400 with a clear message, on root fields and on Region.perCapita', async () => {
      const border = await graphql(`
        {
          nationalExchanges(from: "2025-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z", border: "mars") {
            nodes {
              border
            }
          }
        }
      `);
      expect(border.status).toBe(400);
      expect(border.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/unknown border "mars"; expected one of/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const long = await graphql(`
        {
          nationalBalance(from: "2025-01-01T00:00:00Z", to: "2025-03-01T00:00:00Z") {
            nodes {
              timestamp
            }
          }
        }
      `);
      expect(long.status).toBe(400);
      expect(long.body.errors?.[0]?.message).toMatch(/at most 31 days/);
      const reversed = await graphql(`
        {
          regions(first: 2) {
            nodes {
              code
              perCapita(from: "2025-02-21T00:00:00Z", to: "2025-02-20T00:00:00Z") {
                quarterHours
              }
            }
          }
        }
      `);
      expect(reversed.status).toBe(400);
      expect(reversed.body.errors?.[0]).toMatchObject({
        message: '`from` must be before `to`',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const region = await graphql(`
        {
          loadFactors(
            regionCode: "1; DROP TABLE dim_region"
            from: "2025-01-01T00:00:00Z"
            to: "2025-01-02T00:00:00Z"
          ) {
            nodes {
              sourceCode
            }
          }
        }
      `);
      expect(region.status).toBe(400);
      expect(region.body.errors?.[0]?.message).toMatch(/unknown regionCode/);
    });
  });
});
