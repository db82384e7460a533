import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { reportProgress } from '../../heartbeat';
import { readBronzeJson } from '../../bronze/lake-objects';
import type { MaintenanceEventsDocument } from './scrape';
import { REGIONS } from '../../../lib/domain/regions';
import type { LakeStore } from '../../../lib/lake';
import { MAINTENANCE_FIELDS } from '../../../lib/scrape/maintenance-selectors';
import { parquetBytes } from '../../../lib/parquet';

/**
 * Silver dataset `maintenance`: one row per unavailability event and scrape day, typed, times in
 * UTC, deduplicated on event_id keeping the latest scrape. Partitioned by the UTC day of the
 * scrape (year=/month=/day=), so each day keeps the state of the listing as seen that day and a
 * re-run of the day rewrites one file to the same content. Declared once here: columns, cleaning,
 * and why a row is rejected.
 */
export const DATASET = 'maintenance';
export const SILVER_PREFIX = `silver/${DATASET}`;
export const REJECTED_PREFIX = `silver/_rejected/${DATASET}`;

/** Beyond any single French unit (Flamanville 3, about 1 650 MW) or interconnector: a misread figure. */
export const MAX_UNAVAILABLE_MW = 5_000;

/** Zones that concern the whole system rather than one region: accepted, with no region code. */
export const NATIONAL_ZONES = ['France', 'National', 'France métropolitaine'];

const zoneKey = (zone: string) =>
  zone
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .toLowerCase();

/** Region names (accents, case and punctuation ignored) and INSEE codes, to region code; national zones to null. */
const ZONES: Map<string, string | null> = new Map([
  ...REGIONS.flatMap((r): [string, string | null][] => [
    [zoneKey(r.name), r.code],
    [r.code, r.code],
  ]),
  ...NATIONAL_ZONES.map((z): [string, string | null] => [zoneKey(z), null]),
]);

const EVENT_TYPES: Record<string, 'planned' | 'forced'> = {
  planifiee: 'planned',
  planned: 'planned',
  fortuite: 'forced',
  forced: 'forced',
};

export interface RawEventRow {
  fields: Record<string, string | null | undefined>;
  bronzeKey: string;
  scrapedAt: string;
}

export interface MaintenanceCleanResult {
  clean: pl.DataFrame;
  rejected: pl.DataFrame;
}

function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Cleans scraped events. Every input row ends in `clean` or in `rejected` with a reason; an event
 * seen more than once (across pages or scrapes) keeps its latest scrape, and its earliest scrape
 * as first_seen_at.
 */
