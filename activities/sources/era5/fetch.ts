import { AUDIT_STEP } from '../../audit-vocabulary';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Context } from '@temporalio/activity';
import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { reportProgress } from '../../heartbeat';
import { PayloadError } from '../../../lib/http/odre-client';
import { ObjectRangeClient, type ObjectHead } from '../../../lib/http/object-range-client';

/**
 * ERA5 weather Parquet from object storage into Bronze, one Parquet per (year, month).
 *
 * Two resumable phases in one activity, because the staged file is local to the worker:
 * 1. download: fixed-size Range requests (If-Match on the ETag) appended to a staging file; the
 *    heartbeat after each synced chunk is the commit point a retry resumes from;
 * 2. partition: Polars' streaming engine reads the staged file (row-group statistics skip what a
 *    month does not need) and sinks each month to its own file, which goes to the lake under a
 *    name made of the object's name and sha256, so a resumed or repeated run rewrites nothing.
 * Memory stays bounded by the chunk size and one month of the grid, not by the object's size.
 */

export const ERA5 = { name: 'era5', bronzePrefix: 'bronze/climate/era5' } as const;

/** Columns every ERA5 extract we accept must have; other variables pass through unchanged. */
const REQUIRED_COLUMNS = ['time', 'latitude', 'longitude'];

export interface Era5Progress {
  etag: string;
  size: number;
  bytesDone: number;
  /** Set once the whole object is staged and hashed. */
  sha256?: string;
  /** Lake keys of the month partitions already stored. */
  partitionsWritten: string[];
}

export interface Era5Partition {
  key: string;
  year: number;
  month: number;
  rows: number;
  bytes: number;
  /** False when the partition was already in Bronze (a resumed attempt or a rerun). */
  isNew: boolean;
}

export interface Era5FetchResult {
  source: string;
  /** Set when nothing was read, with the reason. */
  skipped?: string;
  object?: string;
  etag?: string;
  sha256?: string;
  bytes: number;
  rows: number;
  partitions: Era5Partition[];
  rejectedRows: number;
  firstInstant?: string;
  lastInstant?: string;
  /** Where this attempt's download started: > 0 when it resumed a previous attempt's chunks. */
  resumedFromByte: number;
  bytesFetched: number;
}

interface PartitionMeta {
  source: string;
  url: string;
  etag: string;
  sourceSha256: string;
  sourceBytes: number;
  year: number;
  month: number;
  rows: number;
  bytes: number;
  sha256: string;
  writtenAt: string;
}

function sha256Hex(input: string | Buffer): string {
  return createHash('sha256').update(input).digest('hex');
}

/** The URL without its query string: a SAS token or pre-signed signature is a credential. */
function publicUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** `era5-france-2024.parquet` -> `era5-france-2024`; safe as a lake key segment. */
export function objectBaseName(url: string): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'era5');
  return last.replace(/\.parquet$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'era5';
}

export function era5PartitionKey(name: string, sha256: string, year: number, month: number): string {
  return `${ERA5.bronzePrefix}/year=${year}/month=${String(month).padStart(2, '0')}/${name}_${sha256.slice(0, 16)}.parquet`;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function hashFile(file: string, onProgress: () => void): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    onProgress();
  }
  return hash.digest('hex');
}

/**
 * Scans the staged object through a file:// URI: Polars then reads it with buffered I/O instead of
 * mapping it, and a memory-mapped multi-GB file that is hot in the page cache (it was just
 * written) would count in full in the worker's resident memory.
 */
function scanStaged(file: string): pl.LazyDataFrame {
  return pl.scanParquet(pathToFileURL(file).href);
}

/**
 * Reads a file into `pool` when it fits, else into a new buffer the caller keeps as the next pool:
 * months of similar size then share one allocation, which the C allocator would otherwise retain
 * once per month (large freed blocks are not always given back to the system).
 */
async function readReusing(file: string, pool: Buffer): Promise<{ body: Buffer; pool: Buffer }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const next = pool.length >= size ? pool : Buffer.allocUnsafe(Math.ceil(size * 1.1));
    const target = next.subarray(0, size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(target, offset, size - offset, offset);
      if (bytesRead === 0) throw new Error(`${file} shrank while being read`);
      offset += bytesRead;
    }
    return { body: target, pool: next };
  } finally {
    await handle.close();
  }
}

const utc = (ms: number) => pl.lit(new Date(ms)).cast(pl.Datetime('ms', 'UTC'));

