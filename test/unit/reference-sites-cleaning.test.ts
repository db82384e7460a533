import {
  cleanReferenceSites,
  INPUT_COLUMNS,
  SILVER_SCHEMA,
  snapshotSites,
} from '../../activities/sources/reference-data/sites-silver';

const KEY = 'bronze/reference/sites/date=2026-11-28/20261128T000000Z_0123456789abcdef.json';

const site = (over: Record<string, unknown> = {}) => ({
  site_id: 'S-1',
  site_name: 'Parc éolien',
  filiere: 'Eolien',
  capacity_kw: 36_000,
  commissioned_on: '2009-04-20',
  node_code: 'BRENNP',
  node_name: 'Brennilis',
  voltage_kv: 225,
  region_code: '53',
  region_name: 'Bretagne',
  ...over,
});

describe('reference sites Silver cleaning', () => {
  test('types a snapshot: numbers from numbers or text, kW to MW, dates, filière to eCO2mix source', () => {
    const { clean, rejected, duplicates } = cleanReferenceSites(
      [
        site(),
        site({
          site_id: 'S-2',
          filiere: 'Stockage non hydraulique',
          capacity_kw: ' 12000.5 ',
          voltage_kv: '63',
        }),
        site({ site_id: 'S-3', filiere: 'Marine', commissioned_on: null }),
      ],
      KEY,
    );
    expect(rejected.height).toBe(0);
    expect(duplicates).toBe(0);
    expect(clean.columns).toEqual(Object.keys(SILVER_SCHEMA));
    expect(clean.getColumn('commissioned_on').dtype.equals(SILVER_SCHEMA.commissioned_on)).toBe(true);
    const rows = clean.toRecords();
    expect(rows.map((r) => [r.site_id, r.source_code, r.capacity_kw, r.capacity_mw, r.voltage_kv])).toEqual([
      ['S-1', 'eolien', 36000, 36, 225],
      ['S-2', 'destockage_batterie', 12000.5, 12.0005, 63],
      ['S-3', null, 36000, 36, 225], // no eCO2mix counterpart: kept, source left empty
    ]);
    expect((rows[0]!.commissioned_on as unknown as Date).toISOString().slice(0, 10)).toBe('2009-04-20');
    expect(rows[2]!.commissioned_on).toBeNull();
    expect(rows.every((r) => r.bronze_key === KEY)).toBe(true);
  });

  test('each bad row is rejected with the first rule it fails, its raw fields kept', () => {
    const { clean, rejected } = cleanReferenceSites(
      [
        site({ site_id: ' ' }),
        site({ site_id: 'R-1', region_code: '99' }),
        site({ site_id: 'R-2', region_code: null }),
        site({ site_id: 'R-3', node_code: '' }),
        site({ site_id: 'R-4', capacity_kw: 'ND' }),
        site({ site_id: 'R-5', capacity_kw: -5 }),
        site({ site_id: 'R-6', capacity_kw: 36_000_000_000 }),
        site({ site_id: 'R-7', voltage_kv: 'HTB' }),
        site({ site_id: 'R-8', commissioned_on: '20/04/2009' }),
        site({ site_id: 'R-9', capacity_kw: null }),
        site({ site_id: 'OK' }),
      ],
      KEY,
    );
    expect(clean.getColumn('site_id').toArray()).toEqual(['OK']);
    expect(rejected.columns).toEqual(['bronze_key', 'reason', ...INPUT_COLUMNS]);
    expect(rejected.toRecords().map((r) => [r.site_id, r.reason])).toEqual([
      ['', 'site_id is missing'],
      ['R-1', 'unknown region code "99"'],
      ['R-2', 'region_code is missing'],
      ['R-3', 'node_code is missing'],
      ['R-4', 'capacity_kw "ND" is not a number'],
      ['R-5', 'capacity_kw -5 is negative'],
      ['R-6', 'capacity_kw 36000000000 is beyond 10000000 kW'],
      ['R-7', 'voltage_kv "HTB" is not a number'],
      ['R-8', 'commissioned_on "20/04/2009" is not a YYYY-MM-DD date'],
      ['R-9', 'capacity_kw is missing'],
    ]);
    expect(
      rejected
        .getColumn('bronze_key')
        .toArray()
        .every((k) => k === KEY),
    ).toBe(true);
  });

  test('a site listed twice keeps its later row', () => {
    const { clean, duplicates } = cleanReferenceSites(
      [site({ capacity_kw: 1000 }), site({ site_id: 'S-2' }), site({ capacity_kw: 2000 })],
      KEY,
    );
    expect(duplicates).toBe(1);
    expect(clean.toRecords().map((r) => [r.site_id, r.capacity_kw])).toEqual([
      ['S-1', 2000],
      ['S-2', 36000],
    ]);
  });

  test('a snapshot without a sites array is a schema violation, not an empty registry', () => {
    expect(snapshotSites({ source: 'reference-sites', sites: [site()] }, KEY)).toHaveLength(1);
    expect(() => snapshotSites({ source: 'reference-sites' }, KEY)).toThrow(/is not a sites snapshot/);
    expect(() => snapshotSites({ sites: [1, 2] }, KEY)).toThrow(expect.objectContaining({ kind: 'schema' }));
  });
});
