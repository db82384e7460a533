import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pl from 'nodejs-polars';
import {
  cleanMaintenanceEvents,
  mergeMaintenanceIntoSilver,
  silverKeyForDay,
  type RawEventRow,
} from '../../activities/sources/maintenance/silver';
import { LocalLake } from '../../lib/lake/local-lake';

/** Silver cleaning of scraped maintenance events, on rows as the page displays them. */

const base: RawEventRow['fields'] = {
  event_id: 'SYN-UNAV-2025-0001',
  unit: 'PALUEL 3',
  zone: 'Normandie',
  type: 'Planifiée',
  start: '2025-03-01T00:00:00+01:00',
  end: '2025-04-12T23:00:00+02:00',
  unavailable_mw: '1\u202f330',
  description: '  Visite partielle   et rechargement ',
};
const row = (
  fields: Partial<RawEventRow['fields']>,
  scrapedAt = '2025-03-01T10:00:00.000Z',
): RawEventRow => ({
  fields: { ...base, ...fields },
  bronzeKey: 'bronze/maintenance/events/x.json',
  scrapedAt,
});
const records = (frame: pl.DataFrame) => frame.toRecords() as Record<string, unknown>[];

test('a displayed event becomes a typed row: UTC instants, French number, type code, region code', () => {
  const { clean, rejected } = cleanMaintenanceEvents([row({})]);
  expect(rejected.height).toBe(0);
  expect(records(clean)).toEqual([
    {
      event_id: 'SYN-UNAV-2025-0001',
      unit: 'PALUEL 3',
      zone: 'Normandie',
      region_code: '28',
      event_type: 'planned',
      start_utc: new Date('2025-02-28T23:00:00Z'),
      end_utc: new Date('2025-04-12T21:00:00Z'),
      unavailable_mw: 1330,
      description: 'Visite partielle et rechargement',
      scraped_at: new Date('2025-03-01T10:00:00Z'),
      first_seen_at: new Date('2025-03-01T10:00:00Z'),
      bronze_key: 'bronze/maintenance/events/x.json',
    },
  ]);
  expect(clean.schema.unavailable_mw).toEqual(pl.Float64);
  for (const c of ['start_utc', 'end_utc', 'scraped_at', 'first_seen_at']) {
    expect(clean.schema[c]).toMatchObject({ variant: 'Datetime', timeZone: 'UTC' });
  }
});

test('zones resolve by name regardless of accents and case, by INSEE code, and national zones to no region', () => {
  const { clean, rejected } = cleanMaintenanceEvents([
    row({ event_id: 'a', zone: 'AUVERGNE-RHONE-ALPES' }),
    row({ event_id: 'b', zone: '93' }),
    row({ event_id: 'c', zone: 'France', type: 'Fortuite', unavailable_mw: '650,5' }),
  ]);
  expect(rejected.height).toBe(0);
  expect(records(clean).map((r) => [r.event_id, r.region_code, r.event_type, r.unavailable_mw])).toEqual([
    ['a', '84', 'planned', 1330],
    ['b', '93', 'planned', 1330],
    ['c', null, 'forced', 650.5],
  ]);
});

test('bad rows are rejected with their reason and their raw values; the rest is kept', () => {
  const { clean, rejected } = cleanMaintenanceEvents([
    row({ event_id: 'ok' }),
    row({ event_id: 'backwards', start: '2025-03-02T00:00:00+01:00', end: '2025-03-01T00:00:00+01:00' }),
    row({ event_id: 'negative', unavailable_mw: '-40' }),
    row({ event_id: 'zone', zone: 'Zone Sud-Ouest' }),
    row({ event_id: 'type', type: 'Inconnue' }),
    row({ event_id: 'local-time', start: '01/03/2025 08:00' }),
    row({ event_id: 'not-a-number', unavailable_mw: 'env. 900' }),
    row({ event_id: 'huge', unavailable_mw: '13 300' }),
    row({ event_id: '  ' }),
  ]);
  expect(records(clean).map((r) => r.event_id)).toEqual(['ok']);
  expect(records(rejected).map((r) => [r.event_id, r.reason])).toEqual([
    ['backwards', 'end 2025-03-01T00:00:00+01:00 is not after start 2025-03-02T00:00:00+01:00'],
    ['negative', 'unavailable_mw -40.0 MW is negative'],
    ['zone', 'unknown zone "Zone Sud-Ouest" (not a region name, INSEE code or national zone)'],
    ['type', 'unknown type "Inconnue" (expected Planifiée or Fortuite)'],
    ['local-time', 'start "01/03/2025 08:00" is not an ISO instant with offset'],
    ['not-a-number', 'unavailable_mw "env. 900" is not a number'],
    ['huge', 'unavailable_mw 13300.0 MW is above 5000 MW'],
    ['  ', 'event_id is missing'],
  ]);
  expect(records(rejected)[0]).toMatchObject({
    bronze_key: 'bronze/maintenance/events/x.json',
    zone: 'Normandie',
    unavailable_mw: '1\u202f330',
  });
});

test('an event seen twice keeps its latest scrape and its first sighting', () => {
  const { clean } = cleanMaintenanceEvents([
    row({ unavailable_mw: '900' }, '2025-03-01T11:00:00.000Z'),
    row({ unavailable_mw: '1330' }, '2025-03-01T10:00:00.000Z'),
    row({ event_id: 'other' }, '2025-03-01T10:00:00.000Z'),
  ]);
  expect(records(clean).map((r) => [r.event_id, r.unavailable_mw, r.scraped_at, r.first_seen_at])).toEqual([
    ['SYN-UNAV-2025-0001', 900, new Date('2025-03-01T11:00:00Z'), new Date('2025-03-01T10:00:00Z')],
    ['other', 1330, new Date('2025-03-01T10:00:00Z'), new Date('2025-03-01T10:00:00Z')],
  ]);
});

test('silver partitions by scrape day; merging the same scrape again changes nothing, a later one wins', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-maint-silver-'));
  try {
    const lake = new LocalLake(dir);
    const first = cleanMaintenanceEvents([row({}), row({ event_id: 'b' })]).clean;
    expect(await mergeMaintenanceIntoSilver(lake, first)).toEqual(['2025-03-01']);
    const key = silverKeyForDay('2025-03-01');
    expect(key).toBe('silver/maintenance/year=2025/month=03/day=01/data.parquet');
    const once = records(pl.readParquet(await lake.get(key)));
    await mergeMaintenanceIntoSilver(lake, first);
    expect(records(pl.readParquet(await lake.get(key)))).toEqual(once);

    const later = cleanMaintenanceEvents([row({ unavailable_mw: '400' }, '2025-03-01T12:00:00.000Z')]).clean;
    await mergeMaintenanceIntoSilver(lake, later);
    const merged = records(pl.readParquet(await lake.get(key)));
    expect(merged.map((r) => [r.event_id, r.unavailable_mw, r.first_seen_at])).toEqual([
      ['SYN-UNAV-2025-0001', 400, new Date('2025-03-01T10:00:00Z')],
      ['b', 1330, new Date('2025-03-01T10:00:00Z')],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
