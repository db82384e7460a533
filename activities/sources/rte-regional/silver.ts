import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { reportProgress } from '../../heartbeat';
import { readBronzeJsonLines } from '../../bronze/lake-objects';
import { REGIONS } from '../../../lib/domain/regions';
import { PRODUCTION_SOURCES } from '../../../lib/domain/sources';
import type { LakeStore } from '../../../lib/lake';
import { dayPartitionKey, type SilverResult } from '../../silver/day-partitions';
import { NULL_MARKERS, toSnakeCase } from '../../silver/raw-records';
import { jsonLinesAsTextFrames, recordsAsJsonLines, type JsonLines } from '../../silver/json-lines';
import { parquetBytes } from '../../../lib/parquet';
import { columnValues } from '../../../lib/polars-columns';

/**
 * Silver datasets of the regional feed, declared once here (the columns, how each is cleaned,
 * what is rejected and why), both Parquet partitioned year=/month=/day= (UTC):
 * - `eco2mix_regional`: one row per region x quarter-hour with every feed column, typed,
 *   deduplicated on (region_code, ts_utc): the balance (consumption, exchanges) reads it;
 * - `eco2mix_regional_production`: the same clean rows unpivoted to one row per region x source x
 *   quarter-hour (MW, coverage rate, load factor): the energy-flow facts read it.
 */
export const DATASET = 'eco2mix_regional';
export const SILVER_PREFIX = `silver/${DATASET}`;
export const REJECTED_PREFIX = `silver/_rejected/${DATASET}`;
export const PRODUCTION_DATASET = 'eco2mix_regional_production';
export const PRODUCTION_PREFIX = `silver/${PRODUCTION_DATASET}`;

/** Power (MW) and rate (%) columns, kept under their source names. */
export const NUMERIC_COLUMNS: readonly string[] = [
  'consommation',
  ...PRODUCTION_SOURCES.map((s) => s.code),
  'ech_physiques',
  ...PRODUCTION_SOURCES.flatMap((s) =>
    [s.coverageColumn, s.loadFactorColumn].filter((c): c is string => !!c),
  ),
];

const TEXT_COLUMNS = {
  code_insee_region: 'region_code',
  libelle_region: 'region_name',
  nature: 'nature',
} as const;

/** Columns read but not carried to Silver, each with the reason. */
export const IGNORED_COLUMNS: Record<string, string> = {
  date: 'Paris local date; repeats on the autumn DST night, ts_utc comes from date_heure',
  heure: 'Paris local time; repeats on the autumn DST night, ts_utc comes from date_heure',
};
/** ODRE exports sometimes carry empty placeholder columns such as `column_68`. */
const STRAY_COLUMN = /^column_\d+$/;

/** Power columns (MW): beyond this magnitude a value is a unit or parsing error, not a reading. */
export const MAX_ABS_MW = 100_000;
const POWER_COLUMNS = new Set(['consommation', ...PRODUCTION_SOURCES.map((s) => s.code), 'ech_physiques']);

export interface CleanResult {
  clean: pl.DataFrame;
  rejected: pl.DataFrame;
  /** Columns present in the payload but not declared here: reported, so schema drift is visible. */
  unknownColumns: string[];
  /** Stray columns that carried a value (they are expected to be empty). */
  nonEmptyStrayColumns: string[];
}

const REGION_CODES = REGIONS.map((r) => r.code);

interface CleaningExpressions {
  typing: pl.Expr[];
  /** True when any rule fails: a cheap boolean per row. */
  invalid: pl.Expr;
  /** The first failing rule as text, evaluated on the invalid rows only. */
  reason: pl.Expr;
  isInvalid: pl.Expr;
  isValid: pl.Expr;
  /** The Silver columns, from the typed ones. */
  cleanColumns: pl.Expr[];
}

let expressions: CleaningExpressions | undefined;

/**
 * The typing and validation expressions, built once: constructing a few hundred Polars
 * expressions costs more than evaluating them on a 15-minute batch.
 */
