import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import type { RetentionZone, ZoneRetention } from '../activities/retention';
import { TRANSFORM } from './retry-policies';
import { recordRun } from './run-bookkeeping';

export interface ApplyRetentionInput {
  /** Count what would be deleted, delete nothing (the audit rows say `dryRun: true`). */
  dryRun?: boolean;
  /** Objects or rows per activity call (default 2000). */
  limit?: number;
}

export interface ZoneSummary {
  /** Undefined when the zone keeps forever. */
  cutoff?: string;
  deleted: number;
  bytes: number;
  /** True when the run stopped at its call bound with expired objects left for the next run. */
  unfinished: boolean;
}

export interface RetentionSummary {
  asOf: string;
  dryRun: boolean;
  zones: Record<RetentionZone, ZoneSummary>;
}

/** Quarantine first (the oldest diagnostics), audit rows last so they record the lake's deletions. */
export const RETENTION_ORDER: readonly RetentionZone[] = ['quarantine', 'bronze', 'silver', 'audit'];

/**
 * Calls per zone and run: with the default limit, 400 000 objects; a backlog beyond that (the
 * first run after enabling retention on an old lake) is finished by the next runs, and the
 * history stays small.
 */
const MAX_CALLS_PER_ZONE = 200;

/**
 * Deletes what has outlived its zone's retention (GPS_RETENTION_*_DAYS): expired Bronze,
 * Silver and quarantine objects in the lake, and expired audit and quality rows. Gold is not a
 * zone: nothing here can name it. Run daily by the `lake-retention` schedule; by hand with
 * `{ "dryRun": true }` to see what it would delete (docs/operations.md#retention).
 */
export async function applyRetention(input: ApplyRetentionInput = {}): Promise<RetentionSummary> {
  const { applyRetentionStep } = proxyActivities<IngestActivities>(TRANSFORM);
  // The start of this run, recorded in its history: every call and every retry cuts at the same
  // instant, so a retried call never reaches further than the first attempt did.
  const asOf = workflowInfo().runStartTime.toISOString();
  const dryRun = input.dryRun ?? false;
  const zones = {} as Record<RetentionZone, ZoneSummary>;
  for (const zone of RETENTION_ORDER) {
    const total: ZoneSummary = { deleted: 0, bytes: 0, unfinished: false };
    for (let call = 0; ; call += 1) {
      const step: ZoneRetention = await applyRetentionStep({ zone, asOf, dryRun, limit: input.limit });
      total.cutoff = step.cutoff;
      total.deleted += step.deleted;
      total.bytes += step.bytes;
      // `more` with nothing deleted would loop forever on an object that cannot be removed.
      if (!step.more || step.deleted === 0) break;
      if (call + 1 >= MAX_CALLS_PER_ZONE) {
        total.unfinished = true;
        break;
      }
    }
    zones[zone] = total;
    recordRun({ memo: { retention: zones } });
  }
  const rows = RETENTION_ORDER.reduce((n, z) => n + zones[z].deleted, 0);
  const verb = dryRun ? 'would delete' : 'deleted';
  const line = RETENTION_ORDER.map((z) =>
    zones[z].cutoff === undefined
      ? `${z}: kept forever`
      : `${z}: ${zones[z].deleted} (${zones[z].bytes} bytes) before ${zones[z].cutoff}`,
  ).join('; ');
  log.info('retention applied', { dryRun, rows });
  recordRun({ rows, summary: `retention ${verb} ${line}` });
  return { asOf, dryRun, zones };
}
