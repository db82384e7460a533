import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateEra5Parquet } from './era5-generator';
import { startObjectStoreServer, type ObjectStoreServer } from './object-store-server';

/** The object the replay-mode default GPS_ERA5_URL names (lib/config.ts). */
export const ERA5_SAMPLE_OBJECT = 'era5/era5-france-sample.parquet';

/**
 * Replay mode's object storage: a SYNTHETIC ERA5 sample (0.25° France, two weeks of hours, about
 * 10 MB) generated once into `dir`, served by byte range like a bucket would.
 */
export async function startEra5ReplayObjectStore(options: {
  port: number;
  dir: string;
}): Promise<ObjectStoreServer> {
  const file = path.join(options.dir, 'era5-france-sample.parquet');
  if (!existsSync(file)) {
    await generateEra5Parquet(file, { start: new Date('2025-02-10T00:00:00Z'), hours: 14 * 24 });
  }
  const server = await startObjectStoreServer({ port: options.port });
  await server.publish(ERA5_SAMPLE_OBJECT, file);
  return server;
}