function cleaningExpressions(): CleaningExpressions {
  if (expressions) return expressions;
  const trimmed = (c: string) => pl.col(c).str.strip();
  // A null marker ("ND", "-", "") does not parse as a number, so a lenient cast alone types the
  // text; a null that was neither null nor a marker in the payload is the "not a number" case.
  // The cast also reads "NaN" and "inf", which are not readings: they are left null, so they
  // fail the same rule. Adding 0 turns a "-0" into 0.
  const asNumber = (c: string) => {
    const cast = trimmed(c).cast(pl.Float64, false);
    return pl.when(cast.isFinite()).then(cast.add(0)).otherwise(pl.lit(null)).alias(`${c}__num`);
  };
  const typing = [
    pl.col('date_heure').str.strptime(pl.Datetime('ms'), '%Y-%m-%dT%H:%M:%S%z').alias('ts_utc'),
    ...NUMERIC_COLUMNS.map(asNumber),
  ];

  // Each rule with its reason; the first failing rule names the reason.
  const rules: [pl.Expr, pl.Expr][] = [
    [pl.col('code_insee_region').isNull(), pl.lit('code_insee_region is missing')],
    [
      pl.col('code_insee_region').isIn(REGION_CODES).not(),
      pl.format('unknown region code "{}"', pl.col('code_insee_region')),
    ],
    [pl.col('date_heure').isNull(), pl.lit('date_heure is missing')],
    [
      pl.col('ts_utc').isNull(),
      pl.format('date_heure "{}" is not an ISO instant with offset', pl.col('date_heure')),
    ],
    ...NUMERIC_COLUMNS.map((c): [pl.Expr, pl.Expr] => [
      pl.col(`${c}__num`).isNull().and(pl.col(c).isNotNull()).and(trimmed(c).isIn(NULL_MARKERS).not()),
      pl.format(`${c} "{}" is not a number`, pl.col(c)),
    ]),
    [
      pl.col('consommation__num').lt(0),
      pl.format('consommation {} MW is negative', pl.col('consommation__num')),
    ],
    ...NUMERIC_COLUMNS.filter((col) => POWER_COLUMNS.has(col)).map((c): [pl.Expr, pl.Expr] => [
      pl.col(`${c}__num`).abs().gt(MAX_ABS_MW),
      pl.format(`${c} {} MW is outside ±${MAX_ABS_MW} MW`, pl.col(`${c}__num`)),
    ]),
  ];
  // A when() chain formats every branch's text for every row; almost every row is clean, so the
  // rows are judged by one boolean first and only the rejected ones get their reason written.
  // A rule that evaluates to null does not fail, as in when(): fillNull(false).
  const invalid = rules
    .map(([failed]) => failed.fillNull(false))
    .reduce((any, failed) => any.or(failed))
    .alias('_invalid');
  const [first, ...others] = rules;
  let reason = pl.when(first![0]).then(first![1]);
  for (const [failed, text] of others) reason = reason.when(failed).then(text);
  expressions = {
    typing,
    invalid,
    reason: reason.otherwise(pl.lit(null)).alias('_reason'),
    isInvalid: pl.col('_invalid'),
    isValid: pl.col('_invalid').not(),
    cleanColumns: [
      pl.col('code_insee_region').alias('region_code'),
      pl.col('libelle_region').alias('region_name'),
      pl.col('nature'),
      pl.col('ts_utc'),
      ...NUMERIC_COLUMNS.map((c) => pl.col(`${c}__num`).alias(c)),
    ],
  };
  return expressions;
}

const ORIGIN = '_origin';
const NATURAL_KEY = ['region_code', 'ts_utc'];
const WIDE_ORDER = ['ts_utc', 'region_code'];
const INPUT_COLUMNS = [...Object.keys(TEXT_COLUMNS), 'date_heure', ...NUMERIC_COLUMNS];
const DECLARED_COLUMNS = new Set<string>([...INPUT_COLUMNS, ...Object.keys(IGNORED_COLUMNS)]);
const absentColumns = new Map<string, pl.Expr>();

/** An all-null text column, its expression built once per name. */
function absentColumn(name: string): pl.Expr {
  let expression = absentColumns.get(name);
  if (!expression) {
    expression = pl.lit(null).cast(pl.Utf8).alias(name);
    absentColumns.set(name, expression);
  }
  return expression;
}

/**
 * Cleans raw records. Every input row ends either in `clean` or in `rejected` with a reason;
 * duplicates keep the latest publication (rows later in the input win). `origin` names the Bronze
 * object of each record.
 */
