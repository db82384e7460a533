import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { readBronzeRecords } from '../../bronze/lake-objects';
import { dayPartitionKey, mergeIntoDayPartitions, type SilverResult } from '../../silver/day-partitions';
import { asText, NULL_MARKERS, toSnakeCase } from '../../silver/raw-records';
import { parquetBytes } from '../../../lib/parquet';

/**
 * Silver dataset `eco2mix_national`: one row per quarter-hour for metropolitan France, typed,
 * deduplicated on ts_utc (latest publication wins), partitioned year=/month=/day= (UTC). Every
 * numeric field of the feed is kept, the fuel and technology breakdowns and RTE's own `taux_co2`
 * included; gold keeps the headline columns and the cross-check.
 */
export const NATIONAL_DATASET = 'eco2mix_national';
export const NATIONAL_SILVER_PREFIX = `silver/${NATIONAL_DATASET}`;
const REJECTED_PREFIX = `silver/_rejected/${NATIONAL_DATASET}`;

/** Power (MW) columns of the national feed. */
export const NATIONAL_POWER_COLUMNS: readonly string[] = [
  'consommation',
  'prevision_j1',
  'prevision_j',
  'fioul',
  'charbon',
  'gaz',
  'nucleaire',
  'eolien',
  'eolien_terrestre',
  'eolien_offshore',
  'solaire',
  'hydraulique',
  'pompage',
  'bioenergies',
  'ech_physiques',
  'ech_comm_angleterre',
  'ech_comm_espagne',
  'ech_comm_italie',
  'ech_comm_suisse',
  'ech_comm_allemagne_belgique',
  'fioul_tac',
  'fioul_cogen',
  'fioul_autres',
  'gaz_tac',
  'gaz_cogen',
  'gaz_ccg',
  'gaz_autres',
  'hydraulique_fil_eau_eclusee',
  'hydraulique_lacs',
  'hydraulique_step_turbinage',
  'bioenergies_dechets',
  'bioenergies_biomasse',
  'bioenergies_biogaz',
  'stockage_batterie',
  'destockage_batterie',
];
export const NATIONAL_NUMERIC_COLUMNS: readonly string[] = [...NATIONAL_POWER_COLUMNS, 'taux_co2'];
const TEXT_COLUMNS = ['perimetre', 'nature'] as const;
const IGNORED_COLUMNS = ['date', 'heure'];

/** France peaks near 100 GW; beyond 200 GW a value is a unit or parsing error. */
const MAX_ABS_MW = 200_000;
/** gCO2eq/kWh: the worst European grids stay under 1 200. */
const MAX_TAUX_CO2 = 2_000;

let expressions: { typing: pl.Expr[]; reason: pl.Expr } | undefined;

function cleaningExpressions(): { typing: pl.Expr[]; reason: pl.Expr } {
  if (expressions) return expressions;
  const trimmed = (c: string) => pl.col(c).str.strip();
  const isNullMarker = (c: string) => pl.col(c).isNull().or(trimmed(c).isIn(NULL_MARKERS));
  const asNumber = (c: string) =>
    pl.when(isNullMarker(c)).then(pl.lit(null)).otherwise(trimmed(c)).cast(pl.Float64, false);
  const typing = [
    pl.col('date_heure').str.strptime(pl.Datetime('ms'), '%Y-%m-%dT%H:%M:%S%z').alias('ts_utc'),
    ...NATIONAL_NUMERIC_COLUMNS.map((c) => asNumber(c).alias(`${c}__num`)),
  ];
  let reason = pl.when(pl.col('date_heure').isNull()).then(pl.lit('date_heure is missing'));
  reason = reason
    .when(pl.col('ts_utc').isNull())
    .then(pl.format('date_heure "{}" is not an ISO instant with offset', pl.col('date_heure')));
  for (const c of NATIONAL_NUMERIC_COLUMNS) {
    reason = reason
      .when(pl.col(`${c}__num`).isNull().and(isNullMarker(c).not()))
      .then(pl.format(`${c} "{}" is not a number`, pl.col(c)));
  }
  reason = reason
    .when(pl.col('consommation__num').lt(0))
    .then(pl.format('consommation {} MW is negative', pl.col('consommation__num')));
  for (const c of NATIONAL_POWER_COLUMNS) {
    reason = reason
      .when(pl.col(`${c}__num`).abs().gt(MAX_ABS_MW))
      .then(pl.format(`${c} {} MW is outside ±${MAX_ABS_MW} MW`, pl.col(`${c}__num`)));
  }
  reason = reason
    .when(pl.col('taux_co2__num').lt(0).or(pl.col('taux_co2__num').gt(MAX_TAUX_CO2)))
    .then(pl.format(`taux_co2 {} g/kWh is outside 0..${MAX_TAUX_CO2}`, pl.col('taux_co2__num')));
  expressions = { typing, reason: reason.otherwise(pl.lit(null)).alias('_reason') };
  return expressions;
}