export function cleanMaintenanceEvents(rows: RawEventRow[]): MaintenanceCleanResult {
  const zoneKnown = rows.map((r) => {
    const zone = text(r.fields.zone);
    return zone !== null && ZONES.has(zoneKey(zone));
  });
  const data: Record<string, (string | boolean | null)[]> = {
    bronze_key: rows.map((r) => r.bronzeKey),
    scraped_at_raw: rows.map((r) => r.scrapedAt),
    // Polars' %z wants an offset, not the Z that toISOString() writes.
    _scraped_at_offset: rows.map((r) => r.scrapedAt.replace(/Z$/, '+00:00')),
    _seq: rows.map((_, i) => String(i).padStart(12, '0')),
    _zone_known: zoneKnown,
    region_code: rows.map((r) => {
      const zone = text(r.fields.zone);
      return zone === null ? null : (ZONES.get(zoneKey(zone)) ?? null);
    }),
    _type_key: rows.map((r) => {
      const type = text(r.fields.type);
      return type === null ? null : zoneKey(type);
    }),
  };
  for (const field of MAINTENANCE_FIELDS) {
    data[field] = rows.map((r) => text(r.fields[field]));
    // Rejected rows keep the values exactly as Bronze holds them.
    data[`raw_${field}`] = rows.map((r) => r.fields[field] ?? null);
  }
  const schema = Object.fromEntries(
    Object.keys(data).map((c) => [c, c === '_zone_known' ? pl.Bool : pl.Utf8]),
  );
  const raw = pl.DataFrame(data, { schema });

  const instant = (c: string) => pl.col(c).str.strptime(pl.Datetime('ms'), '%Y-%m-%dT%H:%M:%S%z');
  const typed = raw.withColumns(
    instant('start').alias('start_utc'),
    instant('end').alias('end_utc'),
    pl
      .col('_scraped_at_offset')
      .str.strptime(pl.Datetime('ms'), '%Y-%m-%dT%H:%M:%S%.f%z')
      .alias('scraped_at'),
    // French figures: "1 330" (narrow no-break space as thousands separator), "650,5".
    pl
      .col('unavailable_mw')
      .str.replaceAll('\\s', '')
      .str.replaceAll(',', '.')
      .cast(pl.Float64, false)
      .alias('unavailable_mw_num'),
    pl
      .when(pl.col('_type_key').isIn(Object.keys(EVENT_TYPES).filter((k) => EVENT_TYPES[k] === 'planned')))
      .then(pl.lit('planned'))
      .when(pl.col('_type_key').isIn(Object.keys(EVENT_TYPES).filter((k) => EVENT_TYPES[k] === 'forced')))
      .then(pl.lit('forced'))
      .otherwise(pl.lit(null))
      .alias('event_type'),
  );

  // The first failing rule names the reason; rows with no reason are clean.
  let reason = pl.when(pl.col('event_id').isNull()).then(pl.lit('event_id is missing'));
  reason = reason.when(pl.col('unit').isNull()).then(pl.lit('unit is missing'));
  reason = reason.when(pl.col('zone').isNull()).then(pl.lit('zone is missing'));
  reason = reason
    .when(pl.col('_zone_known').not())
    .then(pl.format('unknown zone "{}" (not a region name, INSEE code or national zone)', pl.col('zone')));
  reason = reason
    .when(pl.col('event_type').isNull())
    .then(pl.format('unknown type "{}" (expected Planifiée or Fortuite)', pl.col('type')));
  for (const [column, parsed] of [
    ['start', 'start_utc'],
    ['end', 'end_utc'],
  ] as const) {
    reason = reason
      .when(pl.col(parsed).isNull())
      .then(pl.format(`${column} "{}" is not an ISO instant with offset`, pl.col(column)));
  }
  reason = reason
    .when(pl.col('end_utc').ltEq(pl.col('start_utc')))
    .then(pl.format('end {} is not after start {}', pl.col('end'), pl.col('start')));
  reason = reason
    .when(pl.col('unavailable_mw_num').isNull())
    .then(pl.format('unavailable_mw "{}" is not a number', pl.col('unavailable_mw')));
  reason = reason
    .when(pl.col('unavailable_mw_num').lt(0))
    .then(pl.format('unavailable_mw {} MW is negative', pl.col('unavailable_mw_num')));
  reason = reason
    .when(pl.col('unavailable_mw_num').gt(MAX_UNAVAILABLE_MW))
    .then(pl.format(`unavailable_mw {} MW is above ${MAX_UNAVAILABLE_MW} MW`, pl.col('unavailable_mw_num')));
  reason = reason
    .when(pl.col('scraped_at').isNull())
    .then(pl.format('scrape time "{}" is not a UTC instant', pl.col('scraped_at_raw')));
  const judged = typed.withColumns(reason.otherwise(pl.lit(null)).alias('reason'));

  const rejected = judged
    .filter(pl.col('reason').isNotNull())
    .select(
      'bronze_key',
      'reason',
      pl.col('scraped_at_raw').alias('scraped_at'),
      ...MAINTENANCE_FIELDS.map((f) => pl.col(`raw_${f}`).alias(f)),
    );

  const clean = latestPerEvent(
    judged
      .filter(pl.col('reason').isNull())
      .select(
        'event_id',
        'unit',
        'zone',
        'region_code',
        'event_type',
        'start_utc',
        'end_utc',
        pl.col('unavailable_mw_num').alias('unavailable_mw'),
        'description',
        'scraped_at',
        pl.col('scraped_at').alias('first_seen_at'),
        'bronze_key',
        '_seq',
      ),
  );
  return { clean, rejected };
}

