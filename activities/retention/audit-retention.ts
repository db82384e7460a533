import type { Knex } from 'knex';
import { retentionCutoff } from '../../lib/retention/key-age';
import { reportProgress } from '../heartbeat';
import type { ZoneRetention } from './lake-retention';

/**
 * The operational log tables retention may delete from, with the column that dates a row, and no
 * other table: Gold facts and dimensions, alerts, watermarks, landing receipts (which stop a file
 * being loaded twice), asset registry, schedule changes (who changed what, kept for governance)
 * and the Gold change log are not listed, so no code path here can reach them.
 */
export const AUDIT_TABLES = [
  { table: 'ingestion_audit', dated: 'at' },
  { table: 'quality_results', dated: 'checked_at' },
] as const;

/** Rows per DELETE: short transactions, so the workers' own audit writes are never held for long. */
const BATCH = 500;

export interface AuditRetentionRequest {
  days: number;
  asOf: Date;
  dryRun: boolean;
  /** At most this many rows per call; the workflow calls again while `more` is true. */
  maxRows: number;
}

/**
 * Deletes (or counts) audit and quality rows older than the cutoff, in batches of ids. Both
 * tables store UTC ISO-8601 instants, so the comparison holds as text (SQLite) and as timestamps.
 */
export async function applyAuditRetention(db: Knex, request: AuditRetentionRequest): Promise<ZoneRetention> {
  const cutoff = retentionCutoff(request.asOf, request.days);
  const base = { zone: 'audit' as const, dryRun: request.dryRun };
  if (!cutoff) return { ...base, deleted: 0, bytes: 0, more: false };
  const before = cutoff.toISOString();
  let deleted = 0;
  for (const { table, dated } of AUDIT_TABLES) {
    if (request.dryRun) {
      const [row] = await db(table).where(dated, '<', before).count({ n: '*' });
      deleted += Number(row?.n ?? 0);
      continue;
    }
    while (deleted < request.maxRows) {
      const ids = (
        await db(table)
          .where(dated, '<', before)
          .orderBy('id')
          .limit(Math.min(BATCH, request.maxRows - deleted))
          .select('id')
      ).map((r: { id: number }) => r.id);
      if (ids.length === 0) break;
      deleted += await db(table).whereIn('id', ids).del();
      reportProgress({ zone: 'audit', table, deleted });
    }
  }
  const more =
    !request.dryRun &&
    deleted >= request.maxRows &&
    (
      await Promise.all(
        AUDIT_TABLES.map(({ table, dated }) => db(table).where(dated, '<', before).first('id')),
      )
    ).some(Boolean);
  return { ...base, cutoff: before, deleted, bytes: 0, more };
}
