import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { findRegion } from '../../../lib/domain/regions';
import { PRODUCTION_SOURCES } from '../../../lib/domain/sources';
import { sourceForFiliere } from '../../../lib/domain/registry-filieres';
import type { LakeStore } from '../../../lib/lake';
import { parseReferenceCsv } from './csv-formats';
import { parquetBytes } from '../../../lib/parquet';

/**
 * Silver dataset `installed_capacity`: one row per region x source x year, capacity in MW, from
 * either accepted capacity format (ODRE registry export in kW, aggregated over its installation
 * rows; or the plain regional table in MW). Partitioned `year=YYYY`, merged on the key with the
 * latest file winning. Rows that fail a rule go to `silver/_rejected/capacity/` with the reason.
 */
export const DATASET = 'installed_capacity';
export const SILVER_PREFIX = `silver/${DATASET}`;
export const REJECTED_PREFIX = 'silver/_rejected/capacity';

/** Beyond this a regional capacity is a unit error (kW read as MW), not a fleet: France has ~150 GW. */
export const MAX_REGIONAL_CAPACITY_MW = 100_000;
const SOURCE_CODES = new Set(PRODUCTION_SOURCES.map((s) => s.code));

export interface CapacityRow {
  region_code: string;
  source_code: string;
  year: number;
  capacity_mw: number;
  installations: number | null;
  bronze_key: string;
}

export interface RejectedRow {
  bronze_key: string;
  line: number;
  reason: string;
  raw: string;
}

/**
 * Rejected rows of the given Bronze files into `<prefix>/<sha256 of their keys>.parquet`, with
 * line, reason and raw values: the same files rejected again rewrite the same object.
 */
export async function writeRejectedRows(
  lake: LakeStore,
  prefix: string,
  bronzeKeys: string[],
  rejected: RejectedRow[],
): Promise<void> {
  if (!rejected.length) return;
  const digest = createHash('sha256').update(bronzeKeys.join('\n')).digest('hex').slice(0, 16);
  const frame = pl.DataFrame(
    {
      bronze_key: rejected.map((r) => r.bronze_key),
      line: rejected.map((r) => r.line),
      reason: rejected.map((r) => r.reason),
      raw: rejected.map((r) => r.raw),
    },
    { schema: { bronze_key: pl.Utf8, line: pl.Int32, reason: pl.Utf8, raw: pl.Utf8 } },
  );
  await lake.put(`${prefix}/${digest}.parquet`, parquetBytes(frame));
}

export interface CapacityClean {
  rows: CapacityRow[];
  rejected: RejectedRow[];
  /** Where the ODRE snapshot year came from: a column, the file name, or the reception date. */
  yearFrom?: 'column' | 'file name' | 'reception date';
}

