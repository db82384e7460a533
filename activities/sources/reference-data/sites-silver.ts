import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { readBronzeJson } from '../../bronze/lake-objects';
import { REGIONS } from '../../../lib/domain/regions';
import { sourceForFiliere } from '../../../lib/domain/registry-filieres';
import { PayloadError } from '../../../lib/http/odre-client';
import type { LakeStore } from '../../../lib/lake';
import { asText } from '../../silver/raw-records';
import { parquetBytes } from '../../../lib/parquet';

/**
 * Silver dataset `reference_sites`: the sites registry of the reference SQL database, one row per
 * site with its grid node and region, typed. Each snapshot (a full extract) is merged into one
 * Parquet file, stored rows first and the snapshot after, keeping the last row per site id: a
 * site keeps its latest valid description, and `bronze_key` names the snapshot it came from.
 * Rows that fail a rule go to `silver/_rejected/reference_sites/` with the reason.
 */
export const DATASET = 'reference_sites';
export const SILVER_KEY = `silver/${DATASET}/data.parquet`;
export const REJECTED_PREFIX = `silver/_rejected/${DATASET}`;

/** The snapshot's fields, as extractSites writes them. */
export const INPUT_COLUMNS = [
  'site_id',
  'site_name',
  'filiere',
  'capacity_kw',
  'commissioned_on',
  'node_code',
  'node_name',
  'voltage_kv',
  'region_code',
  'region_name',
] as const;

/** Beyond this one site is a unit error (W read as kW): the largest French plant is ~5.5 GW. */
export const MAX_SITE_CAPACITY_KW = 10_000_000;

export const SILVER_SCHEMA = {
  site_id: pl.Utf8,
  site_name: pl.Utf8,
  filiere: pl.Utf8,
  /** The eCO2mix source the filière counts under; null when it has none (kept, not rejected). */
  source_code: pl.Utf8,
  capacity_kw: pl.Float64,
  capacity_mw: pl.Float64,
  commissioned_on: pl.Date,
  node_code: pl.Utf8,
  node_name: pl.Utf8,
  voltage_kv: pl.Float64,
  region_code: pl.Utf8,
  region_name: pl.Utf8,
  bronze_key: pl.Utf8,
};

export interface SitesClean {
  clean: pl.DataFrame;
  rejected: pl.DataFrame;
  /** Rows of the snapshot replaced by a later row with the same site id. */
  duplicates: number;
}

const REGION_CODES = REGIONS.map((r) => r.code);

/**
 * Cleans one snapshot. Every row ends either in `clean` or in `rejected` with the first rule it
 * fails; a site id listed twice keeps its later row.
 */
export function cleanReferenceSites(sites: Record<string, unknown>[], bronzeKey: string): SitesClean {
  // Text first, as for eCO2mix: a number and its string form are judged by one rule.
  const data: Record<string, (string | null)[]> = {};
  for (const c of INPUT_COLUMNS) data[c] = sites.map((s) => asText(s[c])?.trim() ?? null);
  const raw = pl.DataFrame(data, {
    schema: Object.fromEntries(INPUT_COLUMNS.map((c) => [c, pl.Utf8])),
  });
  const blank = (c: string) =>
    pl
      .col(c)
      .isNull()
      .or(pl.col(c).eq(pl.lit('')));
  const typed = raw.withColumns(
    pl.col('capacity_kw').cast(pl.Float64, false).alias('capacity_kw__num'),
    pl.col('voltage_kv').cast(pl.Float64, false).alias('voltage_kv__num'),
    pl.col('commissioned_on').str.strptime(pl.Date, '%Y-%m-%d').alias('commissioned_on__date'),
  );
  const reason = pl
    .when(blank('site_id'))
    .then(pl.lit('site_id is missing'))
    .when(blank('region_code'))
    .then(pl.lit('region_code is missing'))
    .when(pl.col('region_code').isIn(REGION_CODES).not())
    .then(pl.format('unknown region code "{}"', pl.col('region_code')))
    .when(blank('node_code'))
    .then(pl.lit('node_code is missing'))
    .when(blank('capacity_kw'))
    .then(pl.lit('capacity_kw is missing'))
    .when(pl.col('capacity_kw__num').isNull())
    .then(pl.format('capacity_kw "{}" is not a number', pl.col('capacity_kw')))
    .when(pl.col('capacity_kw__num').lt(0))
    .then(pl.format('capacity_kw {} is negative', pl.col('capacity_kw')))
    .when(pl.col('capacity_kw__num').gt(MAX_SITE_CAPACITY_KW))
    .then(pl.format(`capacity_kw {} is beyond ${MAX_SITE_CAPACITY_KW} kW`, pl.col('capacity_kw')))
    .when(pl.col('voltage_kv__num').isNull().and(blank('voltage_kv').not()))
    .then(pl.format('voltage_kv "{}" is not a number', pl.col('voltage_kv')))
    .when(pl.col('commissioned_on__date').isNull().and(blank('commissioned_on').not()))
    .then(pl.format('commissioned_on "{}" is not a YYYY-MM-DD date', pl.col('commissioned_on')))
    .otherwise(pl.lit(null))
    .alias('reason');
  const judged = typed.withColumns(reason);

  const rejected = judged
    .filter(pl.col('reason').isNotNull())
    .select(pl.lit(bronzeKey).alias('bronze_key'), pl.col('reason'), ...INPUT_COLUMNS);

  const valid = judged.filter(pl.col('reason').isNull());
  // The filière vocabulary is small: map each distinct label once rather than per row.
  const filieres = [...new Set(valid.getColumn('filiere').toArray() as (string | null)[])];
  const sourceOf = pl.DataFrame(
    {
      filiere: filieres,
      source_code: filieres.map((f) => (f === null ? null : (sourceForFiliere(f) ?? null))),
    },
    { schema: { filiere: pl.Utf8, source_code: pl.Utf8 } },
  );
  const deduplicated = valid.unique({ subset: ['site_id'], keep: 'last', maintainOrder: true });
  const clean = deduplicated
    .join(sourceOf, { on: 'filiere', how: 'left' })
    .select(
      pl.col('site_id'),
      pl.col('site_name'),
      pl.col('filiere'),
      pl.col('source_code'),
      pl.col('capacity_kw__num').alias('capacity_kw'),
      pl.col('capacity_kw__num').div(1000).alias('capacity_mw'),
      pl.col('commissioned_on__date').alias('commissioned_on'),
      pl.col('node_code'),
      pl.col('node_name'),
      pl.col('voltage_kv__num').alias('voltage_kv'),
      pl.col('region_code'),
      pl.col('region_name'),
      pl.lit(bronzeKey).alias('bronze_key'),
    )
    .sort('site_id');
  return { clean, rejected, duplicates: valid.height - deduplicated.height };
}

