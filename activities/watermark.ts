import type { Knex } from 'knex';
import { bulkUpsert, type UpsertSpec } from '../lib/upsert';

/**
 * One row per source. updated_at is compared too, so every advance stamps it, as before; the
 * upsert goes through lib/upsert.ts because knex has no onConflict on SQL Server.
 */
export const WATERMARK_UPSERT: UpsertSpec = {
  table: 'ingestion_watermark',
  key: ['source'],
  values: ['watermark_utc', 'updated_at'],
  pgTypes: { source: 'text', watermark_utc: 'timestamptz', updated_at: 'timestamptz' },
};

export async function readWatermark(db: Knex, source: string): Promise<string | undefined> {
  const row = await db('ingestion_watermark')
    .where({ source })
    .first<{ watermark_utc: string | Date } | undefined>();
  if (!row) return undefined;
  return new Date(row.watermark_utc).toISOString();
}

/** Moves a source's watermark forward only: a late or repeated run never moves it back. */
export async function advanceWatermark(db: Knex, source: string, to: string): Promise<string> {
  const current = await readWatermark(db, source);
  const next = current && current > to ? current : new Date(to).toISOString();
  await bulkUpsert(db, WATERMARK_UPSERT, [
    { source, watermark_utc: next, updated_at: new Date().toISOString() },
  ]);
  return next;
}
