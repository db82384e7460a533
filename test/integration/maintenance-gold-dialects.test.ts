import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { cleanMaintenanceEvents, type RawEventRow } from '../../activities/sources/maintenance/silver';
import { loadMaintenanceDays } from '../../activities/sources/maintenance/gold';
import type { Config } from '../../activities/config';
import { createReaderDb, createWriterDb } from '../../lib/db';
import { prepareGoldDatabase } from '../../db/prepare';
import { maintenanceEvents } from '../../graphql/gold-queries';
import { refusal } from '../helpers/refusal';
import { startTestPostgres } from '../helpers/postgres';

/**
 * fact_maintenance_event on both gold databases (the embedded SQLite file and a PostgreSQL server
 * started for the test): migration 006, upserts that keep first_seen_at, move last_seen_at and
 * rewrite nothing on a repeated load, the region foreign key, the API's overlap query.
 */

interface Dialect {
  config: Config['db'];
  stop(): Promise<void>;
}

async function sqliteDialect(): Promise<Dialect> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-maint-gold-'));
  return {
    config: { client: 'sqlite', file: path.join(dir, 'gold.sqlite') },
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresDialect(): Promise<Dialect> {
  const pg = await startTestPostgres();
  return { config: { client: 'pg', writerUrl: pg.writerUrl, readerUrl: pg.readerUrl }, stop: pg.stop };
}

const event = (fields: Partial<RawEventRow['fields']>, scrapedAt: string): RawEventRow => ({
  fields: {
    event_id: 'SYN-UNAV-2025-0001',
    unit: 'PALUEL 3',
    zone: 'Normandie',
    type: 'Planifiée',
    start: '2025-03-01T00:00:00+01:00',
    end: '2025-04-12T23:00:00+02:00',
    unavailable_mw: '1 330',
    description: 'Visite partielle',
    ...fields,
  },
  bronzeKey: 'bronze/maintenance/events/test.json',
  scrapedAt,
});

describe.each([
  ['SQLite', sqliteDialect],
  ['PostgreSQL', postgresDialect],
])('fact_maintenance_event on %s', (_name, makeDialect) => {
  let dialect: Dialect;
  let writer: Knex;
  let reader: Knex;

  const load = (rows: RawEventRow[]) => loadMaintenanceDays(writer, [cleanMaintenanceEvents(rows).clean]);
  const table = () => writer('fact_maintenance_event').select('*').orderBy('event_id');
  const iso = (v: unknown) => new Date(v as string).toISOString();

  beforeAll(async () => {
    dialect = await makeDialect();
    writer = createWriterDb(dialect.config);
    await prepareGoldDatabase(writer, dialect.config);
    reader = createReaderDb(dialect.config);
  }, 120_000);

  afterAll(async () => {
    await reader?.destroy();
    await writer?.destroy();
    await dialect?.stop();
  });

  test('events load with UTC instants, the region code and a null region for national zones', async () => {
    expect(
      await load([
        event({}, '2025-03-01T10:00:00.000Z'),
        event(
          { event_id: 'SYN-2', zone: 'France', type: 'Fortuite', unavailable_mw: '1 000' },
          '2025-03-01T10:00:00.000Z',
        ),
      ]),
    ).toBe(2);
    const rows = await table();
    expect(
      rows.map((r) => [
        r.event_id,
        r.region_code,
        r.event_type,
        iso(r.start_utc),
        iso(r.end_utc),
        r.unavailable_mw,
      ]),
    ).toEqual([
      ['SYN-2', null, 'forced', '2025-02-28T23:00:00.000Z', '2025-04-12T21:00:00.000Z', 1000],
      ['SYN-UNAV-2025-0001', '28', 'planned', '2025-02-28T23:00:00.000Z', '2025-04-12T21:00:00.000Z', 1330],
    ]);
  });

  test('the same scrape loaded again rewrites nothing, not even loaded_at', async () => {
    const before = await table();
    await load([
      event({}, '2025-03-01T10:00:00.000Z'),
      event(
        { event_id: 'SYN-2', zone: 'France', type: 'Fortuite', unavailable_mw: '1 000' },
        '2025-03-01T10:00:00.000Z',
      ),
    ]);
    expect(await table()).toEqual(before);
  });

  test('a later scrape updates the values and last_seen_at and keeps first_seen_at', async () => {
    await load([
      event({ unavailable_mw: '900', end: '2025-04-20T00:00:00+02:00' }, '2025-03-02T08:00:00.000Z'),
    ]);
    const row = await writer('fact_maintenance_event').where({ event_id: 'SYN-UNAV-2025-0001' }).first();
    expect([row.unavailable_mw, iso(row.end_utc), iso(row.first_seen_at), iso(row.last_seen_at)]).toEqual([
      900,
      '2025-04-19T22:00:00.000Z',
      '2025-03-01T10:00:00.000Z',
      '2025-03-02T08:00:00.000Z',
    ]);
  });

  test('a region code outside dim_region is refused by the foreign key', async () => {
    const failure = await refusal(
      writer('fact_maintenance_event').insert({
        event_id: 'bad-region',
        unit: 'X',
        zone: 'X',
        region_code: '99',
        event_type: 'planned',
        start_utc: '2025-03-01T00:00:00.000Z',
        end_utc: '2025-03-02T00:00:00.000Z',
        unavailable_mw: 1,
        first_seen_at: '2025-03-01T00:00:00.000Z',
        last_seen_at: '2025-03-01T00:00:00.000Z',
        loaded_at: '2025-03-01T00:00:00.000Z',
      }),
    );
    expect(failure).toMatch(/foreign key/i);
  });

  test('the API reads events overlapping a period, by region, and cannot write', async () => {
    const normandy = await maintenanceEvents(
      reader,
      { from: new Date('2025-04-15T00:00:00Z'), to: new Date('2025-04-16T00:00:00Z') },
      '28',
    );
    expect(normandy.map((e) => [e.eventId, e.unavailableMw, e.end.toISOString()])).toEqual([
      ['SYN-UNAV-2025-0001', 900, '2025-04-19T22:00:00.000Z'],
    ]);
    const all = await maintenanceEvents(reader, {
      from: new Date('2025-04-15T00:00:00Z'),
      to: new Date('2025-04-16T00:00:00Z'),
    });
    expect(all.map((e) => e.eventId)).toEqual(['SYN-UNAV-2025-0001']);
    expect(await refusal(reader('fact_maintenance_event').del())).toMatch(/readonly|permission denied/i);
  });
});
