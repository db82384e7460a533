import type { Knex } from 'knex';
import {
  ALERT_ACTIONS,
  alertActionRefusal,
  type AlertAction,
  type AlertStatus,
} from '../../lib/domain/alert-status-change';
import type { AuditOrigin } from '../asset-registry';
import { ALERTS, AUDIT_STEP } from '../audit-vocabulary';
import {
  type AlertKind,
  type Episode,
  type RuleResult,
  type Severity,
  SEVERITY_RANK,
  maxSeverity,
  ms,
} from './rules/types';

/**
 * The alert lifecycle over the rules' results: one alert per kind, subject and episode. An
 * episode that continues an open (or acknowledged) alert, with fewer than `resolveAfter` clear
 * quarter-hours in between, updates it: last seen, evidence, severity (which only rises). The
 * alert resolves once `resolveAfter` quarter-hours with data were clear after its last sighting;
 * a data gap counts neither way. Each change writes its alert_transitions row and its
 * ingestion_audit row in the same transaction, and an update is written only when the sighting
 * moved on or the severity rose, so a retried evaluation records nothing twice.
 */
export type { AlertStatus };

/** A change the lifecycle decided, before it is written. */
export type AlertChange = Omit<AlertTransition, 'transitionId' | 'at' | 'note' | 'evidence'>;

export interface AlertTransition {
  /** The alert_transitions row: what notifications derive their idempotency key from. */
  transitionId: number;
  at: string;
  note: string;
  /** The values that triggered it (open and update). */
  evidence?: Record<string, unknown>;
  alertId: number;
  kind: AlertKind;
  regionCode: string | null;
  event: 'open' | 'update' | 'acknowledge' | 'resolve';
  from: AlertStatus | null;
  to: AlertStatus;
  severity: Severity;
  episodeStart: string;
  lastSeen: string;
}

export interface LifecycleOptions {
  resolveAfterClearQuarterHours: number;
  /** The clock of the change (opened_at, resolved_at...). */
  now: string;
  /** Who made the change, for the `by` columns. */
  by: string;
}

interface AlertRow {
  id: number;
  kind: AlertKind;
  region_code: string | null;
  status: AlertStatus;
  severity: Severity;
  episode_start: unknown;
  last_seen_at: unknown;
}

const iso = (v: unknown): string => new Date(v as string | Date).toISOString();

async function record(
  trx: Knex.Transaction,
  origin: AuditOrigin,
  t: AlertChange,
  opts: Pick<LifecycleOptions, 'now' | 'by'>,
  note: string,
  details: { evidence?: Record<string, unknown>; by?: string; byName?: string } = {},
): Promise<AlertTransition> {
  const inserted = (await trx('alert_transitions').insert(
    {
      alert_id: t.alertId,
      from_status: t.from,
      to_status: t.to,
      at: opts.now,
      by: opts.by,
      note,
    },
    ['id'],
  )) as (number | { id: number })[];
  const first = inserted[0] as number | { id: number };
  const transitionId = typeof first === 'object' ? first.id : first;
  const step = {
    open: AUDIT_STEP.alertOpen,
    update: AUDIT_STEP.alertUpdate,
    acknowledge: AUDIT_STEP.alertAcknowledge,
    resolve: AUDIT_STEP.alertResolve,
  }[t.event];
  await trx('ingestion_audit').insert({
    workflow_id: origin.workflowId,
    run_id: origin.runId,
    workflow_type: origin.workflowType,
    step,
    source: ALERTS,
    status: 'event',
    attempt: origin.attempt,
    details: JSON.stringify({ ...t, transitionId, note, ...details }),
    at: new Date().toISOString(),
  });
  return { ...t, transitionId, at: opts.now, note, ...details };
}

/** Clear quarter-hours (with data, the condition not holding) strictly between two instants. */
export function clearBetween(
  result: Pick<RuleResult, 'evaluated'>,
  after: string,
  before: string | undefined,
): number {
  const a = ms(after);
  const b = before === undefined ? Number.POSITIVE_INFINITY : ms(before);
  return result.evaluated.filter((e) => !e.holds && ms(e.tsUtc) > a && ms(e.tsUtc) < b).length;
}

