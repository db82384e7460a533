import type { Knex } from 'knex';

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
  await db('ingestion_watermark')
    .insert({ source, watermark_utc: next, updated_at: new Date().toISOString() })
    .onConflict('source')
    .merge();
  return next;
}
