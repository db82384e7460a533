import type { Knex } from 'knex';
import type pl from 'nodejs-polars';
import { loadEco2mixRegionalDays } from '../activities/sources/rte-regional/gold';
import { BALANCE_INPUT_COLUMNS } from '../activities/sources/rte-regional/gold-mapping';
import { readSilverDay } from '../activities/sources/rte-regional/silver';
import type { LocalLake } from '../lib/lake/local-lake';

// CPU time of this process (every thread, Polars' included; not the PostgreSQL server's): on a
// shared machine it moves far less than wall time when other work competes for the cores.
export const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Gold as the activity loads it: Silver days read, then loaded, `daysPerLoad` at a time. */
export async function timeGold(db: Knex, lake: LocalLake, allDays: string[], daysPerLoad: number) {
  let readMs = 0;
  let rows = 0;
  const c0 = cpuSeconds();
  const t0 = performance.now();
  for (let i = 0; i < allDays.length; i += daysPerLoad) {
    const days = allDays.slice(i, i + daysPerLoad);
    const r = performance.now();
    const wide: pl.DataFrame[] = [];
    const production: pl.DataFrame[] = [];
    for (const day of days) {
      // Both Silver datasets of the day, read as the eco2mixRegionalToGold activity reads them.
      const silver = await readSilverDay(lake, day, { wide: BALANCE_INPUT_COLUMNS });
      wide.push(silver.wide);
      production.push(silver.production);
    }
    readMs += performance.now() - r;
    const result = await loadEco2mixRegionalDays(db, wide, days, production);
    rows += result.energyFlowRows + result.balanceRows;
  }
  return { ms: performance.now() - t0, readMs, rows, cpu: cpuSeconds() - c0 };
}