export function cleanEco2mixRegional(records: Record<string, unknown>[], origin: string[]): CleanResult {
  const bodies: { lines: JsonLines; origin: string }[] = [];
  for (let from = 0; from < records.length;) {
    let to = from + 1;
    while (to < records.length && origin[to] === origin[from]) to++;
    bodies.push({ lines: recordsAsJsonLines(records.slice(from, to)), origin: origin[from]! });
    from = to;
  }
  // Each frame cleaned as it is read: the typed clean rows are a fraction of the text's weight.
  return combineCleaned(Array.from(jsonLinesAsTextFrames(bodies, ORIGIN), cleanEco2mixRegionalText));
}

/**
 * Cleans the payload's values as text, a frame at a time (`jsonLinesAsTextFrames`), giving the
 * event loop a turn after each frame: Polars frames are freed by finalizers that run only then, so
 * without it every frame's text would stay until the end; the heartbeat timer gets its turn too.
 */
async function cleanEco2mixRegionalFrames(frames: Iterable<pl.DataFrame>): Promise<CleanResult> {
  const cleaned: CleanResult[] = [];
  for (const frame of frames) {
    cleaned.push(cleanEco2mixRegionalText(frame));
    reportProgress();
    await setImmediate();
  }
  return combineCleaned(cleaned);
}

/** The frames' results as one: clean rows deduplicated (the later wins) and ordered once. */
function combineCleaned(cleaned: CleanResult[]): CleanResult {
  if (cleaned.length === 0)
    cleaned.push(cleanEco2mixRegionalText(pl.DataFrame({ [ORIGIN]: [] as string[] })));
  const union = (pick: (r: CleanResult) => string[]) => [...new Set(cleaned.flatMap(pick))].sort();
  const concat = (frames: pl.DataFrame[]) =>
    frames.length === 1 ? frames[0]! : pl.concat(frames, { how: 'vertical' });
  return {
    clean: concat(cleaned.map((r) => r.clean))
      .unique({ subset: NATURAL_KEY, keep: 'last', maintainOrder: true })
      .sort(WIDE_ORDER),
    rejected: concat(cleaned.map((r) => r.rejected)),
    unknownColumns: union((r) => r.unknownColumns),
    nonEmptyStrayColumns: union((r) => r.nonEmptyStrayColumns),
  };
}

/**
 * Cleans a frame of the payload's values as text (`readJsonLinesAsText`), with the Bronze key of
 * each row in `_origin`. Text enters Polars as text so a string "0", a number 0 and "ND" are
 * judged by one rule.
 */
function cleanEco2mixRegionalText(payload: pl.DataFrame): CleanResult {
  // Payload keys are converted once; ODRE's JSON keys are already snake_case.
  const renames = Object.fromEntries(
    payload.columns.filter((c) => c !== ORIGIN && toSnakeCase(c) !== c).map((c) => [c, toSnakeCase(c)]),
  );
  const named = Object.keys(renames).length ? payload.rename(renames) : payload;
  const seen = named.columns.filter((c) => c !== ORIGIN);
  const unknownColumns = seen.filter((c) => !DECLARED_COLUMNS.has(c) && !STRAY_COLUMN.test(c)).sort();
  const strays = seen.filter((c) => STRAY_COLUMN.test(c));
  const nonEmptyStrayColumns = strays.length
    ? strays
        .filter(
          (c) =>
            named.filter(
              pl
                .col(c)
                .isNotNull()
                .and(pl.col(c).neq(pl.lit(''))),
            ).height > 0,
        )
        .sort()
    : [];
  const missing = INPUT_COLUMNS.filter((c) => !seen.includes(c)).map(absentColumn);
  const raw = (missing.length ? named.withColumns(...missing) : named).select(ORIGIN, ...INPUT_COLUMNS);

  const { typing, invalid, reason, isInvalid, isValid, cleanColumns } = cleaningExpressions();
  const judged = raw.withColumns(...typing).withColumns(invalid);

  const rejected = judged
    .filter(isInvalid)
    .withColumns(reason)
    .select(ORIGIN, '_reason', ...INPUT_COLUMNS)
    .rename({ [ORIGIN]: 'bronze_key', _reason: 'reason' });

  // Deduplicated and ordered once, over every frame (combineCleaned).
  const clean = judged.filter(isValid).select(...cleanColumns);

  return { clean, rejected, unknownColumns, nonEmptyStrayColumns };
}