/** Rows per calendar month (UTC) and the rows without a time, in one streaming pass. */
async function monthCounts(
  staged: string,
  workFile: string,
): Promise<{ months: { start: Date; rows: number }[]; nullTime: number; first?: Date; last?: Date }> {
  // A sink runs on the streaming engine; an in-memory collect would materialise the column.
  await scanStaged(staged)
    .select(pl.col('time').cast(pl.Datetime('ms', 'UTC')).alias('time'))
    .groupBy(pl.col('time').dt.truncate('1mo').alias('month'))
    .agg(pl.len().alias('rows'), pl.col('time').min().alias('first'), pl.col('time').max().alias('last'))
    .sinkParquet(workFile)
    .collect();
  const table = pl.readParquet(workFile).sort('month').toRecords() as {
    month: Date | null;
    rows: number;
    first: Date | null;
    last: Date | null;
  }[];
  await fs.rm(workFile, { force: true });
  const months = table.flatMap((r) => (r.month ? [{ start: r.month, rows: Number(r.rows) }] : []));
  const nullTime = table.filter((r) => !r.month).reduce((n, r) => n + Number(r.rows), 0);
  const firsts = table.flatMap((r) => (r.first ? [r.first.getTime()] : []));
  const lasts = table.flatMap((r) => (r.last ? [r.last.getTime()] : []));
  return {
    months,
    nullTime,
    first: firsts.length ? new Date(Math.min(...firsts)) : undefined,
    last: lasts.length ? new Date(Math.max(...lasts)) : undefined,
  };
}

function checkSchema(staged: string): void {
  let columns: Record<string, unknown>;
  try {
    // head(0) reads the footer only.
    columns = scanStaged(staged).head(0).collectSync().schema;
  } catch (err) {
    throw new PayloadError(`not a readable Parquet file: ${(err as Error).message}`, 'schema', '');
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in columns));
  if (missing.length) {
    throw new PayloadError(`ERA5 object lacks column(s) ${missing.join(', ')}`, 'schema', '');
  }
  const time = String(columns.time);
  if (!/Datetime|Date/.test(time)) {
    throw new PayloadError(`ERA5 column time is ${time}, not a timestamp`, 'schema', '');
  }
}

