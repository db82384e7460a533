import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { AUDIT_STEP } from '../../audit-vocabulary';
import { reportProgress } from '../../heartbeat';
import { dayPartitionKey } from '../../silver/day-partitions';
import type { LakeStore } from '../../../lib/lake';
import { parquetBytes } from '../../../lib/parquet';
import { parseEntsoeDocument, type A44Row } from './a44';
import { SOURCE } from './fetch';

/**
 * Silver dataset `day_ahead_price`: one row per bidding zone, delivery instant (UTC) and
 * resolution, price in EUR/MWh (negative prices are real and kept), with the document (mRID,
 * revision) and the Bronze object it came from. A03 curves are expanded to every position.
 * Partitioned by the UTC day of ts_utc; a key seen in several documents keeps the highest
 * revision, then the latest received.
 */
export const DATASET = 'day_ahead_price';
export const SILVER_PREFIX = `silver/${DATASET}`;
export const REJECTED_PREFIX = `silver/_rejected/${DATASET}`;
export const NATURAL_KEY = ['bidding_zone', 'ts_utc', 'resolution_minutes'];

export const silverKeyForDay = (day: string) => dayPartitionKey(SILVER_PREFIX, day);

export interface ReceivedDocument {
  bronzeKey: string;
  receivedAt: string;
  body: string;
}

export interface DayAheadCleanResult {
  clean: pl.DataFrame;
  rejected: pl.DataFrame;
}

const instant = (c: string) =>
  pl.col(c).str.replace('Z$', '+00:00').str.strptime(pl.Datetime('ms'), '%Y-%m-%dT%H:%M:%S%.f%z');

/** The documents' rows, deduplicated (highest revision, then latest received, wins); unreadable points rejected with their reason. */
export function cleanDayAheadDocuments(documents: ReceivedDocument[]): DayAheadCleanResult {
  const rows: (A44Row & { bronze_key: string; received_at: string })[] = [];
  const rejected: { reason: string; raw: string; bronze_key: string }[] = [];
  for (const d of documents) {
    const doc = parseEntsoeDocument(d.body);
    if (doc.kind !== 'publication') continue;
    for (const r of doc.rows) rows.push({ ...r, bronze_key: d.bronzeKey, received_at: d.receivedAt });
    for (const r of doc.rejected) rejected.push({ ...r, bronze_key: d.bronzeKey });
  }
  const frame = pl
    .DataFrame(
      {
        ts_utc: rows.map((r) => r.ts_utc),
        resolution_minutes: rows.map((r) => r.resolution_minutes),
        price_eur_mwh: rows.map((r) => r.price_eur_mwh),
        bidding_zone: rows.map((r) => r.bidding_zone),
        document_mrid: rows.map((r) => r.document_mrid),
        revision_number: rows.map((r) => r.revision_number),
        received_at: rows.map((r) => r.received_at),
        bronze_key: rows.map((r) => r.bronze_key),
      },
      {
        schema: {
          ts_utc: pl.Utf8,
          resolution_minutes: pl.Int32,
          price_eur_mwh: pl.Float64,
          bidding_zone: pl.Utf8,
          document_mrid: pl.Utf8,
          revision_number: pl.Int32,
          received_at: pl.Utf8,
          bronze_key: pl.Utf8,
        },
      },
    )
    .withColumns(instant('ts_utc').alias('ts_utc'), instant('received_at').alias('received_at'));
  const clean = latestPerKey(frame);
  return {
    clean,
    rejected: pl.DataFrame(
      {
        reason: rejected.map((r) => r.reason),
        raw: rejected.map((r) => r.raw),
        bronze_key: rejected.map((r) => r.bronze_key),
      },
      { schema: { reason: pl.Utf8, raw: pl.Utf8, bronze_key: pl.Utf8 } },
    ),
  };
}

function latestPerKey(frame: pl.DataFrame): pl.DataFrame {
  return frame
    .sort(['revision_number', 'received_at'])
    .unique({ subset: NATURAL_KEY, keep: 'last', maintainOrder: true })
    .sort(['ts_utc', 'resolution_minutes', 'bidding_zone']);
}

/** Merges clean rows into their UTC day partitions; stored and new rows compete on revision, then receipt. */
export async function mergeDayAheadIntoSilver(lake: LakeStore, clean: pl.DataFrame): Promise<string[]> {
  const days: string[] = [];
  if (clean.height === 0) return days;
  const parts = clean
    .withColumns(pl.col('ts_utc').dt.strftime('%Y-%m-%d').alias('_day'))
    .partitionBy('_day', true, true);
  for (const withDay of parts) {
    const day = withDay.getColumn('_day').get(0) as string;
    const key = silverKeyForDay(day);
    let part = withDay.drop('_day');
    if (await lake.exists(key))
      part = pl.concat([pl.readParquet(await lake.get(key)), part], { how: 'vertical' });
    await lake.put(key, parquetBytes(latestPerKey(part)));
    days.push(day);
    reportProgress();
  }
  return days.sort();
}

export interface DayAheadSilverResult {
  days: string[];
  rows: number;
  rejected: number;
  rejectedKey?: string;
}

export function createDayAheadSilver(deps: ActivityDeps) {
  return async function dayAheadPriceToSilver(input: { keys: string[] }): Promise<DayAheadSilverResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toSilver, source: SOURCE, dataset: DATASET },
      async () => {
        const documents: ReceivedDocument[] = [];
        for (const key of input.keys) {
          const meta = JSON.parse((await deps.lake.get(`${key}.meta.json`)).toString('utf8')) as {
            fetchedAt: string;
          };
          documents.push({
            bronzeKey: key,
            receivedAt: meta.fetchedAt,
            body: (await deps.lake.get(key)).toString('utf8'),
          });
          reportProgress();
        }
        const { clean, rejected } = cleanDayAheadDocuments(documents);
        let rejectedKey: string | undefined;
        if (rejected.height > 0) {
          const digest = createHash('sha256').update(input.keys.join('\n')).digest('hex').slice(0, 16);
          rejectedKey = `${REJECTED_PREFIX}/${digest}.parquet`;
          await deps.lake.put(rejectedKey, parquetBytes(rejected));
          deps.log.warn('day-ahead price points rejected', {
            rejected: rejected.height,
            reasons: [...new Set(rejected.getColumn('reason').toArray() as string[])],
            key: rejectedKey,
          });
        }
        const days = await mergeDayAheadIntoSilver(deps.lake, clean);
        const result: DayAheadSilverResult = {
          days,
          rows: clean.height,
          rejected: rejected.height,
          rejectedKey,
        };
        return {
          rows: clean.height,
          details: { documents: input.keys.length, rejected: rejected.height, days },
          result,
        };
      },
    );
    return outcome.result;
  };
}