export function silverKeyForDay(day: string): string {
  return dayPartitionKey(SILVER_PREFIX, day);
}

export function productionKeyForDay(day: string): string {
  return dayPartitionKey(PRODUCTION_PREFIX, day);
}

/**
 * Wide clean rows to `eco2mix_regional_production`: one block per source (its MW, TCO and TCH
 * columns under common names; null where the feed publishes no rate for that source), stacked,
 * then in the primary-key order of fact_energy_flow (region, instant, source), which the gold
 * load inserts as it reads. A wide row always gives one row per source, so the two datasets
 * reconcile exactly.
 */
export function unpivotProduction(clean: pl.DataFrame): pl.DataFrame {
  return unpivot(clean, []);
}

const WIDE_ROW = '_wide_row';
const SOURCE_RANK = '_source_rank';

/**
 * unpivotProduction, with the `leading` columns kept in front and ordering before the key. The
 * (region, instant, source) order comes from integers: the wide rows' index once ordered by
 * (region, instant), then the source's rank by code; sorting the nine times larger stacked rows
 * on text is much slower. (region_code, ts_utc) is unique in every frame this is given.
 */
function unpivot(clean: pl.DataFrame, leading: string[]): pl.DataFrame {
  const lazy = clean
    .sort([...leading, 'region_code', 'ts_utc'])
    .withRowIndex(WIDE_ROW)
    .lazy();
  return pl
    .concat(
      unpivotSelections(leading).map((selection) => lazy.select(...selection)),
      { how: 'vertical' },
    )
    .sort([WIDE_ROW, SOURCE_RANK])
    .drop(WIDE_ROW, SOURCE_RANK)
    .collectSync();
}

const selections = new Map<string, pl.Expr[][]>();

/** One selection per source, built once (Polars expressions are costly to construct). */
function unpivotSelections(leading: string[]): pl.Expr[][] {
  const rate = (column: string | undefined) => (column ? pl.col(column) : pl.lit(null).cast(pl.Float64));
  const key = leading.join('\n');
  let built = selections.get(key);
  if (!built) {
    const byCode = [...PRODUCTION_SOURCES].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    built = byCode.map((source, rank) => [
      pl.col(WIDE_ROW),
      pl.lit(rank).cast(pl.UInt32).alias(SOURCE_RANK),
      ...leading.map((c) => pl.col(c)),
      pl.col('region_code'),
      pl.lit(source.code).alias('source_code'),
      pl.col('ts_utc'),
      pl.col(source.code).alias('mw'),
      rate(source.coverageColumn).alias('coverage_rate_pct'),
      rate(source.loadFactorColumn).alias('load_factor_pct'),
    ]);
    selections.set(key, built);
  }
  return built;
}

const DAY = '_day';
const PRODUCTION_CHUNK_DAYS = 31;
const DAYS_WRITTEN_AT_ONCE = 8;
const DAY_MS = 86_400_000;
let dayExpressions: { number: pl.Expr; start: pl.Expr } | undefined;

/** The UTC days of a frame ordered by ts_utc, each with where its rows start and how many. */
function dayRuns(ordered: pl.DataFrame): { day: string; offset: number; length: number }[] {
  // Whole days since the epoch, as integers: a label per row would be a string per row.
  dayExpressions ??= {
    number: pl.col('ts_utc').cast(pl.Date).cast(pl.Int32).alias(DAY),
    start: pl.col('ts_utc').dt.truncate('1d').alias(DAY),
  };
  const days = columnValues(ordered.select(dayExpressions.number), DAY) as number[];
  const runs: { day: string; offset: number; length: number }[] = [];
  let current = Number.NaN;
  for (let i = 0; i < days.length; i++) {
    if (days[i] === current) runs[runs.length - 1]!.length++;
    else {
      current = days[i]!;
      runs.push({ day: new Date(current * DAY_MS).toISOString().slice(0, 10), offset: i, length: 1 });
    }
  }
  return runs;
}

