import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from '../activities/config';
import type { Logger } from '../lib/log';
import { resolveTemporalCli } from '../lib/temporal-cli';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const CLI_TYPE_NAMES: Record<string, string> = {
  KEYWORD: 'Keyword',
  DATETIME: 'Datetime',
  INT: 'Int',
  TEXT: 'Text',
  BOOL: 'Bool',
  DOUBLE: 'Double',
  KEYWORD_LIST: 'KeywordList',
};

/** The arguments of `temporal server start-dev`: SQLite file in the data dir, our search attributes. */
export function devServerArgs(config: Config): string[] {
  const [host, port] = config.temporal.address.split(':');
  const uiPort = new URL(config.temporal.uiUrl).port || '8233';
  const args = [
    'server',
    'start-dev',
    '--ip',
    host ?? '127.0.0.1',
    '--port',
    port ?? '7233',
    '--ui-port',
    uiPort,
    '--namespace',
    config.temporal.namespace,
    '--db-filename',
    path.join(config.dataDir, 'temporal.sqlite'),
    '--log-level',
    'warn',
  ];
  for (const key of ALL_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
  return args;
}

async function waitForFrontend(address: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`Temporal dev server did not answer on ${address}: ${(lastError as Error)?.message}`);
}

/** Starts the Temporal CLI dev server as a child process and waits until its frontend answers. */
export async function startTemporalDevServer(config: Config, log: Logger): Promise<ChildProcess> {
  mkdirSync(config.dataDir, { recursive: true });
  const cli = resolveTemporalCli(config.temporal.cliPath);
  const child = spawn(cli, devServerArgs(config), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => log.info(d.toString().trim(), { component: 'temporal' }));
  child.stderr?.on('data', (d: Buffer) => log.warn(d.toString().trim(), { component: 'temporal' }));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`temporal server start-dev exited with code ${code}`))),
  );
  await Promise.race([waitForFrontend(config.temporal.address, 60_000), exited]);
  return child;
}
