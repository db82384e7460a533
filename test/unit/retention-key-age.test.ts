import { dayExpired, keyDay, retentionCutoff } from '../../lib/retention/key-age';
import { bronzePayloadParts, lakeZoneOf } from '../../lib/retention/lake-zones';

const at = (iso: string) => new Date(iso);

describe('keyDay: the UTC day a key is dated by', () => {
  test.each([
    [
      'bronze/rte/production/eco2mix-regional-tr/date=2025-03-30/20250330T010000Z_0123456789abcdef.json',
      '2025-03-30',
    ],
    [
      'bronze/rte/production/eco2mix-regional-tr/date=2025-03-30/20250330T010000Z_0123456789abcdef.json.meta.json',
      '2025-03-30',
    ],
    ['silver/eco2mix_regional/year=2024/month=10/day=27/data.parquet', '2024-10-27'],
    ['silver/x/year=2024/month=02/day=29/data.parquet', '2024-02-29'],
  ])('%s → %s', (key, day) => {
    expect(keyDay(key)?.toISOString()).toBe(`${day}T00:00:00.000Z`);
  });

  test.each([
    'bronze/rte/production/eco2mix-regional-tr/_by_sha256/0123456789abcdef0123',
    'bronze/climate/era5/year=2024/month=01/t2m_0123456789abcdef.parquet', // a month of data, not a day
    'silver/capacity/year=2024/data.parquet',
    'silver/reference_sites/data.parquet',
    'silver/x/year=2023/month=02/day=29/data.parquet', // not a leap year
    'bronze/x/date=2025-13-01/a.json',
    'bronze/x/date=2025-1-01/a.json',
    'silver/x/year=2024/day=01/month=02/data.parquet', // out of order
  ])('%s has no day', (key) => {
    expect(keyDay(key)).toBeUndefined();
  });
});

describe('retentionCutoff and dayExpired', () => {
  test('0 days keeps forever; a negative or fractional number is refused', () => {
    expect(retentionCutoff(at('2026-12-01T03:17:00Z'), 0)).toBeUndefined();
    expect(() => retentionCutoff(at('2026-12-01T03:17:00Z'), -1)).toThrow(RangeError);
    expect(() => retentionCutoff(at('2026-12-01T03:17:00Z'), 1.5)).toThrow(RangeError);
  });

  test('a day expires only when all of it is older than the cutoff', () => {
    const cutoff = retentionCutoff(at('2026-12-01T03:17:00Z'), 90) as Date;
    expect(cutoff.toISOString()).toBe('2026-09-02T03:17:00.000Z');
    expect(dayExpired(keyDay('bronze/s/date=2026-09-01/a.json') as Date, cutoff)).toBe(true);
    // The cutoff falls inside 2 September: part of that day is younger, so it stays.
    expect(dayExpired(keyDay('bronze/s/date=2026-09-02/a.json') as Date, cutoff)).toBe(false);
    expect(dayExpired(keyDay('bronze/s/date=2026-09-03/a.json') as Date, cutoff)).toBe(false);
  });

  test('a cutoff exactly at midnight UTC expires the day that ends there, not the one it starts', () => {
    const cutoff = retentionCutoff(at('2026-12-01T00:00:00Z'), 1) as Date;
    expect(cutoff.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(dayExpired(at('2026-11-29T00:00:00Z'), cutoff)).toBe(true);
    expect(dayExpired(at('2026-11-30T00:00:00Z'), cutoff)).toBe(false);
  });

  test('days are 24 h in UTC: the Paris DST changes move no cutoff', () => {
    // Spring forward (30 March 2025, Paris 02:00 → 03:00) and fall back (26 October 2025).
    expect(retentionCutoff(at('2025-03-31T00:30:00Z'), 1)?.toISOString()).toBe('2025-03-30T00:30:00.000Z');
    expect(retentionCutoff(at('2025-10-27T00:30:00Z'), 2)?.toISOString()).toBe('2025-10-25T00:30:00.000Z');
    // Silver's 26 October (a 25-hour day in Paris) is one UTC day: kept until its UTC end has passed.
    const day = keyDay('silver/x/year=2025/month=10/day=26/data.parquet') as Date;
    expect(dayExpired(day, at('2025-10-26T23:59:59.999Z'))).toBe(false);
    expect(dayExpired(day, at('2025-10-27T00:00:00Z'))).toBe(true);
  });
});

describe('lakeZoneOf: the only keys retention may delete', () => {
  test.each([
    ['bronze/rte/production/eco2mix-regional-tr/date=2025-01-01/a.json', 'bronze'],
    ['bronze/rte/production/eco2mix-regional-tr/_by_sha256/abc', 'bronze'],
    ['silver/eco2mix_regional/year=2025/month=01/day=01/data.parquet', 'silver'],
    ['bronze/_quarantine/entsoe/0123456789abcdef.txt', 'quarantine'],
    ['bronze/climate/era5/_rejected/t2m_0123456789abcdef.json', 'quarantine'],
    ['silver/_rejected/eco2mix_regional/abc.parquet', 'quarantine'],
  ])('%s is %s', (key, zone) => {
    expect(lakeZoneOf(key)).toBe(zone);
  });

  test.each(['gold/exports/2025/file.csv', 'gold/_rejected/x', 'bronze', 'silverish/x', 'other/bronze/x'])(
    '%s is in no zone',
    (key) => {
      expect(lakeZoneOf(key)).toBeUndefined();
    },
  );

  test('a dated Bronze payload names its prefix and hash; its sidecar and markers do not', () => {
    expect(bronzePayloadParts('bronze/rte/x/date=2025-01-01/20250101T000000Z_0123456789abcdef.json')).toEqual(
      {
        prefix: 'bronze/rte/x',
        sha16: '0123456789abcdef',
      },
    );
    expect(
      bronzePayloadParts('bronze/rte/x/date=2025-01-01/20250101T000000Z_0123456789abcdef.json.meta.json'),
    ).toBeUndefined();
    expect(bronzePayloadParts('bronze/rte/x/_by_sha256/0123456789abcdef')).toBeUndefined();
  });
});
