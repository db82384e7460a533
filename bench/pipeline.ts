import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEco2mixRegional, mergeIntoSilver } from '../activities/sources/rte-regional/silver';
import { loadEco2mixRegionalDays } from '../activities/sources/rte-regional/gold';
import { createWriterDb } from '../lib/db';
import { prepareGoldDatabase } from '../db/prepare';
import { REGIONS } from '../lib/domain/regions';
import { LocalLake } from '../lib/lake/local-lake';
import { loadFixture } from '../replay/odre-replay-server';

/**
 * Silver cleaning and Gold load of the regional dataset, in process (no Temporal), on records
 * shaped like the real capture: every feed region x N days of quarter-hours. The values are the
 * capture's, repeated: this measures the code path, not data realism (labelled synthetic).
 * Usage: npm run bench -- [days=7]
 */
async function main(): Promise<void> {
  const days = Number(process.argv[2] ?? 7);
  const template = loadFixture('eco2mix-regional-tr');
  const regions = REGIONS.filter((r) => r.inRegionalFeed);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const records: Record<string, unknown>[] = [];
  for (let q = 0; q < days * 96; q++) {
    const instant = new Date(start + q * 900_000).toISOString().replace('.000Z', '+00:00');
    for (const region of regions) {
      records.push({
        ...template[q % template.length],
        code_insee_region: region.code,
        libelle_region: region.name,
        date_heure: instant,
      });
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-'));
  const lake = new LocalLake(path.join(dir, 'lake'));
  const dbConfig = { client: 'sqlite' as const, file: path.join(dir, 'gold.sqlite') };
  const db = createWriterDb(dbConfig);
  await prepareGoldDatabase(db, dbConfig);

  const t0 = performance.now();
  const { clean, rejected } = cleanEco2mixRegional(
    records,
    records.map(() => 'bench'),
  );
  const t1 = performance.now();
  const written = await mergeIntoSilver(lake, clean);
  const t2 = performance.now();
  const frames = [clean];
  const gold = await loadEco2mixRegionalDays(db, frames, written);
  const t3 = performance.now();

  const rss = process.resourceUsage().maxRSS / 1024;
  const line = (label: string, ms: number, rows: number) =>
    `${label.padEnd(22)} ${ms.toFixed(0).padStart(7)} ms  ${Math.round(rows / (ms / 1000))
      .toLocaleString('en')
      .padStart(10)} rows/s`;
  console.log(
    `synthetic eCO2mix regional: ${regions.length} regions x ${days} days = ${records.length} records (${rejected.height} rejected)`,
  );
  console.log(line('silver clean (Polars)', t1 - t0, records.length));
  console.log(line('silver write (Parquet)', t2 - t1, clean.height));
  console.log(line('gold load (SQLite)', t3 - t2, gold.energyFlowRows + gold.balanceRows));
  console.log(
    `peak RSS ${rss.toFixed(0)} MB; node ${process.version}; ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}`,
  );
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
