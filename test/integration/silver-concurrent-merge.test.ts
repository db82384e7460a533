import {
  cleanEco2mixRegional,
  mergeIntoSilver,
  readSilverDay,
  silverKeyForDay,
  unpivotProduction,
} from '../../activities/sources/rte-regional/silver';
import type { LakeStore } from '../../lib/lake';
import { loadFixture } from '../../replay/odre-replay-server';
import { everyLakeBackend } from '../helpers/lake-backends';

/**
 * Two regional ingestions can merge into the same UTC day at once (the freshness watcher's run and
 * the schedule's, a backfill and the live feed, an activity attempt that timed out but still runs
 * beside its retry). Both writers' rows must survive, on every lake backend.
 */

const { backends } = everyLakeBackend('silver-race');

/**
 * The lake, except that the first `writers` writes of `key` wait until all of them are pending:
 * every writer has then read the partition in the same state, the interleaving that loses rows
 * when the last write simply wins. Later writes (a writer that re-reads) pass straight through.
 */
function writersMeetBeforeWriting(lake: LakeStore, key: string, writers: number): LakeStore {
  let pending = 0;
  let release!: () => void;
  const allPending = new Promise<void>((resolve) => (release = resolve));
  return new Proxy(lake, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof property !== 'string' || !property.startsWith('put')) return method;
      return async (...args: unknown[]) => {
        if (args[0] === key && pending < writers) {
          if (++pending === writers) release();
          await allPending;
        }
        return method(...args);
      };
    },
  });
}

const DAY = '2025-02-20';
const fixture = loadFixture('eco2mix-regional-tr');
const region = (code: string, name: string) =>
  fixture.map((r) => ({ ...r, code_insee_region: code, libelle_region: name }));
const cleaned = (records: Record<string, unknown>[]) =>
  cleanEco2mixRegional(
    records,
    records.map(() => 'test'),
  ).clean;

describe.each(backends)('concurrent Silver merges: %s', (_name, open) => {
  test.each([
    ['a day already in Silver', true],
    ['a day not yet in Silver', false],
  ])('into %s: both writers’ new rows survive', async (_case, existing) => {
    const lake = await open();
    if (existing) await mergeIntoSilver(lake, cleaned(fixture));
    const racing = writersMeetBeforeWriting(lake, silverKeyForDay(DAY), 2);

    const written = await Promise.all([
      mergeIntoSilver(racing, cleaned(region('11', 'Île-de-France'))),
      mergeIntoSilver(racing, cleaned(region('53', 'Bretagne'))),
    ]);

    expect(written).toEqual([[DAY], [DAY]]);
    const silver = await readSilverDay(lake, DAY);
    const regions = silver.wide.getColumn('region_code').toArray();
    const expected = existing ? ['11', '53', '75'] : ['11', '53'];
    expect([...new Set(regions)].sort()).toEqual(expected);
    expect(silver.wide.height).toBe(expected.length * fixture.length);
    expect(silver.production.frameEqual(unpivotProduction(silver.wide))).toBe(true);
  });
});
