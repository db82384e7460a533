import { isLongRange, type TimeRange } from './range';

/**
 * The API's CSV of a region's series (`GET /exports/regional-production.csv`) at the grain the
 * screen draws: quarter-hours up to 31 days, Paris days beyond (the export's limit is 400 days).
 */
export function regionalCsvUrl(region: string, range: TimeRange): string {
  const params = new URLSearchParams({
    region_code: region,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    granularity: isLongRange(range) ? 'day' : '15min',
  });
  return `/exports/regional-production.csv?${params}`;
}