/**
 * Writes the clean rows into both Silver datasets. Each UTC day's wide partition merges the new
 * rows on (region_code, ts_utc) (existing rows first, the later publication wins), and its
 * production partition is the unpivot of that merged wide partition, so the two datasets of a day
 * always hold the same quarter-hours, even on a lake written before the production dataset
 * existed. Concurrent writers of a day (see writeDay) all keep their rows. Returns the days
 * written, sorted.
 *
 * The batch is deduplicated and ordered once, and unpivoted a month at a time; a day that has no
 * partition yet is written from slices of those (zero-copy views: each day is one run of rows),
 * which is what the per-day merge would give. A few whole-batch operations cost less than one
 * small one per day (nodejs-polars pays a fixed overhead per call), and slices cost no memory
 * where per-day copies of a year's batch did.
 */
export async function mergeIntoSilver(lake: LakeStore, clean: pl.DataFrame): Promise<string[]> {
  return mergeOrderedIntoSilver(
    lake,
    clean.unique({ subset: NATURAL_KEY, keep: 'last', maintainOrder: true }).sort(WIDE_ORDER),
  );
}

/** mergeIntoSilver for a batch already unique on (region_code, ts_utc) and in WIDE_ORDER. */
async function mergeOrderedIntoSilver(lake: LakeStore, batch: pl.DataFrame): Promise<string[]> {
  const runs = dayRuns(batch);
  const sources = PRODUCTION_SOURCES.length;
  // Unpivoted a month of days at a time: nine rows per wide row would weigh a year's batch again.
  let production: { from: number; rows: number; frame: pl.DataFrame } | undefined;
  const writing: Promise<void>[] = [];
  let failure: { err: unknown } | undefined;
  for (const [index, { day, offset, length }] of runs.entries()) {
    const productionOfNewDay = () => {
      // Days are written a few at a time (below), so their turns here may come out of order.
      if (!production || offset < production.from || offset >= production.from + production.rows) {
        const last = runs[Math.min(runs.length, index + PRODUCTION_CHUNK_DAYS) - 1]!;
        const rows = last.offset + last.length - offset;
        // Days first, then the fact key: each day's production rows are one run, in day order.
        const frame = unpivot(batch.slice(offset, rows).withColumns(dayExpressions!.start), [DAY]).drop(DAY);
        if (frame.height !== rows * sources)
          throw new Error(`unpivot gave ${frame.height} rows for ${rows} wide rows × ${sources} sources`);
        production = { from: offset, rows, frame };
      }
      return production.frame.slice((offset - production.from) * sources, length * sources);
    };
    // A day's reads and writes wait on the file system or the network; the next days' Parquet is
    // made meanwhile. Days are separate partitions, each written conditionally (writeDay).
    if (writing.length >= DAYS_WRITTEN_AT_ONCE) await writing.shift();
    if (failure) break;
    writing.push(
      writeDay(lake, day, batch.slice(offset, length), productionOfNewDay).then(
        // Polars holds the event loop while it merges: the heartbeat timer cannot be relied on.
        () => reportProgress(),
        (err: unknown) => {
          failure ??= { err };
        },
      ),
    );
  }
  await Promise.all(writing);
  if (failure) throw failure.err;
  return runs.map((r) => r.day).sort();
}

/** Conflicts in a row before a day's merge gives up (the activity's retry starts it again). */
const MAX_DAY_WRITE_ATTEMPTS = 10;

/**
 * One day's new rows into its two partitions. The wide partition is read-modify-write, and two
 * ingestions may write the same day at once (the freshness watcher's and the schedule's, a
 * backfill and the live feed, an attempt that timed out but still runs beside its retry): its
 * write is conditional on the version read, and a writer that loses re-reads the partition and
 * merges again, so no writer's rows are dropped. The production partition is derived: each attempt
 * rewrites it whole before its conditional write, so the last writer to win leaves both matching.
 */
async function writeDay(
  lake: LakeStore,
  day: string,
  rows: pl.DataFrame,
  productionOfNewDay: () => pl.DataFrame,
): Promise<void> {
  const key = silverKeyForDay(day);
  for (let attempt = 1; ; attempt++) {
    const stored = await lake.getVersioned(key);
    let wide = rows;
    let dayProduction: pl.DataFrame;
    if (stored) {
      wide = pl
        .concat([pl.readParquet(stored.body), rows], { how: 'diagonal' })
        .unique({ subset: NATURAL_KEY, keep: 'last', maintainOrder: true })
        .sort(WIDE_ORDER);
      dayProduction = unpivotProduction(wide);
    } else {
      dayProduction = productionOfNewDay();
    }
    // Production first: a reader that finds the day's wide partition finds its production rows.
    await lake.put(productionKeyForDay(day), parquetBytes(dayProduction));
    if (await lake.putIfVersion(key, parquetBytes(wide), stored?.version)) return;
    if (attempt === MAX_DAY_WRITE_ATTEMPTS) {
      throw new Error(`Silver partition ${key} changed under each of ${attempt} merges in a row`);
    }
  }
}

