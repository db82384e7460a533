import type { Knex } from 'knex';
import type { AlertKind } from '../lib/domain/alert-notification';
import type { AlertStatus } from '../lib/domain/alert-status-change';
import type { Page } from './connection';
import { paged, QueryInputError, toDate } from './gold-queries';

/**
 * Read-only queries on the alerts the workers write (tables alerts and alert_transitions, see
 * activities/alerts/store.ts), shared by GraphQL and REST. Newest opened first (id descending).
 */

const QUARTER_HOUR_MS = 15 * 60_000;

export interface AlertFilter {
  status?: AlertStatus;
  kind?: AlertKind;
  regionCode?: string;
  /**
   * Episode overlap with [from, to): the episode covers its quarter-hours from episodeStart to
   * lastSeenAt included, so it overlaps when it starts before `to` and its last quarter-hour
   * ends after `from`. An alert still open counts up to its last sighting, not up to now.
   */
  from?: Date;
  to?: Date;
}

export interface AlertView {
  id: number;
  kind: AlertKind;
  regionCode: string | null;
  status: AlertStatus;
  severity: 'low' | 'medium' | 'high';
  episodeStart: Date;
  lastSeenAt: Date;
  episodeEnd: Date | null;
  /** The rule's evidence as JSON text (its shape depends on the rule). */
  evidence: string;
  openedAt: Date;
  openedBy: string;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  notes: string | null;
  updatedAt: Date;
}

export interface AlertTransitionView {
  id: number;
  from: AlertStatus | null;
  to: AlertStatus;
  at: Date;
  by: string;
  note: string | null;
}

function toAlertView(r: Record<string, unknown>): AlertView {
  const date = (v: unknown) => toDate(v as string | Date | null);
  return {
    id: Number(r.id),
    kind: r.kind as AlertKind,
    regionCode: (r.region_code as string | null) ?? null,
    status: r.status as AlertStatus,
    severity: r.severity as AlertView['severity'],
    episodeStart: date(r.episode_start)!,
    lastSeenAt: date(r.last_seen_at)!,
    episodeEnd: date(r.episode_end ?? null),
    evidence: String(r.evidence),
    openedAt: date(r.opened_at)!,
    openedBy: String(r.opened_by),
    acknowledgedAt: date(r.acknowledged_at ?? null),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    resolvedAt: date(r.resolved_at ?? null),
    resolvedBy: (r.resolved_by as string | null) ?? null,
    notes: (r.notes as string | null) ?? null,
    updatedAt: date(r.updated_at)!,
  };
}

export async function listAlerts(db: Knex, filter: AlertFilter, page: Page): Promise<AlertView[]> {
  if (filter.from && filter.to && !(filter.from < filter.to))
    throw new QueryInputError('`from` must be before `to`');
  const query = db('alerts').orderBy('id', 'desc');
  paged(query, ['id'], page, true);
  if (filter.status) query.where('status', filter.status);
  if (filter.kind) query.where('kind', filter.kind);
  if (filter.regionCode) query.where('region_code', filter.regionCode);
  if (filter.to) query.where('episode_start', '<', filter.to.toISOString());
  if (filter.from)
    query.where('last_seen_at', '>', new Date(filter.from.getTime() - QUARTER_HOUR_MS).toISOString());
  return (await query).map(toAlertView);
}

/** One alert by id; undefined when there is none. */
export async function getAlert(db: Knex, id: number): Promise<AlertView | undefined> {
  const row = (await db('alerts').where({ id }).first()) as Record<string, unknown> | undefined;
  return row && toAlertView(row);
}

/** An alert's transitions in the order they happened. */
export async function alertTransitions(db: Knex, alertId: number): Promise<AlertTransitionView[]> {
  const rows = await db('alert_transitions').where({ alert_id: alertId }).orderBy('id');
  return rows.map((r) => ({
    id: Number(r.id),
    from: (r.from_status as AlertStatus | null) ?? null,
    to: r.to_status as AlertStatus,
    at: toDate(r.at)!,
    by: String(r.by),
    note: (r.note as string | null) || null,
  }));
}
