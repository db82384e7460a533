import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../activities/config';
import { createWriterDb } from '../lib/db';
import { prepareGoldDatabase } from '../db/prepare';
import { createGoldRoles, initCluster, startCluster } from '../test/helpers/postgres';
import { buildSyntheticGold, SYNTHETIC_START, type BuildResult } from './synthetic-gold';

/**
 * Gold filled with years of SYNTHETIC facts (bench/synthetic-gold.ts), kept between runs under
 * $TMPDIR/gps-bench-api/ because building it takes minutes: a SQLite file, and a PostgreSQL data
 * directory (its own server started on a free loopback port for each run and stopped after; the
 * directory stays). The key covers the number of days and the sources of the generator and of the
 * Silver and Gold loaders; migrations added since the build are applied to the cached database
 * at start (prepareGoldDatabase), as a deployment would.
 */

export interface CachedGold {
  dbConfig: Config['db'];
  /** Build time and when: this run's, or the cached build's. */
  build: BuildResult & { builtAt: string; reused: boolean; path: string };
  stop(): Promise<void>;
}

const ROOT = path.join(process.env.TMPDIR || os.tmpdir(), 'gps-bench-api');
const HASHED_SOURCES = [
  'replay/synthetic-eco2mix.ts',
  'activities/silver/raw-records.ts',
  'activities/sources/rte-regional/silver.ts',
  'activities/sources/rte-regional/gold.ts',
  'activities/sources/rte-regional/gold-mapping.ts',
  'activities/sources/rte-regional/rollups.ts',
  'activities/gold/dim-date.ts',
  'activities/gold/change-log.ts',
  'lib/domain/carbon.ts',
  'bench/synthetic-gold.ts',
];

export function cacheKey(days: number): string {
  const hash = createHash('sha256').update(SYNTHETIC_START.toISOString());
  for (const file of HASHED_SOURCES) hash.update(readFileSync(path.join(__dirname, '..', file)));
  return `d${days}-${hash.digest('hex').slice(0, 10)}`;
}

interface Meta extends BuildResult {
  builtAt: string;
}

async function buildInto(dbConfig: Config['db'], days: number, log: (s: string) => void): Promise<Meta> {
  const db = createWriterDb(dbConfig);
  try {
    await prepareGoldDatabase(db, dbConfig);
    log(`building Gold: ${days} days of SYNTHETIC quarter-hours through Bronze -> Silver -> Gold`);
    const result = await buildSyntheticGold(db, days, log);
    if (dbConfig.client === 'sqlite') {
      await db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    } else {
      // Autovacuum would analyse the fresh tables within minutes anyway; doing it now makes the
      // plans and the visibility map the same on every run.
      await db.raw('VACUUM ANALYZE');
    }
    return { ...result, builtAt: new Date().toISOString() };
  } finally {
    await db.destroy();
  }
}

/** Migrations added since the cached build, the dimensions and the reader's grants. */
async function prepare(dbConfig: Config['db']): Promise<void> {
  const db = createWriterDb(dbConfig);
  try {
    await prepareGoldDatabase(db, dbConfig);
  } finally {
    await db.destroy();
  }
}

export async function sqliteGold(
  days: number,
  fresh: boolean,
  log: (s: string) => void,
): Promise<CachedGold> {
  const dir = path.join(ROOT, `sqlite-${cacheKey(days)}`);
  const file = path.join(dir, 'gold.sqlite');
  const metaFile = path.join(dir, 'meta.json');
  if (fresh) rmSync(dir, { recursive: true, force: true });
  let reused = true;
  if (!existsSync(metaFile)) {
    reused = false;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const partial = path.join(dir, 'building.sqlite');
    const meta = await buildInto({ client: 'sqlite', file: partial }, days, log);
    for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
    renameSync(partial, file);
    writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  }
  const dbConfig: Config['db'] = { client: 'sqlite', file };
  await prepare(dbConfig);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
  return { dbConfig, build: { ...meta, reused, path: file }, stop: async () => {} };
}

export async function pgGold(days: number, fresh: boolean, log: (s: string) => void): Promise<CachedGold> {
  const dir = path.join(ROOT, `pg-${cacheKey(days)}`);
  const dataDir = path.join(dir, 'data');
  const metaFile = path.join(dir, 'meta.json');
  if (fresh && existsSync(dir)) {
    if (existsSync(path.join(dataDir, 'postmaster.pid'))) (await startCluster(dir)).stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const reused = existsSync(metaFile);
  if (!reused) initCluster(dir);
  const cluster = await startCluster(dir);
  const stop = async () => cluster.stop();
  const dbConfig: Config['db'] = { client: 'pg', writerUrl: cluster.writerUrl, readerUrl: cluster.readerUrl };
  try {
    if (!reused) {
      await createGoldRoles(cluster);
      const meta = await buildInto(dbConfig, days, log);
      writeFileSync(metaFile, JSON.stringify(meta, null, 2));
    }
    await prepare(dbConfig);
  } catch (err) {
    await stop();
    throw err;
  }
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
  return { dbConfig, build: { ...meta, reused, path: dataDir }, stop };
}
