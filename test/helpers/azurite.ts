import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { freePort } from './free-port';

/**
 * Azurite's blob service from node_modules, on a free loopback port, in memory. The account is
 * Azurite's documented development account (its key is public, not a secret).
 */
export interface TestAzurite {
  blobEndpoint: string;
  connectionString: string;
  /** A new, empty container; each suite takes its own so they cannot see each other's blobs. */
  createContainer(name: string): Promise<void>;
  stop(): Promise<void>;
}

const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const AZURITE_BLOB_BIN = path.resolve(__dirname, '../../node_modules/.bin/azurite-blob');

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

async function waitUntilAnswering(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`azurite-blob exited with ${child.exitCode}: ${output()}`);
    try {
      // Any HTTP answer (even 403 for an unsigned request) means the service is up.
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`azurite-blob did not answer on ${url}: ${output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startAzurite(): Promise<TestAzurite> {
  const location = mkdtempSync(path.join(os.tmpdir(), 'gps-azurite-'));
  const port = await freePort();
  // Spawned through this Node so the bin's `#!/usr/bin/env node` needs nothing on PATH.
  const child = spawn(
    process.execPath,
    [
      AZURITE_BLOB_BIN,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--loose',
      '--silent',
    ],
    // In memory, yet Azurite may still drop files in its working directory: keep them in a temp dir.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: location },
  );
  // A test process that dies without afterAll must not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));

  const blobEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(killer);
    }
    rmSync(location, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(child, blobEndpoint, () => output);
  } catch (err) {
    await stop();
    throw err;
  }

  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `BlobEndpoint=${blobEndpoint};`;
  const service = BlobServiceClient.fromConnectionString(connectionString);
  return {
    blobEndpoint,
    connectionString,
    createContainer: async (name) => {
      await service.getContainerClient(name).create();
    },
    stop,
  };
}
