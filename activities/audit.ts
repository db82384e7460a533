import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { toActivityFailure } from './errors';
import { AUDIT_STEP, type AuditSource, type AuditStep } from './audit-vocabulary';
import { processMetrics } from '../lib/metrics/registry';
import { withHeartbeat } from './heartbeat';

export interface StepOutcome {
  rows?: number;
  bytes?: number;
  details?: Record<string, unknown>;
  /**
   * Set when the step had nothing it could do by design (a source not configured): the closing
   * audit row says `skipped` with this reason instead of `succeeded`, so the log does not claim
   * data was fetched.
   */
  skipped?: string;
}

/** What an audit row is about: the step, the source, and for a source with several datasets, which. */
export interface AuditedStep {
  step: AuditStep;
  source: AuditSource;
  dataset?: string;
}

interface AuditEvent {
  step: string;
  source: string;
  status: 'started' | 'succeeded' | 'skipped' | 'failed';
  rows?: number;
  bytes?: number;
  durationMs?: number;
  error?: string;
  details?: Record<string, unknown>;
}

async function writeAuditEvent(db: Knex, event: AuditEvent): Promise<void> {
  const info = Context.current().info;
  await db('ingestion_audit').insert({
    workflow_id: info.workflowExecution?.workflowId ?? '(standalone)',
    run_id: info.workflowExecution?.runId ?? '',
    workflow_type: info.workflowType,
    step: event.step,
    source: event.source,
    status: event.status,
    attempt: info.attempt,
    rows: event.rows ?? null,
    bytes: event.bytes ?? null,
    duration_ms: event.durationMs ?? null,
    error: event.error ?? null,
    details: event.details ? JSON.stringify(event.details) : null,
    at: new Date().toISOString(),
  });
}

function describeFailure(failure: unknown): string {
  if (failure instanceof ApplicationFailure)
    return `${failure.type ?? 'ApplicationFailure'}: ${failure.message}`;
  return failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
}

/**
 * Runs one activity step between two audit events (started, then succeeded or failed), one pair
 * per attempt, and maps lib/ errors onto Temporal failures so the retry policy sees their kind.
 * The step heartbeats throughout (activities/heartbeat.ts), so a crashed worker's attempt is
 * retried within the policy's heartbeat timeout; long loops inside call `reportProgress()`.
 */
export async function audited<T extends StepOutcome>(
  db: Knex,
  what: AuditedStep,
  run: () => Promise<T>,
): Promise<T> {
  return withHeartbeat(Context.current(), () => auditedAttempt(db, what, run));
}

/** The medallion layer whose rows a step writes; other steps' rows (alerts, assets) are not data rows. */
const LAYER_OF_STEP: Partial<Record<AuditStep, 'bronze' | 'silver' | 'gold'>> = {
  [AUDIT_STEP.toBronze]: 'bronze',
  [AUDIT_STEP.historyToBronze]: 'bronze',
  [AUDIT_STEP.landingReceived]: 'bronze',
  [AUDIT_STEP.toSilver]: 'silver',
  [AUDIT_STEP.toGold]: 'gold',
};

function countRows({ step, source, dataset }: AuditedStep, rows: number | undefined): void {
  const layer = LAYER_OF_STEP[step];
  if (layer && rows) processMetrics().datasetRows.inc({ dataset: dataset ?? source, layer }, rows);
}

async function auditedAttempt<T extends StepOutcome>(
  db: Knex,
  what: AuditedStep,
  run: () => Promise<T>,
): Promise<T> {
  const { step, source, dataset } = what;
  const started = performance.now();
  const about = dataset === undefined ? undefined : { dataset };
  await writeAuditEvent(db, { step, source, status: 'started', details: about });
  try {
    const outcome = await run();
    await writeAuditEvent(db, {
      step,
      source,
      status: outcome.skipped === undefined ? 'succeeded' : 'skipped',
      rows: outcome.rows,
      bytes: outcome.bytes,
      durationMs: Math.round(performance.now() - started),
      details:
        outcome.skipped === undefined && about === undefined
          ? outcome.details
          : {
              ...about,
              ...outcome.details,
              ...(outcome.skipped === undefined ? {} : { skipped: outcome.skipped }),
            },
    });
    if (outcome.skipped === undefined) countRows(what, outcome.rows);
    return outcome;
  } catch (err) {
    const failure = toActivityFailure(err);
    await writeAuditEvent(db, {
      step,
      source,
      status: 'failed',
      durationMs: Math.round(performance.now() - started),
      error: describeFailure(failure),
      details: about,
    }).catch(() => undefined); // the original failure matters more than a failed audit write
    throw failure;
  }
}
