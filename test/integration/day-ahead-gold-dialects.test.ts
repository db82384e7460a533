import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../../activities/config';
import { DAY_AHEAD_PRICE_UPSERT, dayAheadGoldRows } from '../../activities/sources/day-ahead-prices/gold';
import { DAY_AHEAD_PRICE_GATES } from '../../activities/sources/day-ahead-prices/gates';
import { cleanDayAheadDocuments } from '../../activities/sources/day-ahead-prices/silver';
import type { GateContext } from '../../activities/quality';
import { createWriterDb } from '../../lib/db';
import { bulkUpsert } from '../../lib/upsert';
import { prepareGoldDatabase } from '../../db/prepare';
import { a44Document } from '../../replay/entsoe-server';
import { startTestPostgres } from '../helpers/postgres';

/**
 * fact_day_ahead_price on both gold databases (SQLite, and a PostgreSQL server started for the
 * test): migration 018, upserts that rewrite nothing on a repeated load and take a new revision,
 * negative prices, and the gates' SQL over DST days (SYNTHETIC prices from the stand-in).
 */

interface Dialect {
  config: Config['db'];
  stop(): Promise<void>;
}

async function sqliteDialect(): Promise<Dialect> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-prices-gold-'));
  return {
    config: { client: 'sqlite', file: path.join(dir, 'gold.sqlite') },
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresDialect(): Promise<Dialect> {
  const pg = await startTestPostgres();
  return { config: { client: 'pg', writerUrl: pg.writerUrl, readerUrl: pg.readerUrl }, stop: pg.stop };
}

// The autumn DST day (25 hours), then an ordinary one, hourly and quarter-hourly.
const DAYS = ['2026-10-25', '2026-10-26'];
const WINDOW = { from: '2026-10-24T22:00:00.000Z', to: '2026-10-26T23:00:00.000Z' };

function rows(
  revision: number,
  minutes: 60 | 15,
  price?: (day: string, position: number) => number | undefined,
) {
  const body = a44Document({
    days: DAYS,
    resolutionMinutes: minutes,
    curveType: 'A03',
    mrid: 'M',
    revision,
    price,
  });
  const { clean } = cleanDayAheadDocuments([
    { bronzeKey: 'k', receivedAt: '2026-10-24T11:00:00.000Z', body },
  ]);
  return dayAheadGoldRows(clean, new Date().toISOString());
}

describe.each([
  ['SQLite', sqliteDialect],
  ['PostgreSQL', postgresDialect],
])('fact_day_ahead_price on %s', (_name, makeDialect) => {
  let dialect: Dialect;
  let db: Knex;
  const gates = async () => {
    const ctx = { db } as GateContext;
    const out: Record<string, boolean> = {};
    for (const gate of DAY_AHEAD_PRICE_GATES) {
      if (gate.name !== 'freshness') out[gate.name] = (await gate.check(ctx, WINDOW)).passed;
    }
    return out;
  };
  const count = async () => Number((await db('fact_day_ahead_price').count({ n: '*' }))[0]?.n);

  beforeAll(async () => {
    dialect = await makeDialect();
    db = createWriterDb(dialect.config);
    await prepareGoldDatabase(db, dialect.config);
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await dialect?.stop();
  });

  test('hourly and quarter-hourly prices load side by side, DST day complete, negative prices kept', async () => {
    await bulkUpsert(db, DAY_AHEAD_PRICE_UPSERT, [...rows(1, 60), ...rows(1, 15)]);
    expect(await count()).toBe(25 + 24 + 100 + 96);
    const [min] = await db('fact_day_ahead_price').min({ p: 'price_eur_mwh' });
    expect(Number(min?.p)).toBeLessThan(0);
    expect(await gates()).toEqual({ price_within_sdac_limits: true, delivery_day_complete: true });
  });

  test('the same documents again rewrite nothing, not even loaded_at', async () => {
    const before = await db('fact_day_ahead_price').orderBy(['ts_utc', 'resolution_minutes']);
    await bulkUpsert(db, DAY_AHEAD_PRICE_UPSERT, rows(1, 60));
    expect(await db('fact_day_ahead_price').orderBy(['ts_utc', 'resolution_minutes'])).toEqual(before);
  });

  test('a new revision replaces prices; a price beyond the SDAC limits and a missing hour are flagged', async () => {
    const revised = rows(2, 60, (day, position) => (day === DAYS[1] && position === 19 ? 4_500 : undefined));
    await bulkUpsert(
      db,
      DAY_AHEAD_PRICE_UPSERT,
      revised.filter((r) => r.ts_utc !== '2026-10-25T01:00:00.000Z'),
    );
    await db('fact_day_ahead_price')
      .where({ ts_utc: '2026-10-25T01:00:00.000Z', resolution_minutes: 60 })
      .delete();
    const peak = await db('fact_day_ahead_price').where({ resolution_minutes: 60, price_eur_mwh: 4_500 });
    expect(peak).toHaveLength(1);
    expect(peak[0].revision_number).toBe(2);
    expect(await gates()).toEqual({ price_within_sdac_limits: false, delivery_day_complete: false });
  });
});
