import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { freePort } from './free-port';

/**
 * A throwaway PostgreSQL server from Debian's binaries: its own data directory, a free loopback
 * port, password (SCRAM) authentication over TCP. Three roles: the superuser for setup, a writer
 * that owns the gold database (the pipeline) and a reader that may only SELECT (the API).
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

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-pg-'));
  const dataDir = path.join(dir, 'data');
  const password = `pw-${process.pid}-${Date.now()}`;
  const pwFile = path.join(dir, 'pw');
  writeFileSync(pwFile, password);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  chmodSync(dir, 0o700);
  runAsServerUser(pgBin('initdb'), [
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
  const port = await freePort();
  runAsServerUser(pgBin('pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);

  const base = `postgres://%s:${password}@127.0.0.1:${port}`;
  const adminUrl = `${base.replace('%s', 'postgres')}/postgres`;
  const admin = knex({ client: 'pg', connection: adminUrl });
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
  return {
    adminUrl,
    writerUrl: `${base.replace('%s', 'gps_writer')}/gold`,
    readerUrl: `${base.replace('%s', 'gps_reader')}/gold`,
    stop: async () => {
      runAsServerUser(pgBin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
