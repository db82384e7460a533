import { createHash } from 'node:crypto';
import type { LakeStore } from '../../lib/lake';
import { reportProgress } from '../heartbeat';
import { arrayAsJsonLines, recordsAsJsonLines, type JsonLines } from '../silver/json-lines';

export interface BronzeMetadata {
  source: string;
  url: string;
  params: Record<string, string>;
  httpStatus: number;
  recordCount: number;
  fetchedAt: string;
}

export interface BronzeObject {
  key: string;
  sha256: string;
  bytes: number;
  records: number;
  /** False when the same bytes were already in Bronze (a retry or an unchanged page). */
  isNew: boolean;
}

function compactTimestamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/**
 * Stores bytes unchanged under `<prefix>/date=YYYY-MM-DD/<timestamp>_<sha256-prefix>.<ext>` (the
 * date and timestamp of `at`) with a `.meta.json` sidecar. A content-hash marker makes the write
 * idempotent: the same bytes land once however often they arrive, and a crash between the steps
 * heals on the next try. Every Bronze writer goes through here; only the metadata differs.
 */
export async function storeContentAddressed(
  lake: LakeStore,
  prefix: string,
  ext: string,
  bytes: Buffer,
  at: string,
  meta: object,
  sha256: string = createHash('sha256').update(bytes).digest('hex'),
): Promise<{ key: string; sha256: string; isNew: boolean }> {
  const candidate = `${prefix}/date=${at.slice(0, 10)}/${compactTimestamp(at)}_${sha256.slice(0, 16)}.${ext}`;
  const marker = `${prefix}/_by_sha256/${sha256}`;
  const isNew = await lake.putIfAbsent(marker, candidate);
  const key = isNew ? candidate : (await lake.get(marker)).toString('utf8');
  if (!(await lake.exists(key))) {
    await lake.put(key, bytes);
    await lake.put(`${key}.meta.json`, JSON.stringify({ ...meta, sha256, bytes: bytes.length }, null, 2));
  }
  return { key, sha256, isNew };
}

/** A fetched payload into Bronze, with its HTTP metadata. */
export async function writeBronze(
  lake: LakeStore,
  prefix: string,
  ext: string,
  body: string | Buffer,
  meta: BronzeMetadata,
): Promise<BronzeObject> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const stored = await storeContentAddressed(lake, prefix, ext, bytes, meta.fetchedAt, meta);
  return { ...stored, bytes: bytes.length, records: meta.recordCount };
}

export async function readBronzeJson(lake: LakeStore, key: string): Promise<unknown> {
  return JSON.parse((await lake.get(key)).toString('utf8'));
}

/** Every record of the given ODRE records pages or exports, with the Bronze key each came from. */
export async function readBronzeRecords(
  lake: LakeStore,
  keys: string[],
): Promise<{ records: Record<string, unknown>[]; origin: string[] }> {
  const records: Record<string, unknown>[] = [];
  const origin: string[] = [];
  for (const key of keys) {
    // A records page wraps its records in `results`; a JSON export is the bare array.
    const body = (await readBronzeJson(lake, key)) as
      { results: Record<string, unknown>[] } | Record<string, unknown>[];
    for (const record of Array.isArray(body) ? body : body.results) {
      records.push(record);
      origin.push(key);
    }
    // A chunk's export parses synchronously for a while: one heartbeat per Bronze object.
    reportProgress();
  }
  return { records, origin };
}

/**
 * The records of the given ODRE records pages or exports as JSON lines (see
 * `activities/silver/json-lines.ts`), each with the Bronze key it came from. An export, a bare
 * array of any size, is cut into lines without being parsed; a records page is small and parsed.
 */
export async function readBronzeJsonLines(
  lake: LakeStore,
  keys: string[],
): Promise<{ lines: JsonLines; origin: string }[]> {
  const bodies: { lines: JsonLines; origin: string }[] = [];
  for (const key of keys) {
    const bytes = await lake.get(key);
    const first = bytes
      .subarray(0, 64)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()[0];
    const lines =
      first === '['
        ? arrayAsJsonLines(bytes)
        : recordsAsJsonLines(
            (JSON.parse(bytes.toString('utf8')) as { results: Record<string, unknown>[] }).results,
          );
    bodies.push({ lines, origin: key });
    reportProgress();
  }
  return bodies;
}

/**
 * Keeps a body that could not be accepted (cut short, not JSON, not the promised shape) under
 * `bronze/_quarantine/<source>/` with the reason, so nothing received is lost and the failure can
 * be diagnosed from the bytes. The same bytes are quarantined once.
 */
export async function quarantinePayload(
  lake: LakeStore,
  source: string,
  body: string,
  reason: string,
): Promise<string> {
  const bytes = Buffer.from(body, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = `bronze/_quarantine/${source}/${sha256.slice(0, 16)}.txt`;
  if (await lake.putIfAbsent(key, bytes)) {
    await lake.put(
      `${key}.meta.json`,
      JSON.stringify(
        { source, reason, sha256, bytes: bytes.length, quarantinedAt: new Date().toISOString() },
        null,
        2,
      ),
    );
  }
  return key;
}