export interface SilverDay {
  /** `eco2mix_regional` rows of the day. */
  wide: pl.DataFrame;
  /** `eco2mix_regional_production` rows of the day. */
  production: pl.DataFrame;
}

/**
 * Both Silver partitions of a UTC day, optionally only some columns of each (Parquet reads only
 * those). A wide partition written before the production dataset existed has no production
 * partition: it is unpivoted here by the same function, so old lakes load unchanged.
 */
export async function readSilverDay(
  lake: LakeStore,
  day: string,
  columns: { wide?: string[]; production?: string[] } = {},
): Promise<SilverDay> {
  const wideBytes = await lake.get(silverKeyForDay(day));
  const wide = pl.readParquet(wideBytes, columns.wide ? { columns: columns.wide } : undefined);
  const productionKey = productionKeyForDay(day);
  if (await lake.exists(productionKey)) {
    const production = pl.readParquet(
      await lake.get(productionKey),
      columns.production ? { columns: columns.production } : undefined,
    );
    return { wide, production };
  }
  const unpivoted = unpivotProduction(columns.wide ? pl.readParquet(wideBytes) : wide);
  return { wide, production: columns.production ? unpivoted.select(...columns.production) : unpivoted };
}

export interface RegionalSilverOutcome {
  input: number;
  rows: number;
  rejected: number;
  days: string[];
  unknownColumns: string[];
  nonEmptyStrayColumns: string[];
}

/**
 * Bronze objects to both Silver datasets: cleans their records, quarantines the rejects under
 * `silver/_rejected/` (one object per batch of Bronze keys) and merges the clean rows into the
 * day partitions. The activity and `bench:silver-compare` both run this.
 */
/** The Bronze lines cleaned; they are unreachable once this returns (a year's export is large). */
async function cleanBronze(
  bodies: { lines: JsonLines; origin: string }[],
): Promise<CleanResult & { input: number }> {
  const input = bodies.reduce((n, { lines }) => n + lines.count, 0);
  return { input, ...(await cleanEco2mixRegionalFrames(jsonLinesAsTextFrames(bodies, ORIGIN))) };
}

export async function bronzeToRegionalSilver(
  lake: LakeStore,
  bronzeKeys: string[],
): Promise<RegionalSilverOutcome> {
  const { input, clean, rejected, unknownColumns, nonEmptyStrayColumns } = await cleanBronze(
    await readBronzeJsonLines(lake, bronzeKeys),
  );
  if (rejected.height > 0) {
    const digest = createHash('sha256').update(bronzeKeys.join('\n')).digest('hex').slice(0, 16);
    await lake.put(`${REJECTED_PREFIX}/${digest}.parquet`, parquetBytes(rejected));
  }
  // cleanBronze's rows are unique and ordered already.
  const days = await mergeOrderedIntoSilver(lake, clean);
  return {
    input,
    rows: clean.height,
    rejected: rejected.height,
    days,
    unknownColumns,
    nonEmptyStrayColumns,
  };
}

export function createEco2mixRegionalSilver(deps: ActivityDeps) {
  return async function eco2mixRegionalToSilver(input: { bronzeKeys: string[] }): Promise<SilverResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toSilver, source: 'rte-regional' },
      async () => {
        const silver = await bronzeToRegionalSilver(deps.lake, input.bronzeKeys);
        const { days, rows, rejected, unknownColumns, nonEmptyStrayColumns } = silver;
        if (unknownColumns.length || nonEmptyStrayColumns.length) {
          deps.log.warn('eco2mix regional payload has undeclared columns', {
            unknownColumns,
            nonEmptyStrayColumns,
          });
        }
        const result: SilverResult = { days, rows, rejected, unknownColumns };
        return {
          rows,
          details: { input: silver.input, rejected, days, unknownColumns, nonEmptyStrayColumns },
          result,
        };
      },
    );
    return outcome.result;
  };
}
