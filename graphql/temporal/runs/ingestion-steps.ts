import type { Knex } from 'knex';

export interface IngestionStep {
  workflowId: string;
  step: string;
  source: string;
  /** Status of the step's last event (succeeded, failed, skipped, started, alert, event...). */
  status: string;
  attempts: number;
  rows: number | null;
  bytes: number | null;
  durationMs: number | null;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function escapeLike(value: string): string {
  // '[' is a pattern character on SQL Server; '\' is the escape character declared below.
  return value.replace(/[\\%_[]/g, (c) => `\\${c}`);
}

/**
 * The ingestion_audit rows of some runs, children included (their ids are `<parent>/...`), folded
 * per workflow id and step: attempts, final status, and the rows and bytes the step reported.
 */
export async function ingestionSteps(db: Knex, workflowIds: readonly string[]): Promise<IngestionStep[][]> {
  const rows = (await db('ingestion_audit')
    .select(
      'workflow_id',
      'step',
      'source',
      'status',
      'attempt',
      'rows',
      'bytes',
      'duration_ms',
      'error',
      'at',
    )
    .where((q) => {
      q.whereIn('workflow_id', [...workflowIds]);
      for (const id of workflowIds) q.orWhereRaw("workflow_id like ? escape '\\'", [`${escapeLike(id)}/%`]);
    })
    .orderBy('id')) as Record<string, unknown>[];
  const byRun = new Map<string, Map<string, IngestionStep>>(workflowIds.map((id) => [id, new Map()]));
  for (const r of rows) {
    const workflowId = String(r.workflow_id);
    const owner = workflowIds.find((id) => workflowId === id || workflowId.startsWith(`${id}/`));
    if (owner === undefined) continue;
    const steps = byRun.get(owner) as Map<string, IngestionStep>;
    const key = `${workflowId}\u0000${r.step}`;
    const at = r.at === null ? null : new Date(r.at as string);
    let step = steps.get(key);
    if (!step) {
      step = {
        workflowId,
        step: String(r.step),
        source: String(r.source),
        status: String(r.status),
        attempts: 0,
        rows: null,
        bytes: null,
        durationMs: null,
        error: null,
        startedAt: at,
        finishedAt: null,
      };
      steps.set(key, step);
    }
    step.status = String(r.status);
    step.attempts = Math.max(step.attempts, Number(r.attempt ?? 1));
    if (r.status !== 'started') step.finishedAt = at;
    if (r.rows !== null && r.rows !== undefined) step.rows = Number(r.rows);
    if (r.bytes !== null && r.bytes !== undefined) step.bytes = Number(r.bytes);
    if (r.duration_ms !== null && r.duration_ms !== undefined) step.durationMs = Number(r.duration_ms);
    if (r.error) step.error = String(r.error);
    else if (r.status === 'succeeded') step.error = null;
  }
  return workflowIds.map((id) => [...(byRun.get(id) as Map<string, IngestionStep>).values()]);
}
