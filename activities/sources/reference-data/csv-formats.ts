import { parse } from 'csv-parse/sync';

/**
 * The flat files accepted through the landing zone, recognised by their header. A file is
 * either one of these formats (its rows then go to Silver, where each row is judged on its own)
 * or malformed as a whole, with the reason; it is never guessed into shape.
 */
export type LandingKind = 'capacity' | 'demographics';

export interface CsvFormat {
  id: string;
  kind: LandingKind;
  delimiter: ',' | ';';
  description: string;
  /** Every alternative of each group must be matched by one header column. */
  required: string[][];
  optional: string[];
}

export const CSV_FORMATS: readonly CsvFormat[] = [
  {
    id: 'odre-registry',
    kind: 'capacity',
    delimiter: ';',
    description:
      'ODRE export of registre-national-installation-production-stockage-electricite-agrege (";", capacities in kW)',
    required: [['coderegion', 'codeinseeregion'], ['filiere'], ['puismaxinstallee']],
    optional: ['region', 'codefiliere', 'nbinstallations', 'regime', 'annee', 'year'],
  },
  {
    id: 'regional-capacity',
    kind: 'capacity',
    delimiter: ',',
    description: 'regional table (","): region_code, source_code, year, capacity_mw[, installations]',
    required: [['region_code'], ['source_code'], ['year'], ['capacity_mw']],
    optional: ['installations', 'region_name'],
  },
  {
    id: 'region-demographics',
    kind: 'demographics',
    delimiter: ',',
    description: 'region table (","): region_code, population[, area_km2, year, name]',
    required: [['region_code'], ['population']],
    optional: ['area_km2', 'year', 'name'],
  },
  {
    id: 'region-demographics',
    kind: 'demographics',
    delimiter: ';',
    description: 'region table (";"): region_code; population[; area_km2; year; name]',
    required: [['region_code'], ['population']],
    optional: ['area_km2', 'year', 'name'],
  },
];

export type ParsedCsv =
  | {
      ok: true;
      format: CsvFormat;
      /** Header names, lower-cased and trimmed, as the records' keys. */
      columns: string[];
      records: Record<string, string>[];
    }
  | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The delimiter the header line uses: the one of `,` and `;` that splits it into more fields. */
function headerDelimiter(text: string): ',' | ';' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function describeExpected(kind: LandingKind): string {
  return CSV_FORMATS.filter((f) => f.kind === kind)
    .map((f) => f.description)
    .join(' or ');
}

/** Decodes, recognises and parses a landed file; any file-level defect is a reason, not a throw. */
export function parseReferenceCsv(kind: LandingKind, bytes: Buffer): ParsedCsv {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return { ok: false, reason: 'empty file' };

  const delimiter = headerDelimiter(text);
  let rows: string[][];
  try {
    // Strict column count: a row with a field too many or too few means the file is cut or shifted.
    rows = parse(text, { delimiter, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    return { ok: false, reason: `unparsable CSV: ${(err as Error).message}` };
  }
  const [header, ...data] = rows;
  const columns = (header ?? []).map((c) => c.trim().toLowerCase());
  const format = CSV_FORMATS.find(
    (f) =>
      f.kind === kind &&
      f.delimiter === delimiter &&
      f.required.every((alternatives) => alternatives.some((c) => columns.includes(c))),
  );
  if (!format) {
    return {
      ok: false,
      reason: `header "${(header ?? []).join(delimiter)}" (delimiter "${delimiter}") matches no ${kind} format; expected ${describeExpected(kind)}`,
    };
  }
  const duplicated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (duplicated.length) return { ok: false, reason: `duplicated columns: ${duplicated.join(', ')}` };
  if (!data.length) return { ok: false, reason: 'header only, no data rows' };
  const records = data.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? ''])));
  return { ok: true, format, columns, records };
}