/**
 * Whether an episode continues the alert last seen at `lastSeen` rather than opening a new one:
 * it overlaps the sighting, or fewer than `resolveAfter` clear quarter-hours lie in between. The
 * store and the backtest (which merges episodes without writing alerts) decide it here alike.
 */
export function continuesAlert(
  result: Pick<RuleResult, 'evaluated'>,
  lastSeen: string,
  episodeStart: string,
  resolveAfter: number,
): boolean {
  return ms(episodeStart) <= ms(lastSeen) || clearBetween(result, lastSeen, episodeStart) < resolveAfter;
}

async function applyOne(
  db: Knex,
  origin: AuditOrigin,
  result: RuleResult,
  opts: LifecycleOptions,
): Promise<AlertTransition[]> {
  const out: AlertTransition[] = [];
  await db.transaction(async (trx) => {
    const subject = (q: Knex.QueryBuilder) =>
      result.regionCode === null
        ? q.where({ kind: result.kind }).whereNull('region_code')
        : q.where({ kind: result.kind, region_code: result.regionCode });
    let open = (await subject(trx('alerts'))
      .whereIn('status', ['open', 'acknowledged'])
      .orderBy('id', 'desc')
      .first()) as AlertRow | undefined;

    const resolve = async (alert: AlertRow, note: string) => {
      const lastSeen = iso(alert.last_seen_at);
      await trx('alerts').where({ id: alert.id }).update({
        status: 'resolved',
        episode_end: lastSeen,
        resolved_at: opts.now,
        resolved_by: opts.by,
        updated_at: opts.now,
      });
      const t: AlertChange = {
        alertId: alert.id,
        kind: result.kind,
        regionCode: result.regionCode,
        event: 'resolve',
        from: alert.status,
        to: 'resolved',
        severity: alert.severity,
        episodeStart: iso(alert.episode_start),
        lastSeen,
      };
      out.push(await record(trx, origin, t, opts, note));
    };

    const openNew = async (ep: Episode): Promise<AlertRow> => {
      const inserted = (await trx('alerts').insert(
        {
          kind: result.kind,
          region_code: result.regionCode,
          status: 'open',
          severity: ep.severity,
          episode_start: ep.start,
          last_seen_at: ep.lastSeen,
          evidence: JSON.stringify(ep.evidence),
          opened_at: opts.now,
          opened_by: opts.by,
          updated_at: opts.now,
        },
        ['id'],
      )) as (number | { id: number })[];
      const first = inserted[0] as number | { id: number };
      const id = typeof first === 'object' ? first.id : first;
      const t: AlertChange = {
        alertId: id,
        kind: result.kind,
        regionCode: result.regionCode,
        event: 'open',
        from: null,
        to: 'open',
        severity: ep.severity,
        episodeStart: ep.start,
        lastSeen: ep.lastSeen,
      };
      out.push(await record(trx, origin, t, opts, `opened: ${ep.severity}`, { evidence: ep.evidence }));
      return {
        id,
        kind: result.kind,
        region_code: result.regionCode,
        status: 'open',
        severity: ep.severity,
        episode_start: ep.start,
        last_seen_at: ep.lastSeen,
      };
    };

    for (const ep of result.episodes) {
      if (open) {
        const lastSeen = iso(open.last_seen_at);
        if (continuesAlert(result, lastSeen, ep.start, opts.resolveAfterClearQuarterHours)) {
          const newer = ms(ep.lastSeen) > ms(lastSeen);
          const severity = maxSeverity(open.severity, ep.severity);
          const rises = SEVERITY_RANK[severity] > SEVERITY_RANK[open.severity];
          if (!newer && !rises) continue; // already recorded (a retried or repeated evaluation)
          const seen = newer ? ep.lastSeen : lastSeen;
          await trx('alerts')
            .where({ id: open.id })
            .update({
              last_seen_at: seen,
              severity,
              evidence: JSON.stringify(ep.evidence),
              updated_at: opts.now,
            });
          const t: AlertChange = {
            alertId: open.id,
            kind: result.kind,
            regionCode: result.regionCode,
            event: 'update',
            from: open.status,
            to: open.status,
            severity,
            episodeStart: iso(open.episode_start),
            lastSeen: seen,
          };
          const note = rises
            ? `severity ${open.severity} → ${severity}; last seen ${seen}`
            : `last seen ${seen}`;
          out.push(await record(trx, origin, t, opts, note, { evidence: ep.evidence }));
          open = { ...open, severity, last_seen_at: seen };
          continue;
        }
        await resolve(
          open,
          `clear for ${opts.resolveAfterClearQuarterHours} quarter-hours before a new episode`,
        );
      }
      open = await openNew(ep);
    }

    if (open) {
      const lastSeen = iso(open.last_seen_at);
      const clear = clearBetween(result, lastSeen, undefined);
      if (clear >= opts.resolveAfterClearQuarterHours)
        await resolve(open, `clear for ${clear} quarter-hours after ${lastSeen}`);
    }
  });
  return out;
}

