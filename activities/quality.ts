import { Context } from '@temporalio/activity';
import { reportProgress } from './heartbeat';
import type { Knex } from 'knex';
import type { LakeStore } from '../lib/lake';
import { processMetrics } from '../lib/metrics/registry';

/**
 * Quality gates, declared next to the dataset they guard (each in its source folder, activities/sources/<id>/), run here:
 * every result is stored; a failed blocking gate is also an alert in the audit log and stops the
 * window's downstream steps (the workflow decides, from `blockingFailures`).
 */
export interface GateWindow {
  /** UTC instants, start inclusive, end exclusive. */
  from: string;
  to: string;
}

export interface GateCheck {
  observed: number;
  threshold: string;
  passed: boolean;
}

export interface GateContext {
  db: Knex;
  lake: LakeStore;
}

export interface QualityGate {
  name: string;
  severity: 'blocking' | 'warning';
  description: string;
  check(ctx: GateContext, window: GateWindow): Promise<GateCheck>;
}

/**
 * A Gold dataset and the gates that guard it, declared together in its source's folder and
 * listed in the source descriptor (activities/sources/<id>/index.ts).
 */
export interface DatasetDeclaration {
  /** The dataset's name in quality_results, the audit log and the API. */
  name: string;
  /** Gold tables it writes. */
  goldTables: readonly string[];
  gates: readonly QualityGate[];
}

export interface GateOutcome extends GateCheck {
  gate: string;
  severity: QualityGate['severity'];
}

export interface GateReport {
  dataset: string;
  window: GateWindow;
  outcomes: GateOutcome[];
  blockingFailures: string[];
  warnings: string[];
}

/** The UTC day `YYYY-MM-DD` as a gate window. */
export function dayWindow(day: string): GateWindow {
  const from = new Date(`${day}T00:00:00Z`);
  return { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString() };
}

/** Restricts a query to the window's instants. */
export function inWindow(q: Knex.QueryBuilder, w: GateWindow, column = 'ts_utc'): Knex.QueryBuilder {
  return q.where(column, '>=', w.from).andWhere(column, '<', w.to);
}

/** Rows matching a query, as a number on every dialect (PostgreSQL counts are strings). */
export async function countRows(query: Knex.QueryBuilder): Promise<number> {
  const [row] = await query.count({ n: '*' });
  return Number((row as { n: number | string } | undefined)?.n ?? 0);
}

export async function runGates(
  ctx: GateContext,
  dataset: string,
  gates: readonly QualityGate[],
  window: GateWindow,
): Promise<GateReport> {
  const { db } = ctx;
  const info = Context.current().info;
  const workflowId = info.workflowExecution?.workflowId ?? '(standalone)';
  const runId = info.workflowExecution?.runId ?? '';
  const checkedAt = new Date().toISOString();
  const outcomes: GateOutcome[] = [];
  for (const gate of gates) {
    const result = await gate.check(ctx, window);
    // A gate is a full scan of its window; on SQLite it runs synchronously.
    reportProgress();
    outcomes.push({ gate: gate.name, severity: gate.severity, ...result });
    if (!result.passed)
      processMetrics().gateFailures.inc({ dataset, gate: gate.name, severity: gate.severity });
    await db('quality_results').insert({
      gate: gate.name,
      dataset,
      window_start: window.from,
      window_end: window.to,
      severity: gate.severity,
      observed: result.observed,
      threshold: result.threshold,
      outcome: result.passed ? 'pass' : 'fail',
      description: gate.description,
      workflow_id: workflowId,
      run_id: runId,
      checked_at: checkedAt,
    });
    if (!result.passed && gate.severity === 'blocking') {
      await db('ingestion_audit').insert({
        workflow_id: workflowId,
        run_id: runId,
        workflow_type: info.workflowType,
        step: `quality:${gate.name}`,
        source: dataset,
        status: 'alert',
        attempt: info.attempt,
        error: `blocking quality gate ${gate.name} failed on ${window.from}..${window.to}: observed ${result.observed}, expected ${result.threshold}`,
        details: JSON.stringify({
          gate: gate.name,
          window,
          observed: result.observed,
          threshold: result.threshold,
        }),
        at: checkedAt,
      });
    }
  }
  return {
    dataset,
    window,
    outcomes,
    blockingFailures: outcomes.filter((o) => !o.passed && o.severity === 'blocking').map((o) => o.gate),
    warnings: outcomes.filter((o) => !o.passed && o.severity === 'warning').map((o) => o.gate),
  };
}