export interface NationalCleanResult {
  clean: pl.DataFrame;
  rejected: pl.DataFrame;
  unknownColumns: string[];
}

/** Every input row ends in `clean` or in `rejected` with its reason; later rows win on ts_utc. */
export function cleanEco2mixNational(
  records: Record<string, unknown>[],
  origin: string[],
): NationalCleanResult {
  const rows = records.map((record) => {
    const row: Record<string, unknown> = {};
    for (const k in record) row[toSnakeCase(k)] = record[k];
    return row;
  });
  const declared = new Set<string>([
    ...NATIONAL_NUMERIC_COLUMNS,
    ...TEXT_COLUMNS,
    'date_heure',
    ...IGNORED_COLUMNS,
  ]);
  const unknownColumns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    .filter((c) => !declared.has(c) && !/^column_\d+$/.test(c))
    .sort();

  const inputColumns = [...TEXT_COLUMNS, 'date_heure', ...NATIONAL_NUMERIC_COLUMNS];
  const data: Record<string, (string | null)[]> = { _origin: origin };
  for (const c of inputColumns) data[c] = rows.map((r) => asText(r[c]));
  const raw = pl.DataFrame(data, { schema: Object.fromEntries(Object.keys(data).map((c) => [c, pl.Utf8])) });

  const { typing, reason } = cleaningExpressions();
  const judged = raw.withColumns(...typing).withColumns(reason);
  const rejected = judged
    .filter(pl.col('_reason').isNotNull())
    .select('_origin', '_reason', ...inputColumns)
    .rename({ _origin: 'bronze_key', _reason: 'reason' });
  const clean = judged
    .filter(pl.col('_reason').isNull())
    .select(
      pl.col('perimetre'),
      pl.col('nature'),
      pl.col('ts_utc'),
      ...NATIONAL_NUMERIC_COLUMNS.map((c) => pl.col(`${c}__num`).alias(c)),
    )
    .unique({ subset: ['ts_utc'], keep: 'last', maintainOrder: true })
    .sort('ts_utc');
  return { clean, rejected, unknownColumns };
}

export function nationalSilverKeyForDay(day: string): string {
  return dayPartitionKey(NATIONAL_SILVER_PREFIX, day);
}

export function createEco2mixNationalSilver(deps: ActivityDeps) {
  return async function eco2mixNationalToSilver(input: { bronzeKeys: string[] }): Promise<SilverResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toSilver, source: 'rte-national' },
      async () => {
        const { records, origin } = await readBronzeRecords(deps.lake, input.bronzeKeys);
        const { clean, rejected, unknownColumns } = cleanEco2mixNational(records, origin);
        if (rejected.height > 0) {
          const digest = createHash('sha256').update(input.bronzeKeys.join('\n')).digest('hex').slice(0, 16);
          await deps.lake.put(`${REJECTED_PREFIX}/${digest}.parquet`, parquetBytes(rejected));
        }
        if (unknownColumns.length) {
          deps.log.warn('eco2mix national payload has undeclared columns', { unknownColumns });
        }
        const days = await mergeIntoDayPartitions(deps.lake, clean, NATIONAL_SILVER_PREFIX, ['ts_utc']);
        const result: SilverResult = { days, rows: clean.height, rejected: rejected.height, unknownColumns };
        return {
          rows: clean.height,
          details: { input: records.length, rejected: rejected.height, days, unknownColumns },
          result,
        };
      },
    );
    return outcome.result;
  };
}
