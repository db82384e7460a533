import { checkDatasetGates } from '../../dataset-gates';
import { AUDIT_STEP } from '../../audit-vocabulary';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { findRegion } from '../../../lib/domain/regions';
import { regionAreasKm2 } from '../../../lib/geo/region-area';
import { parseReferenceCsv } from './csv-formats';
import { parseNumber, writeRejectedRows, type RejectedRow } from './capacity-silver';
import { parquetBytes } from '../../../lib/parquet';
import { dayWindow, type GateReport } from '../../quality';
import { REGION_DEMOGRAPHICS_DATASET } from './gates';

/**
 * Region demographics (population, area) from the landing zone into dim_region. The area comes
 * from the file when given, otherwise from the region outline (lib/geo/region-area.ts), and
 * `area_source` says which. A file with an older year than the stored one does not overwrite it:
 * dim_region keeps the latest figures whatever the order files arrive in.
 */
export const REJECTED_PREFIX = 'silver/_rejected/demographics';
/** Silver dataset: one row per region, the figures of the latest year received. */
export const SILVER_KEY = 'silver/region_demographics/data.parquet';

export interface DemographicsRow {
  region_code: string;
  population: number;
  population_year: number | null;
  area_km2: number;
  area_source: 'demographics' | 'geojson';
}

export function cleanDemographics(
  records: Record<string, string>[],
  bronzeKey: string,
  areas: Map<string, number> = regionAreasKm2(),
): { rows: DemographicsRow[]; rejected: RejectedRow[] } {
  const rejected: RejectedRow[] = [];
  const byRegion = new Map<string, DemographicsRow>();
  records.forEach((r, i) => {
    const reject = (reason: string) =>
      rejected.push({ bronze_key: bronzeKey, line: i + 2, reason, raw: JSON.stringify(r) });
    const code = (r.region_code ?? '').trim();
    if (!findRegion(code)) return reject(`unknown region code "${code}"`);
    const population = parseNumber(r.population);
    if (population === undefined || population === null || !Number.isInteger(population) || population <= 0) {
      return reject(`population "${r.population ?? ''}" is not a positive whole number`);
    }
    const year = parseNumber(r.year);
    if (year === undefined || (year !== null && (!Number.isInteger(year) || year < 1800 || year > 2100))) {
      return reject(`year "${r.year}" is not a year`);
    }
    const area = parseNumber(r.area_km2);
    if (area === undefined || (area !== null && area <= 0))
      return reject(`area_km2 "${r.area_km2}" is not a positive number`);
    const outline = areas.get(code);
    if (area === null && outline === undefined)
      return reject(`no area given and no outline for region ${code}`);
    if (byRegion.has(code)) return reject(`duplicate of an earlier row for region ${code}`);
    byRegion.set(code, {
      region_code: code,
      population,
      population_year: year,
      area_km2: area ?? Math.round((outline as number) * 10) / 10,
      area_source: area === null ? 'geojson' : 'demographics',
    });
  });
  return { rows: [...byRegion.values()], rejected };
}

export function createRegionDemographicsGold(deps: ActivityDeps) {
  return async function regionDemographicsToGold(input: {
    files: { bronzeKey: string }[];
  }): Promise<{ rows: number; rejected: number }> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toGold, source: 'reference-data', dataset: 'region_demographics' },
      async () => {
        let updated = 0;
        const rejected: RejectedRow[] = [];
        const clean: (DemographicsRow & { bronze_key: string })[] = [];
        for (const file of input.files) {
          const parsed = parseReferenceCsv('demographics', await deps.lake.get(file.bronzeKey));
          if (!parsed.ok)
            throw new Error(`${file.bronzeKey} was received valid but no longer parses: ${parsed.reason}`);
          const cleaned = cleanDemographics(parsed.records, file.bronzeKey);
          rejected.push(...cleaned.rejected);
          clean.push(...cleaned.rows.map((r) => ({ ...r, bronze_key: file.bronzeKey })));
          for (const row of cleaned.rows) {
            updated += await deps
              .db('dim_region')
              .where({ region_code: row.region_code })
              .andWhere((q) => {
                q.whereNull('population_year');
                if (row.population_year !== null) q.orWhere('population_year', '<=', row.population_year);
              })
              .update({
                population: row.population,
                population_year: row.population_year,
                area_km2: row.area_km2,
                area_source: row.area_source,
              });
          }
        }
        if (clean.length) await mergeDemographicsSilver(deps, clean);
        await writeRejectedRows(
          deps.lake,
          REJECTED_PREFIX,
          input.files.map((f) => f.bronzeKey),
          rejected,
        );
        return {
          rows: updated,
          details: { rejected: rejected.length },
          result: { rows: updated, rejected: rejected.length },
        };
      },
    );
    return outcome.result;
  };
}

/** dim_region is a snapshot: its gates judge it whole, recorded under the day they ran. */
export function createRegionDemographicsGates(deps: ActivityDeps) {
  return async function checkRegionDemographicsGates(): Promise<GateReport> {
    return checkDatasetGates(
      deps,
      'reference-data',
      REGION_DEMOGRAPHICS_DATASET,
      dayWindow(new Date().toISOString().slice(0, 10)),
    );
  };
}

/**
 * Merges cleaned rows into the Silver dataset: per region, the row of the latest population year
 * (a file without a year counts as older than any dated one; on a tie the later file wins).
 */
async function mergeDemographicsSilver(
  deps: ActivityDeps,
  rows: (DemographicsRow & { bronze_key: string })[],
): Promise<void> {
  const schema = {
    region_code: pl.Utf8,
    population: pl.Float64,
    population_year: pl.Int32,
    area_km2: pl.Float64,
    area_source: pl.Utf8,
    bronze_key: pl.Utf8,
  };
  let frame = pl.DataFrame(
    Object.fromEntries(Object.keys(schema).map((c) => [c, rows.map((r) => r[c as keyof typeof r])])),
    { schema },
  );
  if (await deps.lake.exists(SILVER_KEY)) {
    frame = pl.concat([
      pl.readParquet(await deps.lake.get(SILVER_KEY)).select(...Object.keys(schema)),
      frame,
    ]);
  }
  frame = frame
    .withRowIndex('_seq')
    .sort(['region_code', 'population_year', '_seq'], false, false)
    .unique({ subset: ['region_code'], keep: 'last', maintainOrder: true })
    .drop('_seq')
    .sort('region_code');
  await deps.lake.put(SILVER_KEY, parquetBytes(frame));
}
