import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { assertValidKey, LakeNotFoundError, type LakeObjectStat, type LakeStore } from './lake-store';

/** Only our own temporary files are hidden from list(): a user key may end in `.tmp` too. */
const TEMP_FILE = /\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

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
        else if (!TEMP_FILE.test(entry.name))
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
