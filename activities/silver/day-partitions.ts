import pl from 'nodejs-polars';
import type { LakeStore } from '../../lib/lake';
import { parquetBytes } from '../../lib/parquet';
import { reportProgress } from '../heartbeat';

/** `silver/<dataset>/year=YYYY/month=MM/day=DD/data.parquet` for a UTC day `YYYY-MM-DD`. */
export function dayPartitionKey(prefix: string, day: string): string {
  const [y, m, d] = day.split('-');
  return `${prefix}/year=${y}/month=${m}/day=${d}/data.parquet`;
}

/**
 * Merges clean rows into their UTC day partitions: existing rows first, new rows after, then
 * deduplicated on the natural key keeping the last, so a re-run rewrites the same content and a
 * later publication replaces an earlier one. Returns the days written, sorted.
 */
export async function mergeIntoDayPartitions(
  lake: LakeStore,
  clean: pl.DataFrame,
  prefix: string,
  naturalKey: string[],
): Promise<string[]> {
  const days: string[] = [];
  const order = ['ts_utc', ...naturalKey.filter((c) => c !== 'ts_utc')];
  const parts = clean
    .withColumns(pl.col('ts_utc').dt.strftime('%Y-%m-%d').alias('_day'))
    .partitionBy('_day', true, true);
  for (const withDay of parts) {
    const day = withDay.getColumn('_day').get(0) as string;
    const key = dayPartitionKey(prefix, day);
    let part = withDay.drop('_day');
    if (await lake.exists(key)) {
      part = pl.concat([pl.readParquet(await lake.get(key)), part], { how: 'diagonal' });
    }
    part = part.unique({ subset: naturalKey, keep: 'last', maintainOrder: true }).sort(order);
    await lake.put(key, parquetBytes(part));
    days.push(day);
    // Polars holds the event loop while it merges: the heartbeat timer cannot be relied on here.
    reportProgress();
  }
  return days.sort();
}

/** What a Bronze -> Silver activity writing day partitions reports. */
export interface SilverResult {
  days: string[];
  rows: number;
  rejected: number;
  unknownColumns: string[];
}
