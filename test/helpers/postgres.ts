import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { freePort } from './free-port';

/**
 * A throwaway PostgreSQL server from Debian's binaries: its own data directory, a free loopback
 * port, password (SCRAM) authentication over TCP. Three roles: the superuser for setup, a writer
 * that owns the gold database (the pipeline) and a reader that may only SELECT (the API).
 * The cluster pieces are exported for bench:api, which keeps a cluster between runs.
 */
export interface TestPostgres {
  writerUrl: string;
  readerUrl: string;
  adminUrl: string;
  stop(): Promise<void>;
}

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions.length)
    throw new Error('no PostgreSQL server under /usr/lib/postgresql: run scripts/install-prereqs.sh');
  return path.join('/usr/lib/postgresql', versions[0]!, 'bin', name);
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` system user. */
function runAsServerUser(file: string, args: string[]): void {
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

const dataDirOf = (dir: string) => path.join(dir, 'data');
const passwordFileOf = (dir: string) => path.join(dir, 'pw');

/** A new cluster in `dir` (created, or emptied first), with a generated superuser password. */
export function initCluster(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pwFile = passwordFileOf(dir);
  writeFileSync(pwFile, `pw-${process.pid}-${Date.now()}`);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  chmodSync(dir, 0o700);
  runAsServerUser(pgBin('initdb'), [
    '-D',
    dataDirOf(dir),
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

export interface RunningCluster {
  dataDir: string;
  adminUrl: string;
  writerUrl: string;
  readerUrl: string;
  stop(): void;
}

/** Starts the cluster of `dir` on a free loopback port; durability off (it is a throwaway). */
export async function startCluster(dir: string): Promise<RunningCluster> {
  const dataDir = dataDirOf(dir);
  const stop = () => runAsServerUser(pgBin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  // A server of an earlier process that died before stopping it.
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    try {
      stop();
    } catch {
      // not running: the pid file is stale and the start below removes it
    }
  }
  const port = await freePort();
  runAsServerUser(pgBin('pg_ctl'), [
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
  const password = readFileSync(passwordFileOf(dir), 'utf8').trim();
  const url = (role: string, db: string) => `postgres://${role}:${password}@127.0.0.1:${port}/${db}`;
  return {
    dataDir,
    adminUrl: url('postgres', 'postgres'),
    writerUrl: url('gps_writer', 'gold'),
    readerUrl: url('gps_reader', 'gold'),
    stop,
  };
}

/** The writer and reader roles and the gold database owned by the writer. */
export async function createGoldRoles(cluster: RunningCluster): Promise<void> {
  const password = new URL(cluster.adminUrl).password;
  const admin = knex({ client: 'pg', connection: cluster.adminUrl });
  try {
    await admin.raw(`CREATE ROLE gps_writer LOGIN PASSWORD '${password}'`);
    await admin.raw(`CREATE ROLE gps_reader LOGIN PASSWORD '${password}'`);
    await admin.raw('CREATE DATABASE gold OWNER gps_writer');
    // The reader gets nothing by default; the writer's setup grants it SELECT (lib/db.ts).
    await admin.raw('REVOKE ALL ON DATABASE gold FROM PUBLIC');
    await admin.raw('GRANT CONNECT ON DATABASE gold TO gps_writer, gps_reader');
  } finally {
    await admin.destroy();
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-pg-'));
  initCluster(dir);
  const cluster = await startCluster(dir);
  await createGoldRoles(cluster);
  return {
    adminUrl: cluster.adminUrl,
    writerUrl: cluster.writerUrl,
    readerUrl: cluster.readerUrl,
    stop: async () => {
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
