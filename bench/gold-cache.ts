import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import type { Config } from '../lib/config';
import { createWriterDb, prepareGoldDatabase } from '../lib/db';
import { freePort } from '../test/helpers/free-port';
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
  'lib/replay/synthetic-eco2mix.ts',
  'activities/silver/eco2mix-regional.ts',
  'activities/gold/eco2mix-regional.ts',
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

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('no PostgreSQL server under /usr/lib/postgresql');
  return path.join('/usr/lib/postgresql', versions[0]!, 'bin', name);
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` system user. */
function asServerUser(file: string, args: string[]): void {
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

function chownToServerUser(...paths: string[]): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  for (const p of paths) chownSync(p, uid, gid);
}

/** Same server settings as test/helpers/postgres.ts (durability off: it is a throwaway). */
async function startServer(dir: string): Promise<number> {
  const dataDir = path.join(dir, 'data');
  // A server of an earlier run that died before stopping it.
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    try {
      asServerUser(pgBin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running: the pid file is stale and the start below removes it
    }
  }
  const port = await freePort();
  asServerUser(pgBin('pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '120',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  return port;
}

export async function pgGold(days: number, fresh: boolean, log: (s: string) => void): Promise<CachedGold> {
  const dir = path.join(ROOT, `pg-${cacheKey(days)}`);
  const dataDir = path.join(dir, 'data');
  const metaFile = path.join(dir, 'meta.json');
  const pwFile = path.join(dir, 'pw');
  if (fresh && existsSync(dir)) {
    if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
      try {
        asServerUser(pgBin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } catch {
        // not running
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const reused = existsSync(metaFile);
  if (!reused) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(pwFile, `pw-${process.pid}-${Date.now()}`);
    chownToServerUser(dir, pwFile);
    chmodSync(dir, 0o700);
    asServerUser(pgBin('initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--no-sync',
    ]);
  }
  const password = readFileSync(pwFile, 'utf8').trim();
  const port = await startServer(dir);
  const stop = async () => asServerUser(pgBin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  const base = `postgres://%s:${password}@127.0.0.1:${port}`;
  const dbConfig: Config['db'] = {
    client: 'pg',
    writerUrl: `${base.replace('%s', 'gps_writer')}/gold`,
    readerUrl: `${base.replace('%s', 'gps_reader')}/gold`,
  };
  try {
    if (!reused) {
      const admin = knex({ client: 'pg', connection: `${base.replace('%s', 'postgres')}/postgres` });
      try {
        await admin.raw(`CREATE ROLE gps_writer LOGIN PASSWORD '${password}'`);
        await admin.raw(`CREATE ROLE gps_reader LOGIN PASSWORD '${password}'`);
        await admin.raw('CREATE DATABASE gold OWNER gps_writer');
        await admin.raw('REVOKE ALL ON DATABASE gold FROM PUBLIC');
        await admin.raw('GRANT CONNECT ON DATABASE gold TO gps_writer, gps_reader');
      } finally {
        await admin.destroy();
      }
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
