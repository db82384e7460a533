import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pl from 'nodejs-polars';
import {
  MAX_ABS_MW,
  NUMERIC_COLUMNS,
  PRODUCTION_PREFIX,
  REJECTED_PREFIX,
  SILVER_PREFIX,
} from '../activities/sources/rte-regional/silver';
import { NULL_MARKERS } from '../activities/silver/raw-records';
import { REGIONS } from '../lib/domain/regions';
import { PRODUCTION_SOURCES } from '../lib/domain/sources';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import { machineLine } from './machine';

/**
 * Regional Silver, from one Bronze JSON file to day-partitioned Parquet, in TypeScript
 * (`bronzeToRegionalSilver`, nodejs-polars) against Python Polars doing the same work
 * (`bench/python/silver_clean.py`: Polars' JSON reader, the same rules, one file per UTC day
 * per dataset) on the same SYNTHETIC records with planted faults. Each side runs in a process of
 * its own, alternating, `runs` times each; the figures are the medians of each side's own wall
 * time (read to last file written) and peak RSS. Fails when the two sides' outputs differ: the
 * partition files, schemas, row counts, per-column sums, sampled rows, reject counts and reasons.
 * Usage: npm run bench:silver-compare -- [days=90] [runs=3]   (Python: GPS_PYTHON, default python3)
 */

const PYTHON = process.env.GPS_PYTHON ?? 'python3';
const SCRIPT = path.join(__dirname, 'python', 'silver_clean.py');
const TS_SIDE = path.join(__dirname, 'silver-compare-typescript.ts');
const TSX = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
const PIP_HINT = `pip install -r ${path.relative(process.cwd(), path.join(__dirname, 'python', 'requirements.txt'))}`;
const BRONZE_KEY = 'bronze/rte-regional/bench/records.json';

/**
 * Faults planted at fixed strides so both sides have rejects, null markers and repeated keys to
 * agree on (the generator alone produces none of these).
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

interface SideRun {
  ms: number;
  peakRssMB: number;
}

interface PythonRun extends SideRun {
  readMs: number;
  cleanMs: number;
  python: string;
  polars: string;
}

function runSide<T extends SideRun>(label: string, command: string, args: string[]): T {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${command} not found: install Python 3.11, then ${PIP_HINT} (or set GPS_PYTHON)`);
  }
  if (run.status === 3 && command === PYTHON) throw new Error(`Python Polars is missing: ${PIP_HINT}`);
  if (run.status !== 0) throw new Error(`${label} side exited ${run.status}:\n${run.stderr}`);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

function filesUnder(root: string, prefix: string): string[] {
  const start = path.join(root, prefix);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(path.relative(start, full));
    }
  };
  try {
    walk(start);
  } catch {
    return [];
  }
  return found.sort();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return Number(a) === Number(b);
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return a === b;
}

/** Every difference between the two sides' Parquet files under one prefix. */
function compareDataset(tsRoot: string, pyRoot: string, prefix: string, problems: string[]): number {
  const tsFiles = filesUnder(tsRoot, prefix);
  const pyFiles = filesUnder(pyRoot, prefix);
  if (JSON.stringify(tsFiles) !== JSON.stringify(pyFiles)) {
    problems.push(
      `${prefix}: ts wrote ${tsFiles.length} partitions, python ${pyFiles.length} (or other days)`,
    );
    return 0;
  }
  const read = (root: string) =>
    pl.concat(
      tsFiles.map((f) => pl.readParquet(path.join(root, prefix, f))),
      { how: 'vertical' },
    );
  const ts = read(tsRoot);
  const py = read(pyRoot);
  const schema = (df: pl.DataFrame) =>
    df.columns.map((c) => `${c}:${String(df.getColumn(c).dtype)}`).join(',');
  if (schema(ts) !== schema(py)) problems.push(`${prefix} schema: ts ${schema(ts)}\n  python ${schema(py)}`);
  if (ts.height !== py.height) problems.push(`${prefix} rows: ts ${ts.height}, python ${py.height}`);
  for (const c of ts.columns) {
    const dtype = String(ts.getColumn(c).dtype);
    if (!/Float|Int/.test(dtype) || !py.columns.includes(c)) continue;
    const a = ts.getColumn(c).sum() as number;
    const b = py.getColumn(c).sum() as number;
    if (!sameValue(a, b)) problems.push(`${prefix} sum of ${c}: ts ${a}, python ${b}`);
  }
  const stride = Math.max(1, Math.floor(ts.height / 50));
  for (let i = 0; i < Math.min(ts.height, py.height); i += stride) {
    const [a] = ts.slice(i, 1).toRecords() as Record<string, unknown>[];
    const [b] = py.slice(i, 1).toRecords() as Record<string, unknown>[];
    for (const [column, value] of Object.entries(a ?? {})) {
      if (!sameValue(value, b?.[column]))
        problems.push(`${prefix} row ${i} ${column}: ts ${String(value)}, python ${String(b?.[column])}`);
    }
  }
  return ts.height;
}

