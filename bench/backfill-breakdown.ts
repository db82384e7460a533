import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { tsToMs } from '@temporalio/common/lib/time';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Seconds spent per step kind, summed over every run of the backfill and its children. */
export interface BackfillBreakdown {
  wallSeconds: number;
  runs: number;
  children: number;
  /** Per activity type: count, seconds waiting for a worker slot, seconds running. */
  activities: Map<string, { count: number; queuedSeconds: number; runSeconds: number }>;
  /** Workflow tasks of the parent runs and of the children: waiting for a worker, then running. */
  workflowTasks: { parent: TaskTotals; children: TaskTotals };
  /** Parent time in fetch, Silver and the children's loading, and the time covered by none of them. */
  parent: { fetchSeconds: number; silverSeconds: number; childSpanSeconds: number; otherSeconds: number };
  /** Summed child durations and the part of them that is neither an activity nor waiting for one. */
  child: { totalSeconds: number; outsideActivitiesSeconds: number };
}

interface TaskTotals {
  count: number;
  queuedSeconds: number;
  runSeconds: number;
}

const at = (e: HistoryEvent) => tsToMs(e.eventTime);

function taskTotals(): TaskTotals {
  return { count: 0, queuedSeconds: 0, runSeconds: 0 };
}

/** Walks one run's events: activity and workflow task timings, child spans. */
function scan(events: HistoryEvent[], into: BackfillBreakdown, tasks: TaskTotals) {
  const byId = new Map<number, HistoryEvent>();
  const spans: { type: string; scheduled: number; closed: number }[] = [];
  const childStarts: { id: string; runId: string }[] = [];
  for (const e of events) {
    const id = Number(e.eventId);
    byId.set(id, e);
    if (e.workflowTaskStartedEventAttributes) {
      const scheduled = byId.get(Number(e.workflowTaskStartedEventAttributes.scheduledEventId));
      if (scheduled) tasks.queuedSeconds += (at(e) - at(scheduled)) / 1000;
    }
    if (e.workflowTaskCompletedEventAttributes) {
      const started = byId.get(Number(e.workflowTaskCompletedEventAttributes.startedEventId));
      tasks.count += 1;
      if (started) tasks.runSeconds += (at(e) - at(started)) / 1000;
    }
    const closed =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes;
    if (closed) {
      const scheduled = byId.get(Number(closed.scheduledEventId));
      const started = byId.get(Number(closed.startedEventId));
      const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      const entry = into.activities.get(type) ?? { count: 0, queuedSeconds: 0, runSeconds: 0 };
      entry.count += 1;
      if (scheduled && started) entry.queuedSeconds += (at(started) - at(scheduled)) / 1000;
      if (started) entry.runSeconds += (at(e) - at(started)) / 1000;
      into.activities.set(type, entry);
      if (scheduled) spans.push({ type, scheduled: at(scheduled), closed: at(e) });
    }
    const childStarted = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (childStarted?.workflowId && childStarted.runId) {
      childStarts.push({ id: childStarted.workflowId, runId: childStarted.runId });
    }
  }
  return { spans, childStarts };
}

/** Spans from a first child initiated to the last closed while any is open. */
function childSpans(events: HistoryEvent[]): [number, number][] {
  const spans: [number, number][] = [];
  let first = 0;
  let open = 0;
  for (const e of events) {
    if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      if (open === 0) first = at(e);
      open += 1;
    }
    if (
      e.childWorkflowExecutionCompletedEventAttributes ??
      e.childWorkflowExecutionFailedEventAttributes ??
      e.startChildWorkflowExecutionFailedEventAttributes
    ) {
      open -= 1;
      if (open === 0) spans.push([first, at(e)]);
    }
  }
  return spans;
}

/** Seconds covered by the union of the spans. */
function covered(spans: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total / 1000;
}

/**
 * Reads the histories of a finished backfill (every continue-as-new run, every Gold child: one per
 * chunk, `<backfill id>/gold/<first day>..<last day>`, found by their start events, not their ids)
 * and sums where its time went.
 */
