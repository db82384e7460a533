import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLake } from '../../lib/lake';
import { Redacted } from '../../lib/redacted';
import {
  aclString,
  applyGoldAcl,
  goldAclEntries,
  GoldAclError,
  openGoldFileSystem,
} from '../../lib/lake/adls-gold-acl';

/**
 * Azurite has no DFS endpoint and nothing here reaches ADLS Gen2: these tests check the ACL we
 * build and the request the real SDK sends for it (to a local HTTP stand-in), not what the
 * service then does with it.
 */

const WRITER = '11111111-2222-3333-4444-555555555555';
const READER = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const principals = {
  writer: { kind: 'user' as const, objectId: WRITER },
  reader: { kind: 'group' as const, objectId: READER },
};
const EXPECTED =
  `user::rwx,group::---,other::---,user:${WRITER}:rwx,group:${READER}:r-x,mask::rwx,` +
  `default:user::rwx,default:group::---,default:other::---,default:user:${WRITER}:rwx,default:group:${READER}:r-x,default:mask::rwx`;

test('gold ACL: writer rwx, reader r-x, nobody else, inherited by what is created later', () => {
  expect(aclString(goldAclEntries(principals))).toBe(EXPECTED);
});

test.each([
  [
    { ...principals, reader: { kind: 'user' as const, objectId: `${READER},other::rwx` } },
    /gold reader must be an Entra ID object id/,
  ],
  [
    { ...principals, writer: { kind: 'user' as const, objectId: 'svc-writer' } },
    /gold writer must be an Entra ID object id/,
  ],
  [
    { writer: principals.writer, reader: { kind: 'user' as const, objectId: WRITER.toUpperCase() } },
    /must be different principals/,
  ],
])('a principal that is not a distinct object id is refused: %#', (p, message) => {
  expect(() => goldAclEntries(p)).toThrow(GoldAclError);
  expect(() => goldAclEntries(p)).toThrow(message);
});

interface Seen {
  method: string;
  url: string;
  acl?: string;
}

async function dfsStandIn(recursiveAnswer: object) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      acl: req.headers['x-ms-acl'] as string | undefined,
    });
    req.resume();
    req.on('end', () => {
      const common = { 'x-ms-request-id': 'r', 'x-ms-version': '2025-01-05' };
      if (req.method === 'PUT' && req.url?.includes('resource=directory')) {
        res.writeHead(201, {
          ...common,
          etag: '"0x1"',
          'last-modified': new Date().toUTCString(),
          'content-length': '0',
        });
        return res.end();
      }
      if (req.method === 'PATCH' && req.url?.includes('action=setAccessControlRecursive')) {
        const body = JSON.stringify(recursiveAnswer);
        res.writeHead(200, {
          ...common,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        return res.end(body);
      }
      res.writeHead(400, common).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Azurite's public development account: the shared-key signature is computed, never checked.
  const connectionString =
    'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
    'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
    `BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  const fileSystem = openGoldFileSystem({ kind: 'connection-string', connectionString }, 'lake');
  return { seen, fileSystem, connectionString, close: () => new Promise((r) => server.close(r)) };
}

test('the SDK creates gold/ and sends exactly this ACL, recursively, in set mode', async () => {
  const dfs = await dfsStandIn({
    directoriesSuccessful: 2,
    filesSuccessful: 5,
    failureCount: 0,
    failedEntries: [],
  });
  try {
    expect(await applyGoldAcl(dfs.fileSystem, principals)).toEqual({ directories: 2, files: 5 });
    expect(dfs.seen.map((s) => `${s.method} ${s.url?.split('?')[0]}`)).toEqual([
      'PUT /devstoreaccount1/lake/gold',
      'PATCH /devstoreaccount1/lake/gold',
    ]);
    const patch = new URL(`http://x${dfs.seen[1]?.url}`);
    expect(patch.searchParams.get('action')).toBe('setAccessControlRecursive');
    expect(patch.searchParams.get('mode')).toBe('set');
    expect(dfs.seen[1]?.acl).toBe(EXPECTED);
  } finally {
    await dfs.close();
  }
});

test('paths the service could not change fail the call with the first path and reason', async () => {
  const dfs = await dfsStandIn({
    directoriesSuccessful: 1,
    filesSuccessful: 0,
    failureCount: 1,
    failedEntries: [{ name: 'gold/daily.csv', type: 'FILE', errorMessage: 'This request is not authorized' }],
  });
  try {
    await expect(applyGoldAcl(dfs.fileSystem, principals)).rejects.toThrow(
      'ACL not applied to 1 path(s) under gold/, first gold/daily.csv: This request is not authorized',
    );
  } finally {
    await dfs.close();
  }
});

test('the blob lake offers restrictGold through the same DFS call; the local lake does not', async () => {
  const dfs = await dfsStandIn({
    directoriesSuccessful: 1,
    filesSuccessful: 0,
    failureCount: 0,
    failedEntries: [],
  });
  try {
    const lake = createLake({
      backend: 'azure-blob',
      container: 'lake',
      auth: { kind: 'connection-string', connectionString: new Redacted(dfs.connectionString) },
    });
    await lake.restrictGold?.(principals);
    expect(dfs.seen.map((s) => s.acl).filter(Boolean)).toEqual([EXPECTED]);
    expect(createLake({ backend: 'local', root: '/nonexistent' }).restrictGold).toBeUndefined();
  } finally {
    await dfs.close();
  }
});
