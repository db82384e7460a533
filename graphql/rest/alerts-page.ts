import type { Knex } from 'knex';
import { decodeCursor, toConnection } from '../connection';
import { QueryInputError } from '../errors';
import { listAlerts, type AlertView } from '../gold-queries-alerts';
import type { AlertsQuery } from './params';

/** GET /alerts: the rows GraphQL `alerts` reads, in the REST spelling (snake_case, evidence as JSON). */

const instant = (d: Date | null) => (d === null ? null : d.toISOString());

function toItem(a: AlertView) {
  return {
    id: a.id,
    kind: a.kind,
    region_code: a.regionCode,
    status: a.status,
    severity: a.severity,
    episode_start: a.episodeStart.toISOString(),
    last_seen_at: a.lastSeenAt.toISOString(),
    episode_end: instant(a.episodeEnd),
    evidence: JSON.parse(a.evidence) as Record<string, unknown>,
    opened_at: a.openedAt.toISOString(),
    opened_by: a.openedBy,
    acknowledged_at: instant(a.acknowledgedAt),
    acknowledged_by: a.acknowledgedBy,
    resolved_at: instant(a.resolvedAt),
    resolved_by: a.resolvedBy,
    notes: a.notes,
  };
}

function afterOf(cursor: string | undefined): (string | number)[] | undefined {
  if (!cursor) return undefined;
  try {
    return decodeCursor(cursor, 1);
  } catch {
    throw new QueryInputError('cursor must be a next_cursor returned by this route');
  }
}

export async function alertsPage(db: Knex, q: AlertsQuery) {
  const page = { limit: q.limit, after: afterOf(q.cursor) };
  const rows = await listAlerts(
    db,
    { status: q.status, kind: q.kind, regionCode: q.region_code, from: q.from, to: q.to },
    page,
  );
  const { nodes, pageInfo } = toConnection(rows, page, (r) => [r.id]);
  return {
    items: nodes.map(toItem),
    next_cursor: pageInfo.hasNextPage ? pageInfo.endCursor : null,
  };
}
