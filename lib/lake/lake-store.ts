/**
 * The lake as the pipeline sees it: named immutable-or-replaceable objects under
 * bronze/, silver/ and gold/. Backends: local filesystem (embedded default); Azure Blob / ADLS
 * Gen2 arrive behind the same interface.
 */
export interface LakeStore {
  readonly description: string;
  /** Writes atomically: readers see the old object or the new one, never a partial file. */
  put(key: string, body: Buffer | string): Promise<void>;
  /** Writes only when no object has this key; returns false when one already existed. */
  putIfAbsent(key: string, body: Buffer | string): Promise<boolean>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Keys under a prefix, sorted, recursively. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
}

export class LakeKeyError extends Error {
  override name = 'LakeKeyError';
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