export async function backfillBreakdown(client: Client, workflowId: string): Promise<BackfillBreakdown> {
  const result: BackfillBreakdown = {
    wallSeconds: 0,
    runs: 0,
    children: 0,
    activities: new Map(),
    workflowTasks: { parent: taskTotals(), children: taskTotals() },
    parent: { fetchSeconds: 0, silverSeconds: 0, childSpanSeconds: 0, otherSeconds: 0 },
    child: { totalSeconds: 0, outsideActivitiesSeconds: 0 },
  };
  const children: { id: string; runId: string }[] = [];
  let runId: string | undefined;
  let firstStart = Infinity;
  let lastClose = -Infinity;
  // Newest run first, back along continuedExecutionRunId to the first.
  for (;;) {
    const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    const first = events[0];
    const end = events[events.length - 1];
    if (!first || !end) break;
    result.runs += 1;
    firstStart = Math.min(firstStart, at(first));
    lastClose = Math.max(lastClose, at(end));
    const { spans, childStarts } = scan(events, result, result.workflowTasks.parent);
    children.push(...childStarts);
    const runSeconds = (at(end) - at(first)) / 1000;
    const fetch = spans.filter((s) => s.type.endsWith('HistoryToBronze'));
    const silver = spans.filter((s) => s.type.endsWith('ToSilver'));
    const sum = (xs: typeof spans) => xs.reduce((n, s) => n + (s.closed - s.scheduled) / 1000, 0);
    const childLoads = childSpans(events);
    const intervals = (xs: typeof spans) => xs.map((s): [number, number] => [s.scheduled, s.closed]);
    result.parent.fetchSeconds += sum(fetch);
    result.parent.silverSeconds += sum(silver);
    result.parent.childSpanSeconds += covered(childLoads);
    result.parent.otherSeconds +=
      runSeconds - covered([...intervals(fetch), ...intervals(silver), ...childLoads]);
    const previous = first.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) break;
    runId = previous;
  }
  result.wallSeconds = (lastClose - firstStart) / 1000;

  for (const child of children) {
    const events = (await client.workflow.getHandle(child.id, child.runId).fetchHistory()).events ?? [];
    const first = events[0];
    const end = events[events.length - 1];
    if (!first || !end) continue;
    result.children += 1;
    const { spans } = scan(events, result, result.workflowTasks.children);
    const seconds = (at(end) - at(first)) / 1000;
    result.child.totalSeconds += seconds;
    // A chunk's gates run side by side, so the union of the activity spans, not their sum.
    result.child.outsideActivitiesSeconds +=
      seconds - covered(spans.map((s): [number, number] => [s.scheduled, s.closed]));
  }
  return result;
}

/** The breakdown as a table (seconds summed over all runs and over the children, one per chunk). */
export function formatBreakdown(b: BackfillBreakdown): string {
  const s = (x: number) => x.toFixed(1).padStart(8);
  const lines = [
    `  breakdown from the histories: ${b.runs} runs, ${b.children} children, ${b.wallSeconds.toFixed(1)} s first start to last close`,
    `    parent: fetch+Bronze ${b.parent.fetchSeconds.toFixed(1)} s | Silver ${b.parent.silverSeconds.toFixed(1)} s | children loading ${b.parent.childSpanSeconds.toFixed(1)} s | none of these ${b.parent.otherSeconds.toFixed(1)} s`,
    `    ${'activity type'.padEnd(36)}   count  queued s     run s  run s/each`,
  ];
  for (const [type, a] of [...b.activities].sort((x, y) => y[1].runSeconds - x[1].runSeconds)) {
    lines.push(
      `    ${type.padEnd(36)} ${String(a.count).padStart(7)} ${s(a.queuedSeconds)}  ${s(a.runSeconds)}  ${(a.runSeconds / a.count).toFixed(3).padStart(10)}`,
    );
  }
  const t = b.workflowTasks;
  lines.push(
    `    workflow tasks, parent:   ${t.parent.count} tasks, queued ${t.parent.queuedSeconds.toFixed(1)} s, run ${t.parent.runSeconds.toFixed(1)} s`,
    `    workflow tasks, children: ${t.children.count} tasks, queued ${t.children.queuedSeconds.toFixed(1)} s, run ${t.children.runSeconds.toFixed(1)} s`,
    `    children: ${b.child.totalSeconds.toFixed(1)} s summed, of which outside their activities ${b.child.outsideActivitiesSeconds.toFixed(1)} s (start, workflow tasks, completion)`,
  );
  return lines.join('\n');
}
