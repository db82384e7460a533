import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { writeBronze } from '../activities/bronze/lake-objects';
import {
  cleanEco2mixRegional,
  mergeIntoSilver,
  readSilverDay,
} from '../activities/sources/rte-regional/silver';
import { loadEco2mixRegionalDays } from '../activities/sources/rte-regional/gold';
import { BALANCE_INPUT_COLUMNS } from '../activities/sources/rte-regional/gold-mapping';
import { LocalLake } from '../lib/lake/local-lake';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';

/**
 * SYNTHETIC regional quarter-hours through the real Bronze -> Silver -> Gold functions, the way
 * bench/medallion-year.ts does it (one Bronze JSON page per day, Silver one batch per week of
 * pages, Gold one load per day), into a database the caller has prepared. Used by bench/api-load.ts
 * to fill Gold with years of facts; it times nothing finer than the whole build.
 */

export const SYNTHETIC_START = new Date('2025-01-01T00:00:00Z');

export interface BuildResult {
  days: number;
  records: number;
  goldRows: number;
  seconds: number;
}

export async function buildSyntheticGold(
  db: Knex,
  days: number,
  progress: (line: string) => void = () => {},
): Promise<BuildResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-gold-'));
  const lake = new LocalLake(path.join(dir, 'lake'));
  const t0 = performance.now();
  const generator = syntheticEco2mixRegional(SYNTHETIC_START, days * 96);
  let records = 0;
  let goldRows = 0;
  try {
    // A week at a time through all three layers, so the lake never holds more than a week of
    // Silver work in flight and progress can be printed.
    for (let week = 0; week * 7 < days; week++) {
      const bronzeKeys: string[] = [];
      for (let d = week * 7; d < Math.min(days, week * 7 + 7); d++) {
        const results: Record<string, unknown>[] = [];
        for (let i = 0; i < 96 * 12; i++) results.push(generator.next().value as Record<string, unknown>);
        const body = JSON.stringify({ total_count: results.length, results });
        const meta = {
          source: 'bench',
          url: 'synthetic',
          params: {},
          httpStatus: 200,
          recordCount: results.length,
          fetchedAt: new Date(SYNTHETIC_START.getTime() + d * 86_400_000).toISOString(),
        };
        bronzeKeys.push((await writeBronze(lake, 'bronze/bench/eco2mix-regional', 'json', body, meta)).key);
      }
      const batch: Record<string, unknown>[] = [];
      const origin: string[] = [];
      for (const key of bronzeKeys) {
        const page = JSON.parse((await lake.get(key)).toString('utf8')) as {
          results: Record<string, unknown>[];
        };
        for (const r of page.results) {
          batch.push(r);
          origin.push(key);
        }
      }
      records += batch.length;
      const { clean } = cleanEco2mixRegional(batch, origin);
      const silverDays = await mergeIntoSilver(lake, clean);
      for (const day of silverDays) {
        const silver = await readSilverDay(lake, day, { wide: BALANCE_INPUT_COLUMNS });
        const result = await loadEco2mixRegionalDays(db, [silver.wide], [day], [silver.production]);
        goldRows += result.energyFlowRows + result.balanceRows;
      }
      if (week % 13 === 12) {
        progress(
          `  built ${Math.min(days, week * 7 + 7)}/${days} days, ${goldRows.toLocaleString('en')} gold rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { days, records, goldRows, seconds: (performance.now() - t0) / 1000 };
}