/** "1 234,5", "1234.5" and "1234" are numbers; anything else is not. */
export function parseNumber(text: string | undefined): number | null | undefined {
  const t = (text ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return null;
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return undefined;
  return Number(t.replace(',', '.'));
}

/**
 * The registry is a snapshot at a date; ODRE names its yearly archives `…-agrege-311224`
 * (31/12/2024). A four-digit year in the name also counts; otherwise the year the file was received.
 */
export function snapshotYearFromName(fileName: string): number | undefined {
  const ddmmyy = /(?:^|[^\d])3112(\d{2})(?:[^\d]|$)/.exec(fileName);
  if (ddmmyy) return 2000 + Number(ddmmyy[1]);
  const yyyy = /(?:^|[^\d])((?:19|20)\d{2})(?:[^\d]|$)/.exec(fileName);
  return yyyy ? Number(yyyy[1]) : undefined;
}

function regionCodeOf(raw: string | undefined): string | undefined {
  const t = (raw ?? '').trim();
  // Some exports drop the leading zero of single-digit codes; metropolitan codes have two digits.
  const code = /^\d$/.test(t) ? `0${t}` : t;
  return findRegion(code) ? code : undefined;
}

export function cleanCapacity(
  records: Record<string, string>[],
  format: string,
  origin: { bronzeKey: string; fileName: string; receivedAt: string },
): CapacityClean {
  const rejected: RejectedRow[] = [];
  const reject = (i: number, reason: string, r: Record<string, string>) =>
    rejected.push({ bronze_key: origin.bronzeKey, line: i + 2, reason, raw: JSON.stringify(r) });
  const sums = new Map<string, CapacityRow>();
  let yearFrom: CapacityClean['yearFrom'];

  records.forEach((r, i) => {
    let region: string | undefined;
    let source: string | undefined;
    let year: number | null | undefined;
    let mw: number | null | undefined;
    let installations: number | null | undefined;
    if (format === 'odre-registry') {
      const rawRegion = r.coderegion ?? r.codeinseeregion;
      region = regionCodeOf(rawRegion);
      if (!region) return reject(i, `unknown region code "${rawRegion ?? ''}"`, r);
      source = sourceForFiliere(r.filiere ?? '');
      if (!source) return reject(i, `filière "${r.filiere ?? ''}" has no eCO2mix source`, r);
      if (
        r.regime !== undefined &&
        r.regime.trim() !== '' &&
        r.regime.trim().toLowerCase() !== 'en service'
      ) {
        return reject(i, `regime "${r.regime}" is not "En service"`, r);
      }
      const kw = parseNumber(r.puismaxinstallee);
      if (kw === undefined || kw === null)
        return reject(i, `puismaxinstallee "${r.puismaxinstallee ?? ''}" is not a number`, r);
      mw = kw / 1000;
      installations = parseNumber(r.nbinstallations);
      const yearText = r.annee ?? r.year;
      if (yearText !== undefined && yearText.trim() !== '') {
        year = parseNumber(yearText);
        yearFrom = 'column';
      } else {
        const fromName = snapshotYearFromName(origin.fileName);
        year = fromName ?? Number(origin.receivedAt.slice(0, 4));
        yearFrom ??= fromName ? 'file name' : 'reception date';
      }
    } else {
      region = regionCodeOf(r.region_code);
      if (!region) return reject(i, `unknown region code "${r.region_code ?? ''}"`, r);
      source = (r.source_code ?? '').trim();
      if (!SOURCE_CODES.has(source)) return reject(i, `unknown source code "${source}"`, r);
      year = parseNumber(r.year);
      mw = parseNumber(r.capacity_mw);
      if (mw === undefined || mw === null)
        return reject(i, `capacity_mw "${r.capacity_mw ?? ''}" is not a number`, r);
      installations = parseNumber(r.installations);
    }
    if (year === undefined || year === null || !Number.isInteger(year) || year < 1900 || year > 2100) {
      return reject(i, `year "${r.year ?? r.annee ?? ''}" is not a year`, r);
    }
    if (mw < 0) return reject(i, `capacity ${mw} MW is negative`, r);
    if (
      installations === undefined ||
      (installations !== null && (!Number.isInteger(installations) || installations < 0))
    ) {
      return reject(
        i,
        `installation count "${r.nbinstallations ?? r.installations}" is not a whole number`,
        r,
      );
    }
    const key = `${region}|${source}|${year}`;
    const current = sums.get(key);
    if (format === 'odre-registry' && current) {
      // The registry lists installations: a region's capacity is their sum.
      current.capacity_mw += mw;
      current.installations =
        current.installations === null && installations === null
          ? null
          : (current.installations ?? 0) + (installations ?? 0);
    } else if (current) {
      reject(i, `duplicate of an earlier row for ${region} x ${source} x ${year}`, r);
    } else {
      sums.set(key, {
        region_code: region,
        source_code: source,
        year,
        capacity_mw: mw,
        installations,
        bronze_key: origin.bronzeKey,
      });
    }
  });

  const rows: CapacityRow[] = [];
  for (const row of sums.values()) {
    row.capacity_mw = Math.round(row.capacity_mw * 1e6) / 1e6; // kW sums: keep the watt, drop float noise
    if (row.capacity_mw > MAX_REGIONAL_CAPACITY_MW) {
      rejected.push({
        bronze_key: origin.bronzeKey,
        line: 0,
        reason: `${row.region_code} x ${row.source_code} x ${row.year}: ${row.capacity_mw} MW is beyond ${MAX_REGIONAL_CAPACITY_MW} MW`,
        raw: JSON.stringify(row),
      });
    } else rows.push(row);
  }
  rows.sort(
    (a, b) =>
      a.year - b.year ||
      a.region_code.localeCompare(b.region_code) ||
      a.source_code.localeCompare(b.source_code),
  );
  return { rows, rejected, yearFrom };
}

const SILVER_SCHEMA = {
  region_code: pl.Utf8,
  source_code: pl.Utf8,
  year: pl.Int32,
  capacity_mw: pl.Float64,
  installations: pl.Int64,
  bronze_key: pl.Utf8,
};

export const silverKeyForYear = (year: number) => `${SILVER_PREFIX}/year=${year}/data.parquet`;

function toFrame(rows: CapacityRow[]): pl.DataFrame {
  const cols = Object.fromEntries(
    Object.keys(SILVER_SCHEMA).map((c) => [c, rows.map((r) => r[c as keyof CapacityRow])]),
  );
  return pl.DataFrame(cols, { schema: SILVER_SCHEMA });
}

/** Merges into the year partitions: stored rows first, new rows after, the last one kept per key. */
async function mergeIntoSilver(lake: LakeStore, rows: CapacityRow[]): Promise<number[]> {
  const years = [...new Set(rows.map((r) => r.year))].sort();
  for (const year of years) {
    const key = silverKeyForYear(year);
    let frame = toFrame(rows.filter((r) => r.year === year));
    if (await lake.exists(key))
      frame = pl.concat([pl.readParquet(await lake.get(key)), frame], { how: 'vertical' });
    frame = frame
      .unique({ subset: ['region_code', 'source_code', 'year'], keep: 'last', maintainOrder: true })
      .sort(['region_code', 'source_code']);
    await lake.put(key, parquetBytes(frame));
  }
  return years;
}

export async function readSilverYear(lake: LakeStore, year: number): Promise<CapacityRow[]> {
  const key = silverKeyForYear(year);
  if (!(await lake.exists(key))) return [];
  return pl.readParquet(await lake.get(key)).toRecords() as unknown as CapacityRow[];
}

export interface CapacitySilverInput {
  files: { bronzeKey: string; fileName: string; receivedAt: string }[];
}

export interface CapacitySilverResult {
  rows: number;
  rejected: number;
  years: number[];
}

export function createInstalledCapacitySilver(deps: ActivityDeps) {
  return async function installedCapacityToSilver(input: CapacitySilverInput): Promise<CapacitySilverResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toSilver, source: 'reference-data', dataset: 'installed_capacity' },
      async () => {
        const rows: CapacityRow[] = [];
        const rejected: RejectedRow[] = [];
        const yearsFrom: Record<string, string | undefined> = {};
        // Files in reception order, so a later file's figure for the same key wins.
        for (const file of input.files) {
          const parsed = parseReferenceCsv('capacity', await deps.lake.get(file.bronzeKey));
          if (!parsed.ok)
            throw new Error(`${file.bronzeKey} was received valid but no longer parses: ${parsed.reason}`);
          const cleaned = cleanCapacity(parsed.records, parsed.format.id, file);
          rows.push(...cleaned.rows);
          rejected.push(...cleaned.rejected);
          yearsFrom[file.fileName] = cleaned.yearFrom;
        }
        await writeRejectedRows(
          deps.lake,
          REJECTED_PREFIX,
          input.files.map((f) => f.bronzeKey),
          rejected,
        );
        const years = await mergeIntoSilver(deps.lake, rows);
        const result: CapacitySilverResult = { rows: rows.length, rejected: rejected.length, years };
        return { rows: rows.length, details: { rejected: rejected.length, years, yearsFrom }, result };
      },
    );
    return outcome.result;
  };
}
