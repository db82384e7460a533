import path from 'node:path';
import { z } from 'zod';
import { defineConfigSlice } from '../../../lib/config';

const port = z.coerce.number().int().min(1).max(65535);

export const era5Config = defineConfigSlice({
  key: 'era5',
  env: {
    GPS_ERA5_URL: z.url({ protocol: /^https?$/ }).optional(),
    GPS_ERA5_CHUNK_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(8 * 1024 * 1024),
    GPS_ERA5_STAGING_DIR: z.string().min(1).optional(),
    GPS_OBJECT_STORE_REPLAY_PORT: port.default(4012),
  },
  build(e, { replay, dataDir, httpTimeoutMs }) {
    return {
      /** HTTP(S) URL of the object (an Azure Blob through a SAS URL works); unset: the schedule skips. */
      url:
        e.GPS_ERA5_URL ??
        (replay
          ? `http://127.0.0.1:${e.GPS_OBJECT_STORE_REPLAY_PORT}/era5/era5-france-sample.parquet`
          : undefined),
      /** Bytes per Range request: the memory per step and the resume granularity. */
      chunkBytes: e.GPS_ERA5_CHUNK_BYTES,
      /** Worker-local directory for partially downloaded objects (resumed by a retry on this host). */
      stagingDir: path.resolve(e.GPS_ERA5_STAGING_DIR ?? path.join(dataDir, 'staging', 'era5')),
      httpTimeoutMs,
      replayPort: e.GPS_OBJECT_STORE_REPLAY_PORT,
    };
  },
});

export type Era5Config = ReturnType<typeof era5Config.build>;
