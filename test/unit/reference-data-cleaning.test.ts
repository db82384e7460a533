import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseReferenceCsv } from '../../activities/sources/reference-data/csv-formats';
import {
  cleanCapacity,
  parseNumber,
  snapshotYearFromName,
} from '../../activities/sources/reference-data/capacity-silver';
import { cleanDemographics } from '../../activities/sources/reference-data/demographics-gold';
import { loadFactorPct } from '../../activities/sources/reference-data/capacity-gold';
import { regionAreasKm2 } from '../../lib/geo/region-area';
import { sourceForFiliere } from '../../lib/domain/registry-filieres';

const FIXTURES = path.join(__dirname, '../fixtures/reference');
const ODRE_FILE = 'registre-national-installation-production-stockage-electricite-agrege-311224.csv';
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

function parsedOk(kind: 'capacity' | 'demographics', bytes: Buffer) {
  const parsed = parseReferenceCsv(kind, bytes);
  if (!parsed.ok) throw new Error(`expected a valid file, got: ${parsed.reason}`);
  return parsed;
}

describe('landing CSV format detection', () => {
  test('the ODRE registry export is recognised by its ";" header', () => {
    const parsed = parsedOk('capacity', fixture(ODRE_FILE));
    expect(parsed.format.id).toBe('odre-registry');
    expect(parsed.records).toHaveLength(8);
    expect(parsed.records[0]).toMatchObject({
      coderegion: '75',
      filiere: 'Solaire',
      puismaxinstallee: '12450.5',
    });
  });

  test('the plain regional table is recognised by its "," header, with a BOM and CRLF', () => {
    const text = '\ufeff' + fixture('regional-capacity-2023.csv').toString('utf8').replace(/\n/g, '\r\n');
    const parsed = parsedOk('capacity', Buffer.from(text));
    expect(parsed.format.id).toBe('regional-capacity');
    expect(parsed.columns).toEqual(['region_code', 'source_code', 'year', 'capacity_mw', 'installations']);
    expect(parsed.records).toHaveLength(4);
  });

  test('demographics files are recognised with either delimiter', () => {
    expect(parsedOk('demographics', fixture('region-demographics-2023.csv')).format.id).toBe(
      'region-demographics',
    );
    const semicolon = Buffer.from('region_code;population\n11;12358932\n');
    expect(parsedOk('demographics', semicolon).records).toEqual([
      { region_code: '11', population: '12358932' },
    ]);
  });

  test.each([
    ['an unterminated quote', fixture('malformed-capacity.csv'), /unparsable CSV: .*quote/i],
    [
      'a row with a field too many',
      Buffer.from('region_code,source_code,year,capacity_mw\n84,eolien,2023,10,7\n'),
      /unparsable CSV/,
    ],
    [
      'an unknown header',
      Buffer.from('code;power\n84;10\n'),
      /header "code;power" .* matches no capacity format/,
    ],
    [
      'the regional header with ";"',
      Buffer.from('region_code;source_code;year;capacity_mw\n84;eolien;2023;1\n'),
      /matches no capacity format/,
    ],
    ['a header without rows', Buffer.from('region_code,source_code,year,capacity_mw\n'), /no data rows/],
    ['an empty file', Buffer.from('  \n'), /empty file/],
    ['bytes that are not UTF-8', Buffer.from([0x63, 0x6f, 0xff, 0xfe, 0x0a]), /not UTF-8/],
    [
      'a duplicated column',
      Buffer.from('region_code,source_code,year,capacity_mw,year\n84,eolien,2023,1,2023\n'),
      /duplicated columns: year/,
    ],
  ])('a capacity file with %s is malformed, with the reason', (_, bytes, reason) => {
    const parsed = parseReferenceCsv('capacity', bytes);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });

  test('a capacity table is not accepted as demographics', () => {
    const parsed = parseReferenceCsv('demographics', fixture('regional-capacity-2023.csv'));
    expect(parsed.ok ? '' : parsed.reason).toMatch(/matches no demographics format; expected region table/);
  });
});

