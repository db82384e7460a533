/**
 * The lake zones retention may delete from, and nothing else: a key outside them (all of
 * `gold/`, anything at the root) has no zone, and retention refuses to delete it.
 *
 * - `quarantine`: what was received or read but not accepted, kept with its reason
 *   (`bronze/_quarantine/…`, `silver/_rejected/…`, ERA5's `bronze/climate/era5/_rejected/…`).
 * - `bronze`: every other object under `bronze/` (raw payloads, their sidecars and markers).
 * - `silver`: every other object under `silver/`.
 */
export const LAKE_ZONES = ['bronze', 'silver', 'quarantine'] as const;
export type LakeZone = (typeof LAKE_ZONES)[number];

/** The top folders a zone's keys live under, so a run lists only those. */
export const ZONE_ROOTS: Record<LakeZone, readonly ('bronze' | 'silver')[]> = {
  bronze: ['bronze'],
  silver: ['silver'],
  quarantine: ['bronze', 'silver'],
};

const QUARANTINE_FOLDERS = new Set(['_quarantine', '_rejected']);

export function lakeZoneOf(key: string): LakeZone | undefined {
  const parts = key.split('/');
  const root = parts[0];
  if ((root !== 'bronze' && root !== 'silver') || parts.length < 2) return undefined;
  return parts.some((p) => QUARANTINE_FOLDERS.has(p)) ? 'quarantine' : root;
}

export function isLakeZone(value: unknown): value is LakeZone {
  return (LAKE_ZONES as readonly unknown[]).includes(value);
}

/**
 * Bronze content-hash markers (`<prefix>/_by_sha256/<sha256>`, activities/bronze/lake-objects.ts):
 * undated, they go with the payload they name.
 */
export const MARKER_FOLDER = '_by_sha256';

/** A dated Bronze payload's prefix and the 16 hex digits of its hash the file name carries. */
export function bronzePayloadParts(key: string): { prefix: string; sha16: string } | undefined {
  const m = /^(.+)\/date=\d{4}-\d{2}-\d{2}\/[^/]*_([0-9a-f]{16})\.[^/.]+$/.exec(key);
  return m ? { prefix: m[1] as string, sha16: m[2] as string } : undefined;
}
