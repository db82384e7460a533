import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/helpers/free-port';

/**
 * The API as deployed for bench:api --processes: `workers/api.ts` in a process of its own with
 * GPS_API_PROCESSES=N (N = 1 serves from that process; above 1 it supervises N on one port).
 */
export interface ApiProcesses {
  url: string;
  token: string;
  pid: number;
  /** CPU seconds so far of the process and its live children (the API processes), from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** `env`: the API's configuration (the bench's own config env); NODE_ENV=test is set for it. */
export async function startApiProcesses(
  env: Record<string, string>,
  processes: number,
): Promise<ApiProcesses> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(__dirname, 'graphql-production.js'),
      '--import',
      'tsx',
      path.join(__dirname, '../workers/api.ts'),
    ],
    {
      env: {
        ...process.env,
        ...env,
        NODE_ENV: 'test',
        GPS_API_PORT: String(port),
        GPS_API_PROCESSES: String(processes),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (seen.includes('"msg":"API listening"')) resolve();
    });
    void exited.then((code) => reject(new Error(`API processes exited at start with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const res = await fetch(`${url}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'reader', subject: 'bench-api-load' }),
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  return {
    url,
    token,
    pid: child.pid!,
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`API processes stopped with ${code}`);
    },
  };
}

/** CPU seconds (user + system) of `root` and its live children. */
export function treeCpuSeconds(root: number): number {
  const ticks = 100; // USER_HZ on Linux
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) === root || Number(fields[1]) === root)
      sum += (Number(fields[11]) + Number(fields[12])) / ticks;
  }
  return sum;
}