function reasonCounts(frame: pl.DataFrame): string {
  const counts: Record<string, number> = {};
  for (const reason of frame.getColumn('reason').toArray() as string[])
    counts[reason] = (counts[reason] ?? 0) + 1;
  return JSON.stringify(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function compareRejects(tsRoot: string, pyRoot: string, problems: string[]): number {
  const only = (root: string) => {
    const files = filesUnder(root, REJECTED_PREFIX);
    if (files.length !== 1) throw new Error(`expected one rejects file under ${root}, found ${files.length}`);
    return pl.readParquet(path.join(root, REJECTED_PREFIX, files[0]!));
  };
  const ts = only(tsRoot);
  const py = only(pyRoot);
  if (ts.columns.join() !== py.columns.join())
    problems.push(`rejects columns: ts ${ts.columns.join()}, python ${py.columns.join()}`);
  if (ts.height !== py.height) problems.push(`rejects: ts ${ts.height}, python ${py.height}`);
  if (reasonCounts(ts) !== reasonCounts(py))
    problems.push(`reject reasons: ts ${reasonCounts(ts)}\n  python ${reasonCounts(py)}`);
  for (let i = 0; i < Math.min(ts.height, py.height); i += Math.max(1, Math.floor(ts.height / 20))) {
    const [a] = ts.slice(i, 1).toRecords() as Record<string, unknown>[];
    const [b] = py.slice(i, 1).toRecords() as Record<string, unknown>[];
    for (const c of ['bronze_key', 'reason', 'code_insee_region', 'date_heure', 'consommation']) {
      if (a?.[c] !== b?.[c])
        problems.push(`reject ${i} ${c}: ts ${String(a?.[c])}, python ${String(b?.[c])}`);
    }
  }
  return ts.height;
}

function main(): void {
  const days = Number(process.argv[2] ?? 90);
  const runs = Number(process.argv[3] ?? 3);
  if (!Number.isInteger(days) || days <= 0)
    throw new Error(`days must be a positive integer, got ${process.argv[2]}`);
  if (!Number.isInteger(runs) || runs <= 0)
    throw new Error(`runs must be a positive integer, got ${process.argv[3]}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-silver-compare-'));
  try {
    const generated = [...syntheticEco2mixRegional(new Date('2025-01-01T00:00:00Z'), days * 96)];
    const records = plantFaults(generated);
    const bronzeRoot = path.join(dir, 'bronze-lake');
    const recordsFile = path.join(bronzeRoot, ...BRONZE_KEY.split('/'));
    mkdirSync(path.dirname(recordsFile), { recursive: true });
    const json = JSON.stringify(records);
    writeFileSync(recordsFile, json);
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
        productionSources: PRODUCTION_SOURCES.map(({ code, coverageColumn, loadFactorColumn }) => ({
          code,
          coverageColumn,
          loadFactorColumn,
        })),
        silverPrefix: SILVER_PREFIX,
        productionPrefix: PRODUCTION_PREFIX,
        rejectedPrefix: REJECTED_PREFIX,
      }),
    );
    console.log(
      `SYNTHETIC eCO2mix regional, ${days} days: ${records.length} records ` +
        `(${records.length - generated.length} planted repeats), ${(json.length / 1e6).toFixed(0)} MB JSON; ` +
        `${runs} runs per side, alternating`,
    );

    const ts: SideRun[] = [];
    const py: PythonRun[] = [];
    const outOf = (side: string) => path.join(dir, `out-${side}`);
    const runTs = () => {
      rmSync(outOf('ts'), { recursive: true, force: true });
      ts.push(runSide('typescript', TSX, [TS_SIDE, bronzeRoot, BRONZE_KEY, outOf('ts')]));
      console.log(
        `  typescript ${ts.at(-1)!.ms.toFixed(0).padStart(7)} ms  peak RSS ${ts.at(-1)!.peakRssMB.toFixed(0)} MB`,
      );
    };
    const runPy = () => {
      rmSync(outOf('py'), { recursive: true, force: true });
      mkdirSync(outOf('py'), { recursive: true });
      const run = runSide<PythonRun>('python', PYTHON, [
        SCRIPT,
        recordsFile,
        specFile,
        outOf('py'),
        BRONZE_KEY,
      ]);
      py.push(run);
      console.log(
        `  python     ${run.ms.toFixed(0).padStart(7)} ms  peak RSS ${run.peakRssMB.toFixed(0)} MB` +
          `  (read_json ${run.readMs.toFixed(0)}, clean ${run.cleanMs.toFixed(0)}, ` +
          `write ${(run.ms - run.readMs - run.cleanMs).toFixed(0)} ms)`,
      );
    };
    // Alternating, and each side first in half the rounds, so a VM that speeds up or slows down
    // during the run weighs on both sides alike.
    for (let round = 0; round < runs; round++) {
      if (round % 2 === 0) {
        runTs();
        runPy();
      } else {
        runPy();
        runTs();
      }
    }

    const problems: string[] = [];
    const wide = compareDataset(outOf('ts'), outOf('py'), SILVER_PREFIX, problems);
    const production = compareDataset(outOf('ts'), outOf('py'), PRODUCTION_PREFIX, problems);
    const rejects = compareRejects(outOf('ts'), outOf('py'), problems);

    const tsMs = median(ts.map((r) => r.ms));
    const pyMs = median(py.map((r) => r.ms));
    const tsRss = median(ts.map((r) => r.peakRssMB));
    const pyRss = median(py.map((r) => r.peakRssMB));
    const partitions = filesUnder(outOf('ts'), SILVER_PREFIX).length;
    console.log(
      `output: ${wide} wide rows and ${production} production rows in ${partitions} days × 2 partitions, ${rejects} rejected`,
    );
    console.log(
      `typescript nodejs-polars 0.25.2: median ${tsMs.toFixed(0)} ms, peak RSS median ${tsRss.toFixed(0)} MB (max ${Math.max(...ts.map((r) => r.peakRssMB)).toFixed(0)})`,
    );
    console.log(
      `python ${py[0]!.python} polars ${py[0]!.polars}: median ${pyMs.toFixed(0)} ms, peak RSS median ${pyRss.toFixed(0)} MB (max ${Math.max(...py.map((r) => r.peakRssMB)).toFixed(0)})`,
    );
    console.log(
      `speed ratio python/typescript: ${(pyMs / tsMs).toFixed(2)}× (≥ 1 means TypeScript is as fast or faster)`,
    );
    console.log(machineLine());
    if (problems.length) {
      console.error(`THE TWO SIDES' OUTPUTS DIFFER:\n${problems.slice(0, 40).join('\n')}`);
      process.exitCode = 1;
    } else {
      console.log(
        'agreement: same partition files, schemas, row counts, per-column sums and sampled rows of both datasets; same reject count, reasons and sampled rejects',
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
