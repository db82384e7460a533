import { createHash, randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { writeBronze } from '../../activities/bronze/lake-objects';
import type { LakeStore } from '../../lib/lake';
import { AzureBlobLake } from '../../lib/lake/azure-blob-lake';
import { LakeKeyError, LakeNotFoundError } from '../../lib/lake/lake-store';
import { everyLakeBackend } from '../helpers/lake-backends';

/**
 * One contract, every backend: the local filesystem and the Azure Blob API on Azurite must
 * behave the same for everything the pipeline relies on.
 */

const { backends, azurite, nextContainer } = everyLakeBackend('contract');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(backends)('lake contract: %s', (_name, open) => {
  let lake: LakeStore;
  beforeEach(async () => {
    lake = await open();
  });

  test('put and get round-trip text, every byte value, and an empty object', async () => {
    const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(65_536)]);
    await lake.put('bronze/t/text.json', '{"é":"ü"}');
    await lake.put('bronze/t/bytes.bin', bytes);
    await lake.put('bronze/t/empty', Buffer.alloc(0));
    expect((await lake.get('bronze/t/text.json')).toString('utf8')).toBe('{"é":"ü"}');
    expect((await lake.get('bronze/t/bytes.bin')).equals(bytes)).toBe(true);
    expect((await lake.get('bronze/t/empty')).length).toBe(0);
    expect(await lake.exists('bronze/t/empty')).toBe(true);
  });

  test('an overwrite is seen whole: every read during it returns the old or the new bytes', async () => {
    const before = Buffer.alloc(2 * 1024 * 1024, 'a');
    const after = Buffer.alloc(2 * 1024 * 1024, 'b');
    await lake.put('silver/d/data.parquet', before);
    const seen = new Set<string>();
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 6; i++) await lake.put('silver/d/data.parquet', i % 2 ? before : after);
      writing = false;
    })();
    const readers = [1, 2].map(async () => {
      while (writing) {
        const got = await lake.get('silver/d/data.parquet');
        seen.add(got.equals(before) ? 'before' : got.equals(after) ? 'after' : `torn (${got.length} bytes)`);
      }
    });
    await Promise.all([writer, ...readers]);
    expect([...seen].filter((s) => s.startsWith('torn'))).toEqual([]);
    expect((await lake.get('silver/d/data.parquet')).equals(before)).toBe(true);
  });

  test('putIfAbsent writes once and leaves the first content in place', async () => {
    expect(await lake.putIfAbsent('bronze/m/_by_sha256/abc', 'first')).toBe(true);
    expect(await lake.putIfAbsent('bronze/m/_by_sha256/abc', 'second')).toBe(false);
    expect((await lake.get('bronze/m/_by_sha256/abc')).toString()).toBe('first');
    await lake.put('bronze/m/plain', 'x');
    expect(await lake.putIfAbsent('bronze/m/plain', 'y')).toBe(false);
    expect((await lake.get('bronze/m/plain')).toString()).toBe('x');
  });

  test('concurrent putIfAbsent on one key: exactly one winner, and its bytes are stored', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => `contender-${i}-${'x'.repeat(10_000)}`);
    const outcomes = await Promise.all(bodies.map((b) => lake.putIfAbsent('bronze/race/marker', b)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = bodies[outcomes.indexOf(true)];
    expect((await lake.get('bronze/race/marker')).toString()).toBe(winner);
    expect(await lake.list('bronze/race')).toEqual(['bronze/race/marker']);
  });

  test('putIfVersion writes only over the version read, or over nothing when none was', async () => {
    const key = 'silver/cas/data.parquet';
    expect(await lake.getVersioned(key)).toBeUndefined();
    expect(await lake.putIfVersion(key, 'first', undefined)).toBe(true);
    expect(await lake.putIfVersion(key, 'again', undefined)).toBe(false);
    const first = await lake.getVersioned(key);
    expect(first?.body.toString()).toBe('first');
    expect(await lake.putIfVersion(key, 'second', first!.version)).toBe(true);
    const second = await lake.getVersioned(key);
    expect(second?.body.toString()).toBe('second');
    expect(second?.version).not.toBe(first?.version);
    // A stale version, whether a conditional or a plain write came in between, is refused.
    expect(await lake.putIfVersion(key, 'stale', first!.version)).toBe(false);
    await lake.put(key, 'plain');
    expect(await lake.putIfVersion(key, 'stale', second!.version)).toBe(false);
    expect((await lake.get(key)).toString()).toBe('plain');
    const plain = await lake.getVersioned(key);
    await lake.delete(key);
    expect(await lake.putIfVersion(key, 'after delete', plain!.version)).toBe(false);
    expect(await lake.exists(key)).toBe(false);
    expect(await lake.list('silver/cas')).toEqual([]);
    expect(await lake.getVersioned('silver/cas')).toBeUndefined();
  });

  test('concurrent read-modify-write through putIfVersion loses no update', async () => {
    const key = 'silver/counter/data.json';
    const increment = async () => {
      for (;;) {
        const read = await lake.getVersioned(key);
        const count = read ? Number(read.body.toString()) : 0;
        if (await lake.putIfVersion(key, String(count + 1), read?.version)) return;
      }
    };
    const writer = async () => {
      for (let i = 0; i < 5; i++) await increment();
    };
    await Promise.all(Array.from({ length: 6 }, writer));
    expect((await lake.get(key)).toString()).toBe('30');
    expect(await lake.list('silver/counter')).toEqual([key]);
  });

  test('list is sorted, recursive, and treats the prefix as a folder', async () => {
    const keys = [
      'bronze/a/2.json',
      'bronze/a/sub/deep/x.json',
      'bronze/a/1.json',
      'bronze/a/B.json',
      'bronze/a/é.json',
      'bronze/a/part.tmp',
      'bronze/ab/y.json',
      'bronze/a.json',
      'silver/z.parquet',
    ];
    for (const k of keys) await lake.put(k, k);
    const underA = [
      'bronze/a/1.json',
      'bronze/a/2.json',
      'bronze/a/B.json',
      'bronze/a/part.tmp',
      'bronze/a/sub/deep/x.json',
      'bronze/a/é.json',
    ];
    expect(await lake.list('bronze/a')).toEqual(underA);
    expect(await lake.list('bronze/a/')).toEqual(underA);
    expect(await lake.list('bronze/a/sub')).toEqual(['bronze/a/sub/deep/x.json']);
    expect(await lake.list('bronze')).toEqual([...underA, 'bronze/a.json', 'bronze/ab/y.json'].sort());
    expect(await lake.list('')).toEqual([...keys].sort());
    expect(await lake.list('bronze/a/1.json')).toEqual([]);
    expect(await lake.list('nothing/here')).toEqual([]);
  });

  test('exists is true for objects only, not for folders or missing keys', async () => {
    await lake.put('gold/exports/2025/file.csv', 'a;b');
    expect(await lake.exists('gold/exports/2025/file.csv')).toBe(true);
    expect(await lake.exists('gold/exports/2025')).toBe(false);
    expect(await lake.exists('gold/exports/2025/other.csv')).toBe(false);
    expect(await lake.exists('gold/exports/2025/file.csv/below')).toBe(false);
  });

  test('delete removes the object, and a missing key or a folder is a no-op', async () => {
    await lake.put('bronze/d/1', '1');
    await lake.put('bronze/d/2', '2');
    await lake.delete('bronze/d/1');
    await lake.delete('bronze/d/1');
    await lake.delete('bronze/d');
    expect(await lake.exists('bronze/d/1')).toBe(false);
    expect(await lake.list('bronze/d')).toEqual(['bronze/d/2']);
  });

  test('stat gives the size and last write of objects, nothing for folders or missing keys', async () => {
    const before = Date.now() - 5_000;
    await lake.put('bronze/s/date=2025-01-01/a.json', Buffer.alloc(1234, 7));
    const stat = await lake.stat('bronze/s/date=2025-01-01/a.json');
    expect(stat?.bytes).toBe(1234);
    expect(stat?.lastModified.getTime()).toBeGreaterThanOrEqual(before);
    expect(stat?.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(await lake.stat('bronze/s/date=2025-01-01')).toBeUndefined();
    expect(await lake.stat('bronze/s/date=2025-01-01/b.json')).toBeUndefined();
  });

  test('a missing key gives LakeNotFoundError naming the key and the lake', async () => {
    await lake.put('bronze/present/x', 'x');
    for (const key of ['bronze/missing.json', 'bronze/present', 'bronze/present/x/below']) {
      const err = await lake.get(key).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LakeNotFoundError);
      expect((err as LakeNotFoundError).key).toBe(key);
      expect((err as Error).message).toBe(
        `lake object not found: ${JSON.stringify(key)} (${lake.description})`,
      );
    }
  });

  test.each(['', '/abs', 'a/../b', 'a//b', './a', 'a/', '..'])(
    'invalid key %j is refused everywhere',
    async (key) => {
      await expect(lake.put(key, 'x')).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.putIfAbsent(key, 'x')).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.get(key)).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.getVersioned(key)).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.putIfVersion(key, 'x', undefined)).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.putIfVersion(key, 'x', 'v')).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.exists(key)).rejects.toBeInstanceOf(LakeKeyError);
      await expect(lake.delete(key)).rejects.toBeInstanceOf(LakeKeyError);
      if (key !== '' && key !== 'a/') await expect(lake.list(key)).rejects.toBeInstanceOf(LakeKeyError);
      expect(await lake.list('')).toEqual([]);
    },
  );

  test('a 20 MB object round-trips byte for byte', async () => {
    const big = randomBytes(20 * 1024 * 1024);
    await lake.put('silver/big/data.parquet', big);
    const back = await lake.get('silver/big/data.parquet');
    expect(back.length).toBe(big.length);
    expect(sha256(back)).toBe(sha256(big));
  });

  test('writeBronze: the same bytes twice give one payload, one sidecar, one marker', async () => {
    const meta = (fetchedAt: string) => ({
      source: 'rte-regional',
      url: 'http://127.0.0.1/records',
      params: { limit: '100' },
      httpStatus: 200,
      recordCount: 1,
      fetchedAt,
    });
    const body = Buffer.from('{"results":[{"code_insee_region":"75"}]}');
    const first = await writeBronze(lake, 'bronze/src', 'json', body, meta('2025-02-20T09:31:02.123Z'));
    const again = await writeBronze(lake, 'bronze/src', 'json', body, meta('2025-02-20T09:46:00.000Z'));
    expect(first.isNew).toBe(true);
    expect(again).toEqual({ ...first, isNew: false });
    expect(await lake.list('bronze/src')).toEqual([
      `bronze/src/_by_sha256/${first.sha256}`,
      first.key,
      `${first.key}.meta.json`,
    ]);
    expect((await lake.get(first.key)).equals(body)).toBe(true);
    expect((await lake.get(`bronze/src/_by_sha256/${first.sha256}`)).toString()).toBe(first.key);
  });
});