describe('capacity Silver cleaning', () => {
  const origin = {
    bronzeKey: 'bronze/reference/capacity/x.csv',
    fileName: ODRE_FILE,
    receivedAt: '2025-03-01T10:00:00.000Z',
  };

  test('ODRE rows are summed per region x source, kW become MW, the year comes from the file name', () => {
    const parsed = parsedOk('capacity', fixture(ODRE_FILE));
    const { rows, rejected, yearFrom } = cleanCapacity(parsed.records, parsed.format.id, origin);
    expect(yearFrom).toBe('file name');
    expect(rows.map((r) => [r.region_code, r.source_code, r.year, r.capacity_mw, r.installations])).toEqual([
      ['53', 'destockage_batterie', 2024, 12, 1],
      ['53', 'solaire', 2024, 8.12025, 950], // "8120,25" kW: a decimal comma
      ['75', 'eolien', 2024, 36, 1],
      ['75', 'nucleaire', 2024, 3640, 4],
      ['75', 'solaire', 2024, 312.4505, 1521], // 12 450.5 kW + 300 000 kW
    ]);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [6, 'regime "En projet" is not "En service"'],
      [8, 'filière "Energies Marines" has no eCO2mix source'],
    ]);
  });

  test('the plain table keeps MW; bad rows are rejected with their reason, nothing is dropped', () => {
    const records = [
      {
        region_code: '84',
        source_code: 'hydraulique',
        year: '2023',
        capacity_mw: '11650.5',
        installations: '512',
      },
      { region_code: '99', source_code: 'eolien', year: '2023', capacity_mw: '1', installations: '' },
      { region_code: '84', source_code: 'charbon', year: '2023', capacity_mw: '1', installations: '' },
      { region_code: '84', source_code: 'eolien', year: '23', capacity_mw: '1', installations: '' },
      { region_code: '84', source_code: 'eolien', year: '2023', capacity_mw: 'ND', installations: '' },
      { region_code: '84', source_code: 'eolien', year: '2023', capacity_mw: '-5', installations: '' },
      { region_code: '84', source_code: 'eolien', year: '2023', capacity_mw: '2100', installations: '2.5' },
      {
        region_code: '84',
        source_code: 'hydraulique',
        year: '2023',
        capacity_mw: '11000',
        installations: '',
      },
      { region_code: '84', source_code: 'solaire', year: '2023', capacity_mw: '250000', installations: '' },
    ];
    const { rows, rejected } = cleanCapacity(records, 'regional-capacity', {
      ...origin,
      fileName: 'table.csv',
    });
    expect(rows).toEqual([
      {
        region_code: '84',
        source_code: 'hydraulique',
        year: 2023,
        capacity_mw: 11650.5,
        installations: 512,
        bronze_key: origin.bronzeKey,
      },
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      'unknown region code "99"',
      'unknown source code "charbon"',
      'year "23" is not a year',
      'capacity_mw "ND" is not a number',
      'capacity -5 MW is negative',
      'installation count "2.5" is not a whole number',
      'duplicate of an earlier row for 84 x hydraulique x 2023',
      '84 x solaire x 2023: 250000 MW is beyond 100000 MW',
    ]);
    expect(rows.length + rejected.length).toBe(records.length);
  });

  test('the snapshot year: ODRE archive suffix, a four-digit year, else none', () => {
    expect(snapshotYearFromName(ODRE_FILE)).toBe(2024);
    expect(snapshotYearFromName('capacites-2022.csv')).toBe(2022);
    expect(snapshotYearFromName('export.csv')).toBeUndefined();
  });

  test('numbers: decimal comma and thousands spaces accepted, anything else is not a number', () => {
    expect([
      parseNumber('1 234,5'),
      parseNumber('12'),
      parseNumber(''),
      parseNumber('1e3'),
      parseNumber('ND'),
    ]).toEqual([1234.5, 12, null, undefined, undefined]);
  });

  test('filière labels map whatever their accents and case', () => {
    expect(
      ['Éolien', 'EOLIEN ', 'Thermique non renouvelable', 'Bioénergies', 'Géothermie'].map(sourceForFiliere),
    ).toEqual(['eolien', 'eolien', 'thermique', 'bioenergies', undefined]);
  });
});

describe('demographics and areas', () => {
  test('region areas from the outlines are within 3 % of the INSEE areas', () => {
    const insee: Record<string, number> = { '11': 12011, '53': 27208, '75': 84036, '84': 69711, '94': 8680 };
    const areas = regionAreasKm2();
    for (const [code, km2] of Object.entries(insee)) {
      expect(Math.abs((areas.get(code) as number) / km2 - 1)).toBeLessThan(0.03);
    }
  });

  test('a missing area is taken from the outline and flagged as such; bad rows are rejected', () => {
    const parsed = parsedOk('demographics', fixture('region-demographics-2023.csv'));
    const { rows, rejected } = cleanDemographics(
      [...parsed.records, { region_code: '00', population: '1' }, { region_code: '24', population: '-3' }],
      'k',
    );
    expect(rows.map((r) => [r.region_code, r.population, r.area_source])).toEqual([
      ['11', 12358932, 'demographics'],
      ['53', 3453023, 'geojson'],
      ['75', 6154772, 'demographics'],
    ]);
    expect(rows[1]?.area_km2).toBeCloseTo(regionAreasKm2().get('53') as number, 0);
    expect(rejected.map((r) => r.reason)).toEqual([
      'unknown region code "00"',
      'population "-3" is not a positive whole number',
    ]);
  });

  test('load factor is MW over installed MW, null without a capacity', () => {
    expect(loadFactorPct(900, 3640)).toBeCloseTo(24.725, 3);
    expect([loadFactorPct(null, 10), loadFactorPct(5, undefined), loadFactorPct(5, 0)]).toEqual([
      null,
      null,
      null,
    ]);
  });
});
