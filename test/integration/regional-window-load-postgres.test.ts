import type { Knex } from 'knex';
import type { Config } from '../../activities/config';
import { loadIntoWindow } from '../../activities/sources/rte-regional/window-load';
import { FLOW_UPSERT } from '../../activities/sources/rte-regional/gold-mapping';
import { prepareGoldDatabase } from '../../db/prepare';
import { createWriterDb } from '../../lib/db';
import type { UpsertColumns } from '../../lib/upsert';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres';

/**
 * The regional fact load on a real PostgreSQL server: rows into a window that holds none go in by
 * COPY, otherwise by the upsert; both paths must leave exactly the rows loaded, each once.
 */

const REGIONS = ['11', '53'];
const SOURCES = ['eolien', 'nucleaire', 'solaire'];
const LOADED_AT = '2025-03-02T06:00:00.000Z';

/** 2 regions x 3 sources x 8 quarter-hours of `day`, with values that tell the rows apart. */
function flowRows(day: string): UpsertColumns {
  const rows: Record<string, unknown[]> = Object.fromEntries(
    [
      'region_code',
      'source_code',
      'ts_utc',
      'date_key',
      'time_key',
      'mw',
      'coverage_rate_pct',
      'load_factor_pct',
      'loaded_at',
    ].map((c) => [c, []]),
  );
  for (const region of REGIONS)
    for (const [s, source] of SOURCES.entries())
      for (let q = 0; q < 8; q++) {
        const ts = new Date(Date.parse(`${day}T00:00:00Z`) + q * 900_000);
        rows.region_code!.push(region);
        rows.source_code!.push(source);
        rows.ts_utc!.push(ts.toISOString());
        rows.date_key!.push(Number(day.replace(/-/g, '')));
        rows.time_key!.push(100 + q * 15);
        rows.mw!.push(Number(region) * 1000 + s * 100 + q);
        rows.coverage_rate_pct!.push(q % 2 ? null : 50 + q);
        rows.load_factor_pct!.push(s === 2 ? null : q / 10);
        rows.loaded_at!.push(LOADED_AT);
      }
  return rows;
}

const rowCount = (rows: UpsertColumns) => rows.region_code!.length;

/** The rows as the table should hold them, in key order. */
function expected(rows: UpsertColumns): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < rowCount(rows); i++)
    out.push([
      rows.region_code![i],
      rows.source_code![i],
      rows.ts_utc![i],
      rows.mw![i],
      rows.coverage_rate_pct![i],
      rows.load_factor_pct![i],
    ]);
  return out.sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
}

describe('regional facts on PostgreSQL: COPY into an empty window, upsert otherwise', () => {
  let pg: TestPostgres;
  let db: Knex;

  /** Every energy-flow row of `day`, duplicates included, in key order. */
  async function stored(day: string): Promise<unknown[][]> {
    const rows = await db('fact_energy_flow')
      .where('ts_utc', '>=', `${day}T00:00:00Z`)
      .andWhere('ts_utc', '<', `${day}T23:59:59Z`)
      .select('region_code', 'source_code', 'ts_utc', 'mw', 'coverage_rate_pct', 'load_factor_pct');
    return rows
      .map((r) => [
        r.region_code,
        r.source_code,
        new Date(r.ts_utc).toISOString(),
        r.mw,
        r.coverage_rate_pct,
        r.load_factor_pct,
      ])
      .sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
  }

  const load = (rows: UpsertColumns) => db.transaction((trx) => loadIntoWindow(trx, FLOW_UPSERT, rows));

  beforeAll(async () => {
    pg = await startTestPostgres();
    const config: Config['db'] = { client: 'pg', writerUrl: pg.writerUrl, readerUrl: pg.readerUrl };
    db = createWriterDb(config);
    await prepareGoldDatabase(db, config);
  });

  afterAll(async () => {
    await db?.destroy();
    await pg?.stop();
  });

  test('an empty window is COPYed, every row once; rows in it are upserted to the same result', async () => {
    const rows = flowRows('2025-03-01');
    expect(await load(rows)).toEqual({ changes: rowCount(rows), path: 'copy' });
    expect(await stored('2025-03-01')).toEqual(expected(rows));

    // Some rows changed, some gone: the window holds rows, so the same load upserts them back.
    await db('fact_energy_flow').where({ region_code: '11', source_code: 'eolien' }).update({ mw: -1 });
    await db('fact_energy_flow').where({ region_code: '53', source_code: 'solaire' }).delete();
    expect(await load(rows)).toEqual({ changes: 16, path: 'upsert' });
    expect(await stored('2025-03-01')).toEqual(expected(rows));

    // Nothing changed: the upsert rewrites nothing.
    expect(await load(rows)).toEqual({ changes: 0, path: 'upsert' });
    expect(await stored('2025-03-01')).toEqual(expected(rows));
  });

  test('a row another loader commits after the emptiness check: the COPY yields to the upsert', async () => {
    const rows = flowRows('2025-03-02');
    const other = await db.transaction();
    await other('fact_energy_flow').insert({
      region_code: '53',
      source_code: 'nucleaire',
      ts_utc: '2025-03-02T01:00:00.000Z',
      date_key: 20250302,
      time_key: 160,
      mw: -5,
      loaded_at: LOADED_AT,
    });
    // The uncommitted row is not seen by the check; the COPY waits on its key.
    const loading = load(rows);
    const waitingCopy = async () => {
      const { rows: found } = (await db.raw(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY%'`,
      )) as { rows: { n: number }[] };
      return found[0]!.n > 0;
    };
    for (let i = 0; i < 200 && !(await waitingCopy()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await waitingCopy()).toBe(true);
    await other.commit();

    expect(await loading).toEqual({ changes: rowCount(rows), path: 'upsert' });
    expect(await stored('2025-03-02')).toEqual(expected(rows));
  });
});