export function createEra5Fetch(deps: ActivityDeps) {
  const { era5 } = deps.config;
  const client = new ObjectRangeClient({ timeoutMs: era5.httpTimeoutMs });

  async function download(
    head: ObjectHead,
    staged: string,
    progress: Era5Progress,
  ): Promise<{ resumedFromByte: number; bytesFetched: number }> {
    const onDisk = (await sizeOf(staged)) ?? 0;
    // What the heartbeat committed and this host still holds; a retry elsewhere starts over.
    const start = Math.min(progress.bytesDone, onDisk);
    progress.bytesDone = start;
    await fs.mkdir(path.dirname(staged), { recursive: true });
    const handle = await fs.open(staged, onDisk > 0 ? 'r+' : 'w');
    let bytesFetched = 0;
    const buffer = Buffer.allocUnsafe(Math.min(era5.chunkBytes, head.size));
    try {
      await handle.truncate(start);
      while (progress.bytesDone < head.size) {
        const end = Math.min(progress.bytesDone + era5.chunkBytes, head.size) - 1;
        const chunk = await client.range(head, progress.bytesDone, end, buffer);
        await handle.write(chunk, 0, chunk.length, progress.bytesDone);
        // Durable before it is announced: the heartbeat is what the next attempt trusts.
        await handle.datasync();
        progress.bytesDone = end + 1;
        bytesFetched += chunk.length;
        reportProgress(progress);
      }
    } finally {
      await handle.close();
    }
    return { resumedFromByte: start, bytesFetched };
  }

  return async function era5ToBronze(input: { url?: string } = {}): Promise<Era5FetchResult> {
    const outcome = await audited(deps.db, { step: AUDIT_STEP.toBronze, source: 'era5' }, async () => {
      const url = input.url ?? era5.url;
      const empty: Era5FetchResult = {
        source: ERA5.name,
        bytes: 0,
        rows: 0,
        partitions: [],
        rejectedRows: 0,
        resumedFromByte: 0,
        bytesFetched: 0,
      };
      if (!url) {
        const result = { ...empty, skipped: 'no ERA5 object configured (GPS_ERA5_URL)' };
        return { rows: 0, bytes: 0, skipped: result.skipped, result };
      }

      const head = await client.head(url);
      const name = objectBaseName(url);
      const resumed = Context.current().info.heartbeatDetails as Era5Progress | undefined;
      const sameVersion = resumed?.etag === head.etag && resumed.size === head.size;
      if (resumed && !sameVersion) {
        deps.log.warn('ERA5 object changed since the previous attempt: starting over', {
          before: resumed.etag,
          now: head.etag,
        });
      }
      const progress: Era5Progress = sameVersion
        ? resumed
        : { etag: head.etag, size: head.size, bytesDone: 0, partitionsWritten: [] };

      const urlStem = sha256Hex(publicUrl(url)).slice(0, 16);
      const stem = `${urlStem}-${sha256Hex(head.etag).slice(0, 12)}`;
      const staged = path.join(era5.stagingDir, `${stem}.parquet`);
      const work = path.join(era5.stagingDir, `${stem}.work`);
      // Staged bytes of an older version of this object can never be resumed again.
      for (const entry of await fs.readdir(era5.stagingDir).catch(() => [] as string[])) {
        if (entry.startsWith(`${urlStem}-`) && !entry.startsWith(stem)) {
          await fs.rm(path.join(era5.stagingDir, entry), { recursive: true, force: true });
        }
      }

      // Hashed earlier but staged on another host (or cleaned): fetch again, keep what Bronze has.
      if (progress.sha256 && (await sizeOf(staged)) !== head.size) {
        progress.bytesDone = 0;
        progress.sha256 = undefined;
      }
      let resumedFromByte = progress.bytesDone;
      let bytesFetched = 0;
      if (!progress.sha256) {
        ({ resumedFromByte, bytesFetched } = await download(head, staged, progress));
        progress.sha256 = await hashFile(staged, () => reportProgress(progress));
        reportProgress(progress);
      }
      const sha256 = progress.sha256;

      try {
        checkSchema(staged);
      } catch (err) {
        await deps.lake.put(
          `${ERA5.bronzePrefix}/_rejected/${name}_${sha256.slice(0, 16)}.json`,
          JSON.stringify(
            {
              source: ERA5.name,
              url: publicUrl(url),
              etag: head.etag,
              sha256,
              bytes: head.size,
              reason: String(err),
            },
            null,
            2,
          ),
        );
        await fs.rm(staged, { force: true });
        throw err;
      }

      await fs.mkdir(work, { recursive: true });
      const counts = await monthCounts(staged, path.join(work, 'months.parquet'));
      const partitions: Era5Partition[] = [];
      let pool: Buffer = Buffer.alloc(0);
      for (const { start, rows } of counts.months) {
        const year = start.getUTCFullYear();
        const month = start.getUTCMonth() + 1;
        const key = era5PartitionKey(name, sha256, year, month);
        const metaKey = `${key}.meta.json`;
        if (progress.partitionsWritten.includes(key) || (await deps.lake.exists(metaKey))) {
          const meta = JSON.parse((await deps.lake.get(metaKey)).toString('utf8')) as PartitionMeta;
          partitions.push({ key, year, month, rows: meta.rows, bytes: meta.bytes, isNew: false });
          continue;
        }
        const next = Date.UTC(year, month, 1);
        const local = path.join(work, `${year}-${String(month).padStart(2, '0')}.parquet`);
        await scanStaged(staged)
          .filter(
            pl
              .col('time')
              .gtEq(utc(start.getTime()))
              .and(pl.col('time').lt(utc(next))),
          )
          .sinkParquet(local, { compression: 'zstd' })
          .collect();
        const written = Number(pl.scanParquet(local).select(pl.len()).collectSync().getColumn('len').get(0));
        if (written !== rows) {
          throw new Error(`partition ${year}-${month}: wrote ${written} rows, the source has ${rows}`);
        }
        const read = await readReusing(local, pool);
        const body = read.body;
        pool = read.pool;
        const meta: PartitionMeta = {
          source: ERA5.name,
          url: publicUrl(url),
          etag: head.etag,
          sourceSha256: sha256,
          sourceBytes: head.size,
          year,
          month,
          rows,
          bytes: body.length,
          sha256: sha256Hex(body),
          writtenAt: new Date().toISOString(),
        };
        // Data first, sidecar last: the sidecar's presence is what marks the partition complete.
        await deps.lake.put(key, body);
        await deps.lake.put(metaKey, JSON.stringify(meta, null, 2));
        await fs.rm(local, { force: true });
        partitions.push({ key, year, month, rows, bytes: body.length, isNew: true });
        progress.partitionsWritten.push(key);
        reportProgress(progress);
      }

      if (counts.nullTime > 0) {
        // Rows without a time cannot be placed in a month: kept aside with the reason, not dropped.
        const rejectedKey = `${ERA5.bronzePrefix}/_rejected/${name}_${sha256.slice(0, 16)}.parquet`;
        if (!(await deps.lake.exists(`${rejectedKey}.meta.json`))) {
          const local = path.join(work, 'rejected.parquet');
          await scanStaged(staged).filter(pl.col('time').isNull()).sinkParquet(local).collect();
          await deps.lake.put(rejectedKey, await fs.readFile(local));
          await deps.lake.put(
            `${rejectedKey}.meta.json`,
            JSON.stringify(
              {
                source: ERA5.name,
                url: publicUrl(url),
                etag: head.etag,
                sourceSha256: sha256,
                rows: counts.nullTime,
                reason: 'time is null: no year/month partition',
              },
              null,
              2,
            ),
          );
        }
      }

      await fs.rm(work, { recursive: true, force: true });
      await fs.rm(staged, { force: true });

      const rows = partitions.reduce((n, p) => n + p.rows, 0);
      const result: Era5FetchResult = {
        source: ERA5.name,
        object: name,
        etag: head.etag,
        sha256,
        bytes: head.size,
        rows,
        partitions,
        rejectedRows: counts.nullTime,
        firstInstant: counts.first?.toISOString(),
        lastInstant: counts.last?.toISOString(),
        resumedFromByte,
        bytesFetched,
      };
      return {
        rows,
        bytes: head.size,
        details: {
          object: name,
          etag: head.etag,
          sha256,
          partitions: partitions.length,
          newPartitions: partitions.filter((p) => p.isNew).length,
          rejectedRows: counts.nullTime,
          resumedFromByte,
          bytesFetched,
        },
        result,
      };
    });
    return outcome.result;
  };
}
