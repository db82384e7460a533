import { readdirSync } from 'node:fs';
import os from 'node:os';
import pl from 'nodejs-polars';
import { parquetBytes } from '../../lib/parquet';

describe('parquetBytes', () => {
  const ours = () => readdirSync(os.tmpdir()).filter((f) => f.startsWith(`gps-parquet-${process.pid}-`));

  test('the bytes read back as the same frame, in every compression, and leave no file behind', () => {
    const frame = pl.DataFrame({
      region_code: ['11', '24', null],
      mw: [1.5, null, -0.25],
      ts_utc: [new Date('2025-10-26T00:45:00Z'), new Date('2025-10-26T01:00:00Z'), null],
    });
    for (const compression of ['zstd', 'snappy', 'uncompressed'] as const) {
      const bytes = parquetBytes(frame, compression);
      expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
      expect(pl.readParquet(bytes).toRecords()).toEqual(frame.toRecords());
    }
    expect(ours()).toEqual([]);
  });
});
