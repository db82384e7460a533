import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pl from 'nodejs-polars';
import { MAX_ABS_MW, NUMERIC_COLUMNS, cleanEco2mixRegional } from '../activities/sources/rte-regional/silver';
import { NULL_MARKERS } from '../activities/silver/raw-records';
import { REGIONS } from '../lib/domain/regions';
import { PRODUCTION_SOURCES } from '../lib/domain/sources';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import { machineLine } from './machine';

/**
 * Silver cleaning of the regional dataset, TypeScript (nodejs-polars) against Python Polars on
 * the same SYNTHETIC records, read from the same JSON file. Both sides time parsing and cleaning
 * apart; rows/s is input records per second of cleaning (records in -> clean + rejected frames).
 * The comparison is only worth something if both clean alike, so the bench fails when counts,
 * reject reasons, column sums or sample rows differ.
 * Usage: npm run bench:silver-compare -- [days=90]   (Python: GPS_PYTHON, default python3)
 */

const PYTHON = process.env.GPS_PYTHON ?? 'python3';
const SCRIPT = path.join(__dirname, 'python', 'silver_clean.py');
const PIP_HINT = `pip install -r ${path.relative(process.cwd(), path.join(__dirname, 'python', 'requirements.txt'))}`;

/**
 * Faults planted at fixed strides so both cleanings have rejects, null markers and repeated
 * keys to agree on (the generator alone produces none of these).
 */
function plantFaults(records: Record<string, unknown>[]): Record<string, unknown>[] {
  const repeats: Record<string, unknown>[] = [];
  records.forEach((r, i) => {
    if (i % 997 === 0) r.consommation = 'ND';
    if (i % 1009 === 1) r.eolien = '-';
    if (i % 1013 === 2) r.code_insee_region = '99';
    if (i % 1019 === 3) r.solaire = 'abc';
    if (i % 1021 === 4) r.consommation = -5;
    if (i % 1031 === 5) r.nucleaire = 150_000;
    if (i % 1033 === 6) r.date_heure = '2025-13-45 25:00';
    if (i % 1039 === 7) repeats.push({ ...r, consommation: Number(r.consommation) + 1 });
  });
  // A later publication of the same (region, instant): the later row must win on both sides.
  return [...records, ...repeats];
}

interface PythonRun {
  clean: number;
  rejected: number;
  parseMs: number;
  /** Part of cleanMs spent turning parsed Python objects into text columns. */
  frameMs: number;
  cleanMs: number;
  reasons: Record<string, number>;
  sums: Record<string, number>;
  samples: Record<string, unknown>[];
}

interface PythonOutput {
  polars: string;
  python: string;
  input: number;
  /** json.load, then records -> clean + rejected: the scope of the TypeScript figure. */
  records: PythonRun;
  /** Polars reads the file into text columns itself, then cleans. */
  readJson: PythonRun;
}

function reasonCounts(rejected: pl.DataFrame): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of rejected.getColumn('reason').toArray() as string[])
    counts[reason] = (counts[reason] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function sampleRow(df: pl.DataFrame, index: number): Record<string, unknown> {
  const row = df.slice(index, 1).toRecords()[0] as Record<string, unknown>;
  return { ...row, ts_utc: (row.ts_utc as Date).getTime() };
}

function sameNumber(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a == b;
  return Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(a)));
}

