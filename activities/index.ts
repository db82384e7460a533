import { createAlertActivities } from './alerts';
import { AUDIT_STEP } from './audit-vocabulary';
import type { ActivityDeps } from './deps';
import { createAlertNotifyActivities } from './alerts/notify';
import { createAlertStatusActivities } from './alerts/status-change';
import { createRegistryActivities } from './asset-registry';
import { audited } from './audit';
import { createRetentionActivities } from './retention';
import { createScheduleChangeActivities } from './schedule-changes';
import { SOURCES, type RegisteredSource, type SourceId } from './sources/registry';
import { advanceWatermark } from './watermark';
import { processMetrics } from '../lib/metrics/registry';

export type { ActivityDeps } from './deps';

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type IngestOf<S> = S extends { activities: { ingest?: (deps: ActivityDeps) => infer A } } ? A : never;
type TransformOf<S> = S extends { activities: { transform?: (deps: ActivityDeps) => infer A } } ? A : never;

/** Every source's activities for one task queue, checked for a name two sources would both claim. */
function sourceActivities(deps: ActivityDeps, queue: 'ingest' | 'transform'): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const source of SOURCES) {
    const factory = source.activities[queue] as ((d: ActivityDeps) => object) | undefined;
    for (const [name, fn] of Object.entries(factory?.(deps) ?? {})) {
      const previous = owner.get(name);
      if (previous) throw new Error(`activity ${name} is declared by both ${previous} and ${source.id}`);
      owner.set(name, source.id);
      merged[name] = fn;
    }
  }
  return merged;
}

/**
 * Activities every source's workflows share: watermarks, the asset registry, schedule changes,
 * alert notifications, operators' alert changes, and retention (lake and audit log).
 */
function sharedIngestActivities(deps: ActivityDeps) {
  return {
    ...createRegistryActivities(deps),
    ...createScheduleChangeActivities(deps),
    ...createAlertNotifyActivities(deps),
    ...createAlertStatusActivities(deps),
    ...createRetentionActivities(deps),
    async advanceSourceWatermark(input: { source: SourceId; to: string }): Promise<string> {
      const outcome = await audited(
        deps.db,
        { step: AUDIT_STEP.advanceWatermark, source: input.source },
        async () => {
          const watermark = await advanceWatermark(deps.db, input.source, input.to);
          processMetrics().sourcePublished(input.source, watermark);
          return { details: { watermark }, watermark };
        },
      );
      return outcome.watermark;
    },
  };
}

export type IngestActivities = ReturnType<typeof sharedIngestActivities> &
  Intersection<IngestOf<RegisteredSource>>;
export type TransformActivities = Intersection<TransformOf<RegisteredSource>> &
  ReturnType<typeof createAlertActivities>;

/** I/O-bound activities: sources into Bronze, watermarks. Registered on the ingest task queue. */
export function createIngestActivities(deps: ActivityDeps): IngestActivities {
  return { ...sharedIngestActivities(deps), ...sourceActivities(deps, 'ingest') } as IngestActivities;
}

/**
 * CPU/memory-heavy activities: Polars cleaning, SQL loads and the alert rules over Gold.
 * Registered on the transform task queue.
 */
export function createTransformActivities(deps: ActivityDeps): TransformActivities {
  return { ...createAlertActivities(deps), ...sourceActivities(deps, 'transform') } as TransformActivities;
}
