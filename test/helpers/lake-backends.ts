import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLake, type LakeStore } from '../../lib/lake';
import { Redacted } from '../../lib/redacted';
import { startAzurite, type TestAzurite } from './azurite';

export interface LakeBackends {
  /** [name, open]: `open` gives a fresh, empty lake of that backend. */
  backends: [string, () => Promise<LakeStore>][];
  /** The file's Azurite (started before its tests). */
  azurite: () => TestAzurite;
  /** A container name not used yet in this file. */
  nextContainer: () => string;
}

/**
 * Every lake backend for a test file: the local filesystem and the Azure Blob API on an Azurite
 * started once for the file. Registers the file's beforeAll/afterAll, so call it at the top level.
 */
export function everyLakeBackend(name: string): LakeBackends {
  let azurite: TestAzurite | undefined;
  const tempDirs: string[] = [];
  let containers = 0;

  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  const running = () => {
    if (!azurite) throw new Error('Azurite is not started: everyLakeBackend registers it in beforeAll');
    return azurite;
  };
  const nextContainer = () => `${name}-${++containers}`;
  return {
    azurite: running,
    nextContainer,
    backends: [
      [
        'local',
        async () => {
          const root = mkdtempSync(path.join(os.tmpdir(), `gps-${name}-`));
          tempDirs.push(root);
          return createLake({ backend: 'local', root });
        },
      ],
      [
        'azure-blob (Azurite)',
        async () => {
          const container = nextContainer();
          await running().createContainer(container);
          return createLake({
            backend: 'azure-blob',
            container,
            auth: { kind: 'connection-string', connectionString: new Redacted(running().connectionString) },
          });
        },
      ],
    ],
  };
}