/** One row per event_id: the latest scrape wins (ties: later in the input), first_seen_at is the earliest. */
function latestPerEvent(frame: pl.DataFrame): pl.DataFrame {
  return frame
    .withColumns(pl.col('first_seen_at').min().over('event_id').alias('first_seen_at'))
    .sort(['scraped_at', '_seq'])
    .unique({ subset: ['event_id'], keep: 'last', maintainOrder: true })
    .drop('_seq')
    .sort('event_id');
}

export function silverKeyForDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${SILVER_PREFIX}/year=${y}/month=${m}/day=${d}/data.parquet`;
}

/** Merges clean rows into their scrape-day partitions; returns the days touched. */
export async function mergeMaintenanceIntoSilver(lake: LakeStore, clean: pl.DataFrame): Promise<string[]> {
  const days: string[] = [];
  if (clean.height === 0) return days;
  const parts = clean
    .withColumns(pl.col('scraped_at').dt.strftime('%Y-%m-%d').alias('_day'))
    .partitionBy('_day', true, true);
  for (const withDay of parts) {
    const day = withDay.getColumn('_day').get(0) as string;
    const key = silverKeyForDay(day);
    let part = withDay.drop('_day');
    if (await lake.exists(key)) {
      part = pl.concat([pl.readParquet(await lake.get(key)), part], { how: 'vertical' });
    }
    // Stored rows first, this run's after: on equal scrape times the newer write wins.
    const seq = pl.Series(
      '_seq',
      Array.from({ length: part.height }, (_, i) => String(i).padStart(12, '0')),
    );
    part = latestPerEvent(part.withColumn(seq));
    await lake.put(key, parquetBytes(part));
    days.push(day);
    // Polars holds the event loop while it merges: the heartbeat timer cannot be relied on here.
    reportProgress();
  }
  return days.sort();
}

export interface MaintenanceSilverInput {
  pages: { eventsKey: string; scrapedAt: string }[];
}

export interface MaintenanceSilverResult {
  days: string[];
  rows: number;
  rejected: number;
  rejectedKey?: string;
}

export function createMaintenanceSilver(deps: ActivityDeps) {
  return async function maintenanceToSilver(input: MaintenanceSilverInput): Promise<MaintenanceSilverResult> {
    const outcome = await audited(deps.db, { step: AUDIT_STEP.toSilver, source: 'maintenance' }, async () => {
      const rows: RawEventRow[] = [];
      for (const page of input.pages) {
        const document = (await readBronzeJson(deps.lake, page.eventsKey)) as MaintenanceEventsDocument;
        for (const fields of document.events)
          rows.push({ fields, bronzeKey: page.eventsKey, scrapedAt: page.scrapedAt });
      }
      const { clean, rejected } = cleanMaintenanceEvents(rows);
      let rejectedKey: string | undefined;
      if (rejected.height > 0) {
        const digest = createHash('sha256')
          .update(input.pages.map((p) => `${p.eventsKey}@${p.scrapedAt}`).join('\n'))
          .digest('hex')
          .slice(0, 16);
        rejectedKey = `${REJECTED_PREFIX}/${digest}.parquet`;
        await deps.lake.put(rejectedKey, parquetBytes(rejected));
        deps.log.warn('maintenance events rejected', {
          rejected: rejected.height,
          reasons: [...new Set(rejected.getColumn('reason').toArray() as string[])],
          key: rejectedKey,
        });
      }
      const days = await mergeMaintenanceIntoSilver(deps.lake, clean);
      const result: MaintenanceSilverResult = {
        days,
        rows: clean.height,
        rejected: rejected.height,
        rejectedKey,
      };
      return { rows: clean.height, details: { input: rows.length, rejected: rejected.height, days }, result };
    });
    return outcome.result;
  };
}
