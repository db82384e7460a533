import { mixOption } from '../../ui/src/charts/mix-option';
import { weatherOption } from '../../ui/src/charts/region-options';
import { regionalCsvUrl } from '../../ui/src/data/csv-export';
import { rangeFromSearch } from '../../ui/src/data/range';

/** What the region screen builds without the API: its CSV address and its chart options. */

const NOW = Date.parse('2025-02-20T12:00:00Z');
const range = (preset: string) => rangeFromSearch(new URLSearchParams({ range: preset }), NOW);

test('the CSV is asked at the grain the screen draws: quarter-hours up to 31 days, Paris days beyond', () => {
  const day = new URL(regionalCsvUrl('75', range('24h')), 'http://x');
  expect(day.pathname).toBe('/exports/regional-production.csv');
  expect(Object.fromEntries(day.searchParams)).toEqual({
    region_code: '75',
    from: '2025-02-19T12:00:00.000Z',
    to: '2025-02-20T12:00:00.000Z',
    granularity: '15min',
  });
  expect(new URL(regionalCsvUrl('75', range('30d')), 'http://x').searchParams.get('granularity')).toBe(
    '15min',
  );
  expect(new URL(regionalCsvUrl('75', range('1y')), 'http://x').searchParams.get('granularity')).toBe('day');
});

test('maintenance spans shade the mix chart as one legend entry; none, no entry', () => {
  const mix = [
    { timestamp: '2025-02-20T10:00:00Z', sourceCode: 'nucleaire', sourceLabel: 'Nuclear', mw: 5790 },
  ];
  const spans = [{ from: '2025-02-20T08:00:00Z', to: '2025-02-20T11:00:00Z', label: 'BLAYAIS 3' }];
  const series = mixOption(mix, [], { name: 'Unavailabilities', spans }).series as {
    name: string;
    markArea?: { data: unknown[] };
  }[];
  expect(series.map((s) => s.name)).toEqual(['Nuclear', 'Unavailabilities']);
  expect(series[1]!.markArea!.data).toEqual([
    [{ xAxis: '2025-02-20T08:00:00Z', name: 'BLAYAIS 3' }, { xAxis: '2025-02-20T11:00:00Z' }],
  ]);
  expect((mixOption(mix, []).series as unknown[]).length).toBe(1);
});

test('weather draws wind, irradiance and temperature on their own axes, a missing value as a gap', () => {
  const option = weatherOption([
    { hour: '2025-02-20T10:00:00Z', windSpeedMs: 4.2, solarIrradianceWm2: 310, temperatureC: 11.5 },
    { hour: '2025-02-20T11:00:00Z', windSpeedMs: null, solarIrradianceWm2: 355, temperatureC: 12.1 },
  ]);
  const series = option.series as { name: string; yAxisIndex: number; data: unknown[] }[];
  expect(series.map((s) => [s.name, s.yAxisIndex])).toEqual([
    ['Wind speed (10 m)', 0],
    ['Solar irradiance', 1],
    ['Temperature (2 m)', 2],
  ]);
  expect(series[0]!.data).toEqual([
    ['2025-02-20T10:00:00Z', 4.2],
    ['2025-02-20T11:00:00Z', null],
  ]);
  expect((option.yAxis as { name: string }[]).map((a) => a.name)).toEqual(['m/s', 'W/m²', '°C']);
});
