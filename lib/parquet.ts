import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pl from 'nodejs-polars';

/**
 * A frame as Parquet bytes, for the lake. nodejs-polars 0.25 writes an in-memory Parquet file
 * through a JavaScript stream, one callback per small chunk; writing the same frame to a file and
 * reading it back is several times faster (figures: bench/README.md, bench:year). The file is
 * private to this call (a random name) and removed before returning.
 */
export function parquetBytes(
  frame: pl.DataFrame,
  compression: 'zstd' | 'snappy' | 'uncompressed' = 'zstd',
): Buffer {
  const file = path.join(os.tmpdir(), `gps-parquet-${process.pid}-${randomUUID()}.parquet`);
  try {
    frame.writeParquet(file, { compression });
    return readFileSync(file);
  } finally {
    try {
      unlinkSync(file);
    } catch {
      // Nothing was written (the write itself failed): that error is the one that matters.
    }
  }
}
