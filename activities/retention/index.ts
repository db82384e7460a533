import { ApplicationFailure } from '@temporalio/common';
import { isLakeZone, type LakeZone } from '../../lib/retention/lake-zones';
import { audited } from '../audit';
import { AUDIT_STEP, RETENTION } from '../audit-vocabulary';
import type { ActivityDeps } from '../deps';
import { applyAuditRetention } from './audit-retention';
import { applyLakeRetention, type ZoneRetention } from './lake-retention';

export type { ZoneRetention } from './lake-retention';

/** What retention may delete from: three lake zones and the audit rows. Gold is not one of them. */
export type RetentionZone = LakeZone | 'audit';

export interface RetentionStepInput {
  zone: RetentionZone;
  /** The workflow's start, ISO: the same cutoff for every call and attempt of one run. */
  asOf: string;
  dryRun: boolean;
  /** Objects or rows one call deletes at most (default 2000), so each call ends well within its timeout. */
  limit?: number;
}

const DEFAULT_LIMIT = 2_000;

/** Retention's one activity, on the ingest queue (lake and database I/O, no CPU-heavy work). */
export function createRetentionActivities(deps: Pick<ActivityDeps, 'config' | 'lake' | 'db'>) {
  return {
    async applyRetentionStep(input: RetentionStepInput): Promise<ZoneRetention> {
      const { zone, dryRun } = input;
      if (zone !== 'audit' && !isLakeZone(zone)) {
        throw ApplicationFailure.nonRetryable(
          `not a retention zone: ${String(zone)}`,
          'InvalidRetentionZone',
        );
      }
      const asOf = new Date(input.asOf);
      const limit = input.limit ?? DEFAULT_LIMIT;
      const days = deps.config.retention[zone];
      const step = { step: AUDIT_STEP.retention, source: RETENTION, dataset: zone } as const;
      const audit = await audited(deps.db, step, async () => {
        const outcome =
          zone === 'audit'
            ? await applyAuditRetention(deps.db, { days, asOf, dryRun, maxRows: limit })
            : await applyLakeRetention(deps.lake, { zone, days, asOf, dryRun, maxObjects: limit });
        return {
          outcome,
          rows: outcome.deleted,
          bytes: outcome.bytes,
          details: { days, cutoff: outcome.cutoff ?? 'keep forever', dryRun, more: outcome.more },
          ...(outcome.cutoff ? {} : { skipped: `GPS_RETENTION_${zone.toUpperCase()}_DAYS=0 keeps forever` }),
        };
      });
      return audit.outcome;
    },
  };
}
