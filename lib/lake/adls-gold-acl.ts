import { DefaultAzureCredential } from '@azure/identity';
import {
  DataLakeServiceClient,
  type AccessControlChangeError,
  type DataLakeFileSystemClient,
  type PathAccessControlItem,
  type RolePermissions,
} from '@azure/storage-file-datalake';
import type { AzureBlobLakeAuth } from './azure-blob-lake';
import type { AclPrincipal, GoldPrincipals } from './lake-store';

/**
 * The one DFS-only piece of the lake: a POSIX ACL on `gold/` of an ADLS Gen2 (hierarchical
 * namespace) account. Azurite has no DFS endpoint, so this never runs against a service in
 * tests; test/unit/adls-gold-acl.test.ts checks the entries and the request the SDK sends.
 */

export const GOLD_DIRECTORY = 'gold';

// Entra ID object ids are GUIDs; anything else could smuggle extra entries into the ACL string.
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class GoldAclError extends Error {
  override name = 'GoldAclError';
}

const rwx: RolePermissions = { read: true, write: true, execute: true };
const rx: RolePermissions = { read: true, write: false, execute: true };
const none: RolePermissions = { read: false, write: false, execute: false };

function named(principal: AclPrincipal, permissions: RolePermissions, defaultScope: boolean) {
  return { defaultScope, accessControlType: principal.kind, entityId: principal.objectId, permissions };
}

/**
 * Writer rwx, reader r-x, everyone else nothing (the owning group and `other` included). The
 * same entries as default ACL, so files and folders created later under gold/ inherit them. The
 * mask is rwx or it would cap the writer's named entry.
 */
export function goldAclEntries({ writer, reader }: GoldPrincipals): PathAccessControlItem[] {
  for (const [role, p] of Object.entries({ writer, reader })) {
    if (!OBJECT_ID.test(p.objectId)) {
      throw new GoldAclError(
        `gold ${role} must be an Entra ID object id (a GUID), got ${JSON.stringify(p.objectId)}`,
      );
    }
  }
  if (writer.kind === reader.kind && writer.objectId.toLowerCase() === reader.objectId.toLowerCase()) {
    throw new GoldAclError('gold writer and reader must be different principals');
  }
  return [false, true].flatMap((defaultScope) => [
    { defaultScope, accessControlType: 'user' as const, entityId: '', permissions: rwx },
    { defaultScope, accessControlType: 'group' as const, entityId: '', permissions: none },
    { defaultScope, accessControlType: 'other' as const, entityId: '', permissions: none },
    named(writer, rwx, defaultScope),
    named(reader, rx, defaultScope),
    { defaultScope, accessControlType: 'mask' as const, entityId: '', permissions: rwx },
  ]);
}

/** The POSIX short form (`user::rwx,…,default:mask::rwx`), as `x-ms-acl` carries it. */
export function aclString(entries: PathAccessControlItem[]): string {
  const bits = ({ read, write, execute }: RolePermissions) =>
    `${read ? 'r' : '-'}${write ? 'w' : '-'}${execute ? 'x' : '-'}`;
  return entries
    .map(
      (e) => `${e.defaultScope ? 'default:' : ''}${e.accessControlType}:${e.entityId}:${bits(e.permissions)}`,
    )
    .join(',');
}

/** The DFS view of the same account and container the blob lake writes to. */
export function openGoldFileSystem(auth: AzureBlobLakeAuth, container: string): DataLakeFileSystemClient {
  // The SDK derives the `.dfs.` endpoint from a `.blob.` URL itself.
  const service =
    auth.kind === 'connection-string'
      ? DataLakeServiceClient.fromConnectionString(auth.connectionString)
      : new DataLakeServiceClient(auth.accountUrl, auth.credential ?? new DefaultAzureCredential());
  return service.getFileSystemClient(container);
}

/**
 * Creates gold/ if needed and sets the ACL on it and on everything already under it. The
 * principals also need execute on the container root to reach gold/; that is granted once when
 * the account is provisioned, not here.
 */
export async function applyGoldAcl(
  fileSystem: DataLakeFileSystemClient,
  principals: GoldPrincipals,
): Promise<{ directories: number; files: number }> {
  const entries = goldAclEntries(principals);
  const gold = fileSystem.getDirectoryClient(GOLD_DIRECTORY);
  await gold.createIfNotExists();
  const failures: AccessControlChangeError[] = [];
  const result = await gold.setAccessControlRecursive(entries, {
    onProgress: (progress) => failures.push(...progress.batchFailures),
  });
  if (result.counters.failedChangesCount > 0) {
    const first = failures[0];
    throw new GoldAclError(
      `ACL not applied to ${result.counters.failedChangesCount} path(s) under ${GOLD_DIRECTORY}/` +
        (first ? `, first ${first.name}: ${first.message}` : ''),
    );
  }
  return {
    directories: result.counters.changedDirectoriesCount,
    files: result.counters.changedFilesCount,
  };
}
