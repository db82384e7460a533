import { createHash, randomUUID } from 'node:crypto';
import { closeSync, openSync, promises as fs, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  assertValidKey,
  LakeNotFoundError,
  type LakeObjectStat,
  type LakeStore,
  type VersionedObject,
} from './lake-store';

/**
 * Only our own temporary and lock files are hidden from list(): a user key may end in `.tmp` or
 * `.lock` too.
 */
const OWN_FILE = /\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(?:tmp|lock)$/;
/** One lock file per key (`<key>.<LOCK_ID>.lock`), taken by conditional writes. */
export const LOCK_ID = '7c1d5e0a-3f2b-4c8e-9d61-0a5b2e4f8c13';
/**
 * A lock is held for one synchronous read and rename (milliseconds): one older than this was left
 * by a process that died holding it.
 */
const STALE_LOCK_MS = 10_000;
const LOCK_POLL_MS = 5;

/** A local object's version is its content: a version that comes back is the same bytes. */
const versionOf = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/** A key naming a folder (or passing through a file) is an absent object, as in blob storage. */
const ABSENT = new Set(['ENOENT', 'EISDIR', 'ENOTDIR']);

export class LocalLake implements LakeStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `local filesystem at ${root}`;
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, body);
    await fs.rename(tmp, target);
  }

  async putIfAbsent(key: string, body: Buffer | string): Promise<boolean> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, body);
    try {
      // link() fails with EEXIST instead of replacing: the check and the write are one step.
      await fs.link(tmp, target);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (err) {
      if (ABSENT.has((err as NodeJS.ErrnoException).code ?? ''))
        throw new LakeNotFoundError(key, this.description);
      throw err;
    }
  }

  async getVersioned(key: string): Promise<VersionedObject | undefined> {
    try {
      const body = await this.get(key);
      return { body, version: versionOf(body) };
    } catch (err) {
      if (err instanceof LakeNotFoundError) return undefined;
      throw err;
    }
  }

  async putIfVersion(key: string, body: Buffer | string, version: string | undefined): Promise<boolean> {
    if (version === undefined) return this.putIfAbsent(key, body);
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, body);
    try {
      // POSIX has no conditional rename: the compare and the rename happen under the key's lock,
      // taken, used and released in one synchronous stretch, so no other work of this process (a
      // Polars merge holding the event loop) can keep it held.
      const lock = `${target}.${LOCK_ID}.lock`;
      while (!tryLock(lock)) await sleep(LOCK_POLL_MS);
      try {
        let current: Buffer;
        try {
          current = readFileSync(target);
        } catch (err) {
          if (ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) return false;
          throw err;
        }
        if (versionOf(current) !== version) return false;
        renameSync(tmp, target);
        return true;
      } finally {
        rmSync(lock, { force: true });
      }
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) return false;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const trimmed = prefix.replace(/\/+$/, '');
    const start = trimmed ? this.pathOf(trimmed) : this.root;
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) return;
        throw err;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (!OWN_FILE.test(entry.name))
          keys.push(path.relative(this.root, full).split(path.sep).join('/'));
      }
    };
    await walk(start);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    const target = this.pathOf(key);
    // A folder is not an object: deleting it by key is a no-op, as for a blob prefix.
    if (!(await this.exists(key))) return;
    await fs.rm(target, { force: true });
  }

  async stat(key: string): Promise<LakeObjectStat | undefined> {
    try {
      const stats = await fs.stat(this.pathOf(key));
      return stats.isFile() ? { bytes: stats.size, lastModified: stats.mtime } : undefined;
    } catch (err) {
      if (ABSENT.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw err;
    }
  }
}

/**
 * Creates the lock file, or removes it when it is stale (its holder died) and reports it not
 * taken; false while another writer holds it. A writer that removed a stale lock waits a poll
 * before taking it, so another that judged the same lock stale in the same instant removes
 * nothing of its.
 */
function tryLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
  } catch (err) {
    // Released between the two calls: the next attempt takes it.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return false;
}