async function main(): Promise<void> {
  const days = Number(process.argv[2] ?? 90);
  if (!Number.isInteger(days) || days <= 0)
    throw new Error(`days must be a positive integer, got ${process.argv[2]}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-silver-compare-'));
  try {
    const generated = [...syntheticEco2mixRegional(new Date('2025-01-01T00:00:00Z'), days * 96)];
    const records = plantFaults(generated);
    const recordsFile = path.join(dir, 'records.json');
    writeFileSync(recordsFile, JSON.stringify(records));
    const sampleRows = [0, 1, 1000, 12_345, 50_000];
    const specFile = path.join(dir, 'spec.json');
    writeFileSync(
      specFile,
      JSON.stringify({
        textColumns: ['code_insee_region', 'libelle_region', 'nature'],
        numericColumns: NUMERIC_COLUMNS,
        powerColumns: ['consommation', ...PRODUCTION_SOURCES.map((s) => s.code), 'ech_physiques'],
        regionCodes: REGIONS.map((r) => r.code),
        nullMarkers: NULL_MARKERS,
        maxAbsMw: MAX_ABS_MW,
        sampleRows,
      }),
    );
    const megabytes = readFileSync(recordsFile).length / 2 ** 20;

    // Builds the cached Polars expressions once, as a long-running worker would have.
    cleanEco2mixRegional(generated.slice(0, 100), new Array(100).fill('warm-up'));

    const t0 = performance.now();
    const parsed = JSON.parse(readFileSync(recordsFile, 'utf8')) as Record<string, unknown>[];
    const t1 = performance.now();
    const ts = cleanEco2mixRegional(
      parsed,
      parsed.map(() => 'bench'),
    );
    const t2 = performance.now();

    const run = spawnSync(PYTHON, [SCRIPT, recordsFile, specFile], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${PYTHON} not found: install Python 3.11, then ${PIP_HINT} (or set GPS_PYTHON)`);
    }
    if (run.status === 3) throw new Error(`Python Polars is missing: ${PIP_HINT}`);
    if (run.status !== 0) throw new Error(`${SCRIPT} exited ${run.status}:\n${run.stderr}`);
    const py = JSON.parse(run.stdout) as PythonOutput;

    const tsReasons = reasonCounts(ts.rejected);
    const problems: string[] = [];
    if (py.input !== parsed.length) problems.push(`input: ts ${parsed.length}, python ${py.input}`);
    for (const [label, other] of Object.entries({
      'python records': py.records,
      'python read_json': py.readJson,
    })) {
      if (other.clean !== ts.clean.height)
        problems.push(`clean rows: ts ${ts.clean.height}, ${label} ${other.clean}`);
      if (other.rejected !== ts.rejected.height) {
        problems.push(`rejected: ts ${ts.rejected.height}, ${label} ${other.rejected}`);
      }
      if (JSON.stringify(tsReasons) !== JSON.stringify(other.reasons)) {
        problems.push(
          `reasons: ts ${JSON.stringify(tsReasons)}\n  ${label} ${JSON.stringify(other.reasons)}`,
        );
      }
      for (const c of NUMERIC_COLUMNS) {
        const sum = ts.clean.getColumn(c).sum() as number;
        if (!sameNumber(sum, other.sums[c]))
          problems.push(`sum of ${c}: ts ${sum}, ${label} ${other.sums[c]}`);
      }
      sampleRows
        .filter((i) => i < ts.clean.height)
        .forEach((rowIndex, k) => {
          const theirs = other.samples[k] ?? {};
          for (const [column, value] of Object.entries(sampleRow(ts.clean, rowIndex))) {
            const equal =
              typeof value === 'string' || value === null
                ? value === theirs[column]
                : sameNumber(value, theirs[column]);
            if (!equal) problems.push(`row ${rowIndex} ${column}: ts ${value}, ${label} ${theirs[column]}`);
          }
        });
    }

    const rate = (rows: number, ms: number) =>
      Math.round(rows / (ms / 1000))
        .toLocaleString('en')
        .padStart(10);
    const plantedRepeats = parsed.length - generated.length;
    console.log(
      `SYNTHETIC eCO2mix regional, ${days} days: ${parsed.length} records (${plantedRepeats} planted repeats), ` +
        `${megabytes.toFixed(1)} MiB JSON -> ${ts.clean.height} clean, ${ts.rejected.height} rejected ` +
        `(${Object.keys(tsReasons).length} distinct reasons)`,
    );
    const line = (label: string, parseMs: number, cleanMs: number, note = '') =>
      `${label.padEnd(38)} parse ${parseMs.toFixed(0).padStart(6)} ms  clean ${cleanMs.toFixed(0).padStart(6)} ms` +
      `  ${rate(parsed.length, cleanMs)} rows/s${note}`;
    console.log(line('typescript nodejs-polars 0.25.2', t1 - t0, t2 - t1));
    const python = `python ${py.python} polars ${py.polars}`;
    console.log(
      line(
        `${python} (records)`,
        py.records.parseMs,
        py.records.cleanMs,
        `  (dicts -> text columns ${py.records.frameMs.toFixed(0)} ms of it)`,
      ),
    );
    console.log(
      line(
        `${python} (read_json)`,
        py.readJson.parseMs,
        py.readJson.cleanMs,
        '  (parse = read_json to text columns)',
      ),
    );
    console.log(machineLine());
    if (problems.length) {
      console.error(`the two cleanings disagree:\n${problems.join('\n')}`);
      process.exitCode = 1;
    } else {
      console.log(
        `agreement (both Python runs): clean and rejected counts, reasons, ${NUMERIC_COLUMNS.length} column sums, ` +
          `${py.records.samples.length} sample rows`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
