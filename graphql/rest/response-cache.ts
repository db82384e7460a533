import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { toDate } from '../gold-queries';

/**
 * Finished JSON answers of the REST routes, kept in memory and dropped when a gold load changes
 * rows in their window. Serving one is a lookup and a write of bytes, about a hundredth of
 * building it (SQL, JavaScript objects, JSON): what lets one event loop serve many clients
 * asking for past windows, which do not change.
 *
 * Staleness: every request first reads the gold_changes rows written since the last read (by
 * id: an index seek that usually returns nothing; concurrent requests share one read), so an
 * answer is never older than the request, save for a load committing during that read.
 * An answer built while a load was committing is not kept. Least recently used answers go
 * first beyond `maxBytes`; every answer also expires after `ttlMs`, in case Gold changes
 * behind the loaders' back (a manual repair).
 */

export interface CachedAnswer {
  body: Buffer;
  etag: string;
}

interface Entry extends CachedAnswer {
  from: number;
  to: number;
  expires: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private lastChangeId: number | undefined;
  private syncing: Promise<void> | undefined;
  /** Bumped on every eviction by a change: an answer built across a bump is not stored. */
  private generation = 0;

  constructor(
    private readonly db: Knex,
    private readonly options: { maxBytes: number; ttlMs: number; datasets: string[] },
  ) {}

  /** Reads new gold changes and drops the answers they touch. */
  sync(): Promise<void> {
    this.syncing ??= this.readChanges().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.drop(key, entry);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** The generation to hand back to `set`, taken before building the answer. */
  get currentGeneration(): number {
    return this.generation;
  }

  set(key: string, window: { from: Date; to: Date }, body: Buffer, builtAt: number): CachedAnswer {
    const answer = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    if (builtAt !== this.generation || body.length > this.options.maxBytes / 4) return answer;
    const previous = this.entries.get(key);
    if (previous) this.drop(key, previous);
    this.entries.set(key, {
      ...answer,
      from: window.from.getTime(),
      to: window.to.getTime(),
      expires: Date.now() + this.options.ttlMs,
    });
    this.bytes += body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.drop(oldest, entry);
    }
    return answer;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }

  private async readChanges(): Promise<void> {
    if (this.lastChangeId === undefined) {
      // Nothing is cached yet: only changes from now on matter.
      const [row] = await this.db('gold_changes').max({ id: 'id' });
      this.lastChangeId = Number(row?.id ?? 0);
      return;
    }
    const changes = await this.db('gold_changes')
      .where('id', '>', this.lastChangeId)
      .orderBy('id')
      .select('id', 'dataset', 'from_utc', 'to_utc');
    const last = changes.at(-1);
    if (!last) return;
    this.lastChangeId = Number(last.id);
    const relevant = changes.filter((c) => this.options.datasets.includes(c.dataset));
    if (!relevant.length) return;
    this.generation++;
    for (const change of relevant) {
      const from = (toDate(change.from_utc) as Date).getTime();
      const to = (toDate(change.to_utc) as Date).getTime();
      for (const [key, entry] of this.entries) {
        if (entry.from < to && from < entry.to) this.drop(key, entry);
      }
    }
  }
}
