import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBronze } from '../../activities/bronze/lake-objects';
import { LOCK_ID, LocalLake } from '../../lib/lake/local-lake';
import { LakeKeyError } from '../../lib/lake/lake-store';

const newLake = () => new LocalLake(mkdtempSync(path.join(os.tmpdir(), 'gps-lake-')));
const meta = (fetchedAt: string) => ({
  source: 's',
  url: 'http://x/records',
  params: { limit: '100' },
  httpStatus: 200,
  recordCount: 2,
  fetchedAt,
});

test('put, get, list and delete', async () => {
  const lake = newLake();
  await lake.put('silver/a/year=2025/x.parquet', 'one');
  await lake.put('silver/a/year=2025/x.parquet', 'two');
  await lake.put('silver/b/y', Buffer.from('three'));
  expect((await lake.get('silver/a/year=2025/x.parquet')).toString()).toBe('two');
  expect(await lake.list('silver/a')).toEqual(['silver/a/year=2025/x.parquet']);
  expect(await lake.list('silver/')).toEqual(['silver/a/year=2025/x.parquet', 'silver/b/y']);
  expect(await lake.list('nothing/here')).toEqual([]);
  await lake.delete('silver/b/y');
  expect(await lake.exists('silver/b/y')).toBe(false);
});

test('putIfAbsent writes once', async () => {
  const lake = newLake();
  expect(await lake.putIfAbsent('k/v', 'first')).toBe(true);
  expect(await lake.putIfAbsent('k/v', 'second')).toBe(false);
  expect((await lake.get('k/v')).toString()).toBe('first');
});

test('a conditional write waits for the key lock, and takes over one left by a dead writer', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gps-lake-'));
  const lake = new LocalLake(root);
  await lake.put('silver/d/data.parquet', 'one');
  const read = await lake.getVersioned('silver/d/data.parquet');
  const lock = path.join(root, 'silver/d', `data.parquet.${LOCK_ID}.lock`);

  writeFileSync(lock, '');
  let written = false;
  const writing = lake.putIfVersion('silver/d/data.parquet', 'two', read!.version).then((won) => {
    written = won;
  });
  await new Promise((r) => setTimeout(r, 100));
  expect(written).toBe(false);
  expect(await lake.list('silver/d')).toEqual(['silver/d/data.parquet']);
  rmSync(lock);
  await writing;
  expect(written).toBe(true);

  // A lock a minute old was left by a process that died holding it.
  writeFileSync(lock, '');
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(lock, minuteAgo, minuteAgo);
  const two = await lake.getVersioned('silver/d/data.parquet');
  expect(await lake.putIfVersion('silver/d/data.parquet', 'three', two!.version)).toBe(true);
  expect((await lake.get('silver/d/data.parquet')).toString()).toBe('three');
});

test.each(['', '/abs', 'a/../b', 'a//b', './a'])('invalid key %j is refused', async (key) => {
  await expect(newLake().put(key, 'x')).rejects.toBeInstanceOf(LakeKeyError);
});

test('bronze stores the same bytes once, named by time and content hash, with metadata', async () => {
  const lake = newLake();
  const first = await writeBronze(lake, 'bronze/src', 'json', '{"a":1}', meta('2025-02-20T09:31:02.123Z'));
  expect(first).toMatchObject({ isNew: true, bytes: 7, records: 2 });
  expect(first.key).toMatch(/^bronze\/src\/date=2025-02-20\/20250220T093102Z_[0-9a-f]{16}\.json$/);
  const again = await writeBronze(lake, 'bronze/src', 'json', '{"a":1}', meta('2025-02-20T10:00:00.000Z'));
  expect(again).toEqual({ ...first, isNew: false });
  const other = await writeBronze(lake, 'bronze/src', 'json', '{"a":2}', meta('2025-02-20T10:00:00.000Z'));
  expect(other.isNew).toBe(true);
  const payloads = (await lake.list('bronze/src')).filter(
    (k) => !k.includes('_by_sha256') && !k.endsWith('.meta.json'),
  );
  expect(payloads).toHaveLength(2);
  expect(JSON.parse((await lake.get(`${first.key}.meta.json`)).toString())).toMatchObject({
    sha256: first.sha256,
    url: 'http://x/records',
    bytes: 7,
  });
});

test('a crash between the hash marker and the payload heals on the next write', async () => {
  const lake = newLake();
  const first = await writeBronze(lake, 'bronze/src', 'json', '{"a":1}', meta('2025-02-20T09:31:02.123Z'));
  await lake.delete(first.key);
  const healed = await writeBronze(lake, 'bronze/src', 'json', '{"a":1}', meta('2025-02-20T11:00:00.000Z'));
  expect(healed.key).toBe(first.key);
  expect((await lake.get(first.key)).toString()).toBe('{"a":1}');
});