/** Applies every rule result, one transaction per kind and subject. */
export async function applyAlertLifecycle(
  db: Knex,
  origin: AuditOrigin,
  results: RuleResult[],
  opts: LifecycleOptions,
): Promise<AlertTransition[]> {
  const all: AlertTransition[] = [];
  for (const result of results) all.push(...(await applyOne(db, origin, result, opts)));
  return all;
}

/** An operator's action the alert does not allow, or an alert that does not exist. */
export class AlertActionRefused extends Error {
  override name = 'AlertActionRefused';
  constructor(
    message: string,
    readonly reason: 'not-found' | 'illegal',
  ) {
    super(message);
  }
}

export interface OperatorAction {
  alertId: number;
  action: AlertAction;
  /** Who: the token subject, written in the `by` columns. */
  by: string;
  byName?: string;
  note?: string;
  now: string;
}

const OPERATOR_STEPS = [AUDIT_STEP.alertAcknowledge, AUDIT_STEP.alertResolve];

/**
 * Applies an operator's acknowledge or resolve: the alert row, its alert_transitions row and its
 * ingestion_audit row in one transaction. Idempotent per workflow run: an earlier attempt of the
 * same run that committed but whose completion was lost is found by its audit row and returned,
 * instead of being refused as an illegal transition from the status it set itself.
 */
export async function applyOperatorAction(
  db: Knex,
  origin: AuditOrigin,
  input: OperatorAction,
): Promise<AlertTransition & { existed: boolean }> {
  return db.transaction(async (trx) => {
    const done =
      origin.runId &&
      (await trx('ingestion_audit')
        .where({ workflow_id: origin.workflowId, run_id: origin.runId, source: ALERTS })
        .whereIn('step', OPERATOR_STEPS)
        .first('details'));
    if (done) {
      return { ...(JSON.parse(String(done.details)) as AlertTransition), existed: true };
    }
    const alert = (await trx('alerts').where({ id: input.alertId }).first()) as
      (AlertRow & { notes: string | null }) | undefined;
    if (!alert) throw new AlertActionRefused(`alert ${input.alertId} does not exist`, 'not-found');
    const refusal = alertActionRefusal(alert.id, alert.status, input.action);
    if (refusal) throw new AlertActionRefused(refusal, 'illegal');

    const to = ALERT_ACTIONS[input.action].to;
    const note = input.note ?? '';
    // Every operator's note is kept, in order, with who and when: the transitions hold them too,
    // but notes is what a reader of the alert sees first.
    const line = `${input.now} ${input.by} ${input.action}${note ? `: ${note}` : ''}`;
    const lastSeen = iso(alert.last_seen_at);
    await trx('alerts')
      .where({ id: alert.id })
      .update({
        status: to,
        ...(input.action === 'acknowledge'
          ? { acknowledged_at: input.now, acknowledged_by: input.by }
          : { resolved_at: input.now, resolved_by: input.by, episode_end: lastSeen }),
        notes: alert.notes ? `${alert.notes}\n${line}` : line,
        updated_at: input.now,
      });
    const change: AlertChange = {
      alertId: alert.id,
      kind: alert.kind,
      regionCode: alert.region_code,
      event: input.action,
      from: alert.status,
      to,
      severity: alert.severity,
      episodeStart: iso(alert.episode_start),
      lastSeen,
    };
    // The evaluator's rows need no `by` (it is always alerts); an operator's say who.
    const details = { by: input.by, ...(input.byName ? { byName: input.byName } : {}) };
    return { ...(await record(trx, origin, change, input, note, details)), existed: false };
  });
}