/** The snapshot's `sites` array; anything else is a changed extract, not data to clean. */
export function snapshotSites(snapshot: unknown, bronzeKey: string): Record<string, unknown>[] {
  const sites = (snapshot as { sites?: unknown } | null)?.sites;
  if (!Array.isArray(sites) || sites.some((s) => s === null || typeof s !== 'object' || Array.isArray(s))) {
    throw new PayloadError(
      `${bronzeKey} is not a sites snapshot: expected { sites: [ {…}, … ] }`,
      'schema',
      JSON.stringify(snapshot).slice(0, 200),
    );
  }
  return sites as Record<string, unknown>[];
}

/** Stored rows first, the snapshot after, the last row per site kept: a re-run rewrites the same file. */
export async function mergeIntoSilver(lake: LakeStore, clean: pl.DataFrame): Promise<number> {
  let merged = clean;
  if (await lake.exists(SILVER_KEY)) {
    merged = pl.concat([pl.readParquet(await lake.get(SILVER_KEY)), clean], { how: 'diagonal' });
  }
  merged = merged.unique({ subset: ['site_id'], keep: 'last', maintainOrder: true }).sort('site_id');
  await lake.put(SILVER_KEY, parquetBytes(merged));
  return merged.height;
}

export async function readSilverSites(lake: LakeStore): Promise<pl.DataFrame | undefined> {
  if (!(await lake.exists(SILVER_KEY))) return undefined;
  return pl.readParquet(await lake.get(SILVER_KEY));
}

export interface SitesSilverResult {
  rows: number;
  rejected: number;
  duplicates: number;
  /** Sites in the Silver file after the merge. */
  total: number;
}

export function createReferenceSitesSilver(deps: ActivityDeps) {
  return async function referenceSitesToSilver(input: { bronzeKey: string }): Promise<SitesSilverResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toSilver, source: 'reference-data', dataset: 'reference_sites' },
      async () => {
        const sites = snapshotSites(await readBronzeJson(deps.lake, input.bronzeKey), input.bronzeKey);
        const { clean, rejected, duplicates } = cleanReferenceSites(sites, input.bronzeKey);
        if (rejected.height > 0) {
          // Named after the snapshot: a retry rewrites the same file instead of adding one.
          const digest = createHash('sha256').update(input.bronzeKey).digest('hex').slice(0, 16);
          await deps.lake.put(`${REJECTED_PREFIX}/${digest}.parquet`, parquetBytes(rejected));
        }
        const total = await mergeIntoSilver(deps.lake, clean);
        const result: SitesSilverResult = {
          rows: clean.height,
          rejected: rejected.height,
          duplicates,
          total,
        };
        return {
          rows: clean.height,
          details: { input: sites.length, rejected: rejected.height, duplicates, total, key: SILVER_KEY },
          result,
        };
      },
    );
    return outcome.result;
  };
}
