import { LocalLake } from '../lib/lake/local-lake';
import type { LakeStore } from '../lib/lake';
import { bronzeToRegionalSilver, cleanEco2mixRegional } from '../activities/sources/rte-regional/silver';

/**
 * The TypeScript side of `bench:silver-compare`, in a process of its own so its peak RSS is its
 * own: one Bronze object (read from BRONZE_ROOT) through `bronzeToRegionalSilver` into a lake at
 * OUT_ROOT. Prints one JSON line: wall ms from the Bronze read to the last partition written, and
 * the process's peak RSS.
 * Usage: tsx bench/silver-compare-typescript.ts BRONZE_ROOT BRONZE_KEY OUT_ROOT
 */
async function main(): Promise<void> {
  const [bronzeRoot, bronzeKey, outRoot] = process.argv.slice(2);
  if (!bronzeRoot || !bronzeKey || !outRoot) throw new Error('usage: BRONZE_ROOT BRONZE_KEY OUT_ROOT');
  const bronze = new LocalLake(bronzeRoot);
  const out = new LocalLake(outRoot);
  // Reads come from the Bronze lake, writes go to the output lake: one store for the function.
  const lake: LakeStore = {
    description: 'bench',
    get: (key) => (key === bronzeKey ? bronze.get(key) : out.get(key)),
    put: (key, body) => out.put(key, body),
    getVersioned: (key) => out.getVersioned(key),
    putIfAbsent: (key, body) => out.putIfAbsent(key, body),
    putIfVersion: (key, body, version) => out.putIfVersion(key, body, version),
    exists: (key) => out.exists(key),
    list: (prefix) => out.list(prefix),
    delete: (key) => out.delete(key),
    stat: (key) => out.stat(key),
  };
  // Builds the cached Polars expressions once, as a long-running worker has.
  cleanEco2mixRegional([], []);
  const t0 = performance.now();
  const outcome = await bronzeToRegionalSilver(lake, [bronzeKey]);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, peakRssMB: process.resourceUsage().maxRSS / 1024, outcome }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
