import { ASSET_REGISTRY, AUDIT_STEP, type AuditSource } from './audit-vocabulary';
import { Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { ActivityDeps } from './deps';
import { audited } from './audit';

/**
 * Asset registry (regions and grid nodes). An asset seen for the first time is inserted active
 * with its first_seen_at; one not seen for `staleAfter` becomes stale, for `inactiveAfter`
 * inactive (a soft delete: the row and its history stay); seen again, it is reactivated. Every
 * discovery and status change is a row in asset_events and in the audit log, written in the
 * same transaction as the change, so a retried activity cannot record it twice.
 */
export type AssetType = 'region' | 'node';
export type AssetStatus = 'active' | 'stale' | 'inactive';
export type AssetEventKind = 'discovered' | 'stale' | 'inactive' | 'reactivated';

export interface AssetSighting {
  type: AssetType;
  code: string;
  name?: string;
  /** The region a node belongs to (the region itself for a region). */
  regionCode?: string;
}

export interface AssetEvent {
  type: AssetType;
  code: string;
  event: AssetEventKind;
  from: AssetStatus | null;
  to: AssetStatus;
  at: string;
}

export interface Lifecycle {
  staleAfterMs: number;
  inactiveAfterMs: number;
}

/** Who recorded a change, for the audit row: the activity's workflow, or a standalone caller. */
export interface AuditOrigin {
  workflowId: string;
  runId: string;
  workflowType: string;
  attempt: number;
}

export function activityOrigin(): AuditOrigin {
  const info = Context.current().info;
  return {
    workflowId: info.workflowExecution?.workflowId ?? '(standalone)',
    runId: info.workflowExecution?.runId ?? '',
    workflowType: info.workflowType ?? '(standalone)',
    attempt: info.attempt,
  };
}

const iso = (v: unknown): string => new Date(v as string | Date).toISOString();

async function recordEvent(
  trx: Knex.Transaction,
  origin: AuditOrigin,
  source: AuditSource,
  event: AssetEvent,
  details: Record<string, unknown>,
): Promise<void> {
  await trx('asset_events').insert({
    asset_type: event.type,
    asset_code: event.code,
    event: event.event,
    from_status: event.from,
    to_status: event.to,
    at: event.at,
    source,
    details: JSON.stringify(details),
  });
  await trx('ingestion_audit').insert({
    workflow_id: origin.workflowId,
    run_id: origin.runId,
    workflow_type: origin.workflowType,
    step: `asset-${event.event}`,
    source,
    status: 'event',
    attempt: origin.attempt,
    details: JSON.stringify({
      assetType: event.type,
      assetCode: event.code,
      from: event.from,
      to: event.to,
      at: event.at,
      ...details,
    }),
    at: new Date().toISOString(),
  });
  // dim_region mirrors the registry so the gold layer and the API read one status.
  if (event.type === 'region') {
    await trx('dim_region').where({ region_code: event.code }).update({ status: event.to });
  }
}

/**
 * Records that assets were seen at `seenAt` by `source`. New ones are discovered; stale or
 * inactive ones are reactivated when the sighting is recent (a backfill of old data does not
 * bring a retired node back).
 */
export async function markAssetsSeen(
  db: Knex,
  lifecycle: Lifecycle,
  origin: AuditOrigin,
  input: { source: AuditSource; seenAt: string; now: string; assets: AssetSighting[] },
): Promise<AssetEvent[]> {
  const seenAt = iso(input.seenAt);
  const staleBefore = Date.parse(input.now) - lifecycle.staleAfterMs;
  const unique = new Map(input.assets.map((a) => [`${a.type}\u0000${a.code}`, a]));
  const events: AssetEvent[] = [];
  await db.transaction(async (trx) => {
    for (const asset of unique.values()) {
      const key = { asset_type: asset.type, asset_code: asset.code };
      const existing = await trx('asset_registry').where(key).first();
      if (!existing) {
        await trx('asset_registry').insert({
          ...key,
          name: asset.name ?? null,
          region_code: asset.regionCode ?? null,
          status: 'active',
          first_seen_at: seenAt,
          last_seen_at: seenAt,
          status_changed_at: seenAt,
          last_seen_by: input.source,
        });
        const event: AssetEvent = {
          type: asset.type,
          code: asset.code,
          event: 'discovered',
          from: null,
          to: 'active',
          at: seenAt,
        };
        await recordEvent(trx, origin, input.source, event, {
          name: asset.name,
          regionCode: asset.regionCode,
        });
        events.push(event);
        continue;
      }
      const lastSeen = iso(existing.last_seen_at) > seenAt ? iso(existing.last_seen_at) : seenAt;
      const reactivate = existing.status !== 'active' && Date.parse(lastSeen) >= staleBefore;
      await trx('asset_registry')
        .where(key)
        .update({
          last_seen_at: lastSeen,
          last_seen_by: input.source,
          ...(asset.name !== undefined ? { name: asset.name } : {}),
          ...(asset.regionCode !== undefined ? { region_code: asset.regionCode } : {}),
          ...(reactivate ? { status: 'active', status_changed_at: input.now } : {}),
        });
      if (reactivate) {
        const event: AssetEvent = {
          type: asset.type,
          code: asset.code,
          event: 'reactivated',
          from: existing.status as AssetStatus,
          to: 'active',
          at: iso(input.now),
        };
        await recordEvent(trx, origin, input.source, event, { lastSeenAt: lastSeen });
        events.push(event);
      }
    }
  });
  return events;
}

/**
 * Moves assets not seen for the configured periods to stale, then inactive. An asset unseen for
 * longer than both periods passes through stale in the same sweep, so its history reads in order.
 */
export async function sweepAssets(
  db: Knex,
  lifecycle: Lifecycle,
  origin: AuditOrigin,
  input: { source: AuditSource; now: string },
): Promise<AssetEvent[]> {
  const now = iso(input.now);
  const staleBefore = new Date(Date.parse(now) - lifecycle.staleAfterMs).toISOString();
  const inactiveBefore = Date.parse(now) - lifecycle.inactiveAfterMs;
  const events: AssetEvent[] = [];
  const candidates = await db('asset_registry')
    .whereIn('status', ['active', 'stale'])
    .andWhere('last_seen_at', '<', staleBefore)
    .orderBy(['asset_type', 'asset_code']);
  for (const row of candidates) {
    const from = row.status as AssetStatus;
    const lastSeen = iso(row.last_seen_at);
    const target: AssetStatus = Date.parse(lastSeen) < inactiveBefore ? 'inactive' : 'stale';
    if (target === from) continue;
    const steps: ('stale' | 'inactive')[] =
      from === 'active' && target === 'inactive' ? ['stale', 'inactive'] : [target];
    await db.transaction(async (trx) => {
      // Conditional on the status read above: a concurrent sweep or sighting wins, no double event.
      const changed = await trx('asset_registry')
        .where({ asset_type: row.asset_type, asset_code: row.asset_code, status: from })
        .update({ status: target, status_changed_at: now });
      if (changed !== 1) return;
      let previous = from;
      for (const step of steps) {
        const event: AssetEvent = {
          type: row.asset_type,
          code: row.asset_code,
          event: step,
          from: previous,
          to: step,
          at: now,
        };
        await recordEvent(trx, origin, input.source, event, { lastSeenAt: lastSeen });
        events.push(event);
        previous = step;
      }
    });
  }
  return events;
}

export interface RecordAssetsSeenInput {
  /** Who saw them, e.g. `rte-regional` or `reference-data`. */
  source: AuditSource;
  /** When they were seen (for eCO2mix: the latest instant loaded for them). */
  seenAt: string;
  assets: AssetSighting[];
}

export interface SweepAssetRegistryInput {
  /** The sweep's clock; defaults to the activity's wall clock. Tests pass it to move time on. */
  now?: string;
}

export function createRegistryActivities(deps: ActivityDeps) {
  const lifecycle = deps.config.assets;
  return {
    async recordAssetsSeen(input: RecordAssetsSeenInput): Promise<AssetEvent[]> {
      const outcome = await audited(
        deps.db,
        { step: AUDIT_STEP.assetsSeen, source: input.source },
        async () => {
          const events = await markAssetsSeen(deps.db, lifecycle, activityOrigin(), {
            ...input,
            now: new Date().toISOString(),
          });
          return { rows: input.assets.length, details: { events: events.length }, events };
        },
      );
      return outcome.events;
    },
    async sweepAssetRegistry(input: SweepAssetRegistryInput = {}): Promise<AssetEvent[]> {
      const outcome = await audited(
        deps.db,
        { step: AUDIT_STEP.assetSweep, source: ASSET_REGISTRY },
        async () => {
          const now = input.now ?? new Date().toISOString();
          const events = await sweepAssets(deps.db, lifecycle, activityOrigin(), {
            source: 'asset-registry',
            now,
          });
          return { rows: events.length, details: { now, events: events.length }, events };
        },
      );
      return outcome.events;
    },
  };
}
