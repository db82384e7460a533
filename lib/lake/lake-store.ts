/**
 * The lake as the pipeline sees it: named immutable-or-replaceable objects under
 * bronze/, silver/ and gold/. Backends: local filesystem (embedded default) and the Azure Blob
 * API (Azurite, Blob Storage, ADLS Gen2); test/integration/lake-contract.test.ts holds every
 * backend to the same behaviour.
 */
export interface LakeStore {
  readonly description: string;
  /** Writes atomically: readers see the old object or the new one, never a partial file. */
  put(key: string, body: Buffer | string): Promise<void>;
  /** Writes only when no object has this key; returns false when one already existed. */
  putIfAbsent(key: string, body: Buffer | string): Promise<boolean>;
  /** Throws LakeNotFoundError when no object has this key. */
  get(key: string): Promise<Buffer>;
  /** The object and the version read, for putIfVersion; undefined when no object has this key. */
  getVersioned(key: string): Promise<VersionedObject | undefined>;
  /**
   * Compare-and-swap for read-modify-write: writes only when the object is still at `version`
   * (undefined: still absent), atomically, and returns false when another write came first (the
   * caller re-reads and tries again). Two conditional writers can never both win from one version.
   */
  putIfVersion(key: string, body: Buffer | string, version: string | undefined): Promise<boolean>;
  exists(key: string): Promise<boolean>;
  /**
   * Keys under a prefix, sorted, recursively. The prefix is a folder: `bronze/a` lists
   * `bronze/a/…`, never `bronze/ab/…`; `''` lists everything.
   */
  list(prefix: string): Promise<string[]>;
  /** Removes the object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Size and last write of an object; undefined when no object has this key. */
  stat(key: string): Promise<LakeObjectStat | undefined>;
  /**
   * Only on hierarchical-namespace storage (ADLS Gen2): POSIX ACL on `gold/` so only the writer
   * may change it and only the reader may read it. Absent on backends that cannot enforce it.
   */
  restrictGold?(principals: GoldPrincipals): Promise<void>;
}

export interface VersionedObject {
  body: Buffer;
  /** Opaque: only compared by the backend that gave it. */
  version: string;
}

export interface LakeObjectStat {
  bytes: number;
  lastModified: Date;
}

/** An Entra ID object (user, service principal, managed identity or group), by object id. */
export interface AclPrincipal {
  kind: 'user' | 'group';
  objectId: string;
}

export interface GoldPrincipals {
  writer: AclPrincipal;
  reader: AclPrincipal;
}

export class LakeKeyError extends Error {
  override name = 'LakeKeyError';
}

/** The same error from every backend, so callers can tell "absent" from "storage failed". */
export class LakeNotFoundError extends Error {
  override name = 'LakeNotFoundError';
  constructor(
    readonly key: string,
    where: string,
  ) {
    super(`lake object not found: ${JSON.stringify(key)} (${where})`);
  }
}

/** Keys are relative, '/'-separated, without '..': one rule for every backend. */
export function assertValidKey(key: string): void {
  if (
    !key ||
    key.startsWith('/') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new LakeKeyError(`invalid lake key: ${JSON.stringify(key)}`);
  }
}