describe('azure-blob specifics (Azurite)', () => {
  test('directory entries as ADLS Gen2 lists them on the blob endpoint are folders, not objects', async () => {
    const container = nextContainer();
    await azurite().createContainer(container);
    const raw = BlobServiceClient.fromConnectionString(azurite().connectionString).getContainerClient(
      container,
    );
    await raw.getBlockBlobClient('gold/daily').upload('', 0, { metadata: { hdi_isfolder: 'true' } });
    const lake = AzureBlobLake.create(
      { kind: 'connection-string', connectionString: azurite().connectionString },
      container,
    );
    await lake.put('gold/daily/2025.csv', 'x');
    expect(await lake.list('gold')).toEqual(['gold/daily/2025.csv']);
    expect(await lake.exists('gold/daily')).toBe(false);
    await expect(lake.get('gold/daily')).rejects.toBeInstanceOf(LakeNotFoundError);
  });

  test('a missing container is reported as such, not as a missing object', async () => {
    const lake = AzureBlobLake.create(
      { kind: 'connection-string', connectionString: azurite().connectionString },
      'no-such-container',
    );
    await expect(lake.put('bronze/x', 'x')).rejects.toThrow(
      /lake container does not exist: .*no-such-container/,
    );
    await expect(lake.get('bronze/x')).rejects.toThrow(/lake container does not exist/);
    await expect(lake.exists('bronze/x')).rejects.toThrow(/lake container does not exist/);
  });

  test('the description names the container, never the account key', () => {
    const lake = AzureBlobLake.create(
      { kind: 'connection-string', connectionString: azurite().connectionString },
      'c1',
    );
    expect(lake.description).toBe(`azure blob container ${azurite().blobEndpoint}/c1`);
    expect(lake.description).not.toContain('AccountKey');
  });
});
