import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBronze } from '../../activities/bronze/lake-objects';
import { LocalLake } from '../../lib/lake/local-lake';
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
