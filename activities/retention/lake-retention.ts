import type { LakeStore } from '../../lib/lake';
import { LakeNotFoundError } from '../../lib/lake/lake-store';
import { dayExpired, keyDay, retentionCutoff } from '../../lib/retention/key-age';
import {
  bronzePayloadParts,
  lakeZoneOf,
  MARKER_FOLDER,
  ZONE_ROOTS,
  type LakeZone,
} from '../../lib/retention/lake-zones';
import { reportProgress } from '../heartbeat';

export interface LakeRetentionRequest {
  zone: LakeZone;
  days: number;
  /** The run's reference instant (the workflow's start): every attempt computes the same cutoff. */
  asOf: Date;
  dryRun: boolean;
  /** At most this many objects per call; the workflow calls again while `more` is true. */
  maxObjects: number;
}

export interface ZoneRetention {
  zone: LakeZone | 'audit';
  /** Undefined when the zone keeps forever (0 days). */
  cutoff?: string;
  dryRun: boolean;
  /** Objects (lake) or rows (audit) deleted, or that a dry run would delete. */
  deleted: number;
  bytes: number;
  /** More expired objects remain beyond this call's bound (never in a dry run, which counts all). */
  more: boolean;
}

/** Objects of the zone whose age puts them before the cutoff, sorted; markers are handled with their payload. */
async function expiredKeys(
  lake: LakeStore,
  zone: LakeZone,
  cutoff: Date,
): Promise<{ expired: string[]; markers: string[] }> {
  const expired: string[] = [];
  const markers: string[] = [];
  for (const root of ZONE_ROOTS[zone]) {
    for (const key of await lake.list(root)) {
      if (lakeZoneOf(key) !== zone) continue;
      if (key.split('/').includes(MARKER_FOLDER)) {
        markers.push(key);
        continue;
      }
      const day = keyDay(key);
      if (day) {
        if (dayExpired(day, cutoff)) expired.push(key);
      } else if (zone === 'quarantine') {
        // Quarantined and rejected objects are named by their content hash, not a date: their
        // age is when they were written (write-once, so that is when they were set aside).
        const stat = await lake.stat(key);
        if (stat && stat.lastModified.getTime() <= cutoff.getTime()) expired.push(key);
        reportProgress();
      }
      // Any other undated key (a monthly or yearly partition, a single-file dataset) is kept.
    }
  }
  return { expired: expired.sort(), markers };
}

/** Refuses, whatever the caller computed, a key outside the zone being cleaned. */
function assertInZone(key: string, zone: LakeZone): void {
  const actual = lakeZoneOf(key);
  if (actual !== zone) {
    throw new Error(
      `retention of zone ${zone} refuses to delete ${JSON.stringify(key)} (zone: ${actual ?? 'none'})`,
    );
  }
}

/**
 * Deletes (or, in a dry run, counts) the zone's objects dated before its cutoff, at most
 * `maxObjects` per call, heartbeating as it goes. Idempotent: each call lists the lake again, so a
 * retried attempt finds only what is left; deleting a missing key is not an error.
 */
export async function applyLakeRetention(
  lake: LakeStore,
  request: LakeRetentionRequest,
): Promise<ZoneRetention> {
  const { zone, dryRun } = request;
  const cutoff = retentionCutoff(request.asOf, request.days);
  if (!cutoff) return { zone, dryRun, deleted: 0, bytes: 0, more: false };
  const { expired, markers } = await expiredKeys(lake, zone, cutoff);
  const bound = dryRun ? expired.length : Math.min(expired.length, request.maxObjects);
  const progress = { zone, cutoff: cutoff.toISOString(), deleted: 0, bytes: 0 };

  const remove = async (key: string): Promise<void> => {
    assertInZone(key, zone);
    const stat = await lake.stat(key);
    if (!stat) return;
    if (!dryRun) await lake.delete(key);
    progress.deleted += 1;
    progress.bytes += stat.bytes;
  };

  for (const key of expired.slice(0, bound)) {
    const payload = zone === 'bronze' ? bronzePayloadParts(key) : undefined;
    if (payload) {
      // The marker first: once it is gone a new arrival of the same bytes lands under today's
      // date instead of being pointed at a payload about to be deleted.
      const folder = `${payload.prefix}/${MARKER_FOLDER}/`;
      for (const marker of markers) {
        if (!marker.startsWith(`${folder}${payload.sha16}`)) continue;
        const target = await lake.get(marker).catch((err: unknown) => {
          if (err instanceof LakeNotFoundError) return undefined; // a retried attempt removed it
          throw err;
        });
        if (target?.toString('utf8') === key) await remove(marker);
      }
    }
    await remove(key);
    if (progress.deleted % 25 === 0) reportProgress(progress);
  }
  reportProgress(progress);
  return {
    zone,
    cutoff: progress.cutoff,
    dryRun,
    deleted: progress.deleted,
    bytes: progress.bytes,
    more: bound < expired.length,
  };
}
