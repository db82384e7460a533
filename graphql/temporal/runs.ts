import { createHash } from 'node:crypto';
import type { Client, WorkflowExecutionInfo, WorkflowHandle } from '@temporalio/client';
// The list call is made page by page here (the SDK's own iterator hides the page token), so the
// SDK's decoder of one execution (memo, search attributes, status) is reused from its helpers.
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import {
  GPS_LAYER,
  GPS_ROWS,
  GPS_SOURCE,
  GPS_WINDOW_END,
  GPS_WINDOW_START,
} from '../../workflows/search-attributes';
import type { ApiContext } from '../context';
import { decodeCursor, encodeCursor, type Connection, type PageArgs } from '../connection';
import { QueryInputError } from '../errors';
import { plainIdentifier, withTemporal, workflowUiUrl } from './client';

/**
 * Workflow run history for the API: the list comes from Temporal visibility (the same query
 * language as the Web UI, with our custom search attributes), one run's detail from its event
 * history, and the pipeline's own ingestion_audit rows are joined where they add rows and bytes.
 */

export const RUN_PAGE = { default: 20, max: 100 };

export type RunStatus =
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELED'
  | 'TERMINATED'
  | 'CONTINUED_AS_NEW'
  | 'TIMED_OUT'
  | 'PAUSED'
  | 'UNKNOWN';

/** GraphQL status -> the value of ExecutionStatus in a visibility query. */
const VISIBILITY_STATUS: Record<Exclude<RunStatus, 'UNKNOWN'>, string> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
  TERMINATED: 'Terminated',
  CONTINUED_AS_NEW: 'ContinuedAsNew',
  TIMED_OUT: 'TimedOut',
  PAUSED: 'Paused',
};

export interface RunFilter {
  workflowType?: string | null;
  status?: RunStatus | null;
  source?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/**
 * The visibility query of a filter. Values are never escaped: anything that is not a plain
 * identifier is refused (400), times are formatted here, statuses come from an enum.
 */
export function visibilityQuery(filter: RunFilter): string {
  const clauses: string[] = [];
  if (filter.workflowType)
    clauses.push(`WorkflowType = '${plainIdentifier('workflowType', filter.workflowType)}'`);
  if (filter.status) {
    if (filter.status === 'UNKNOWN') throw new QueryInputError('`status` UNKNOWN cannot be searched for');
    clauses.push(`ExecutionStatus = '${VISIBILITY_STATUS[filter.status]}'`);
  }
  if (filter.source) clauses.push(`${GPS_SOURCE.name} = '${plainIdentifier('source', filter.source)}'`);
  if (filter.from && filter.to && !(filter.from < filter.to)) {
    throw new QueryInputError('`from` must be before `to`');
  }
  if (filter.from) clauses.push(`StartTime >= '${filter.from.toISOString()}'`);
  if (filter.to) clauses.push(`StartTime < '${filter.to.toISOString()}'`);
  return clauses.join(' AND ');
}

export interface RunNode {
  workflowId: string;
  runId: string;
  type: string;
  taskQueue: string;
  status: RunStatus;
  startTime: Date;
  executionTime: Date | null;
  closeTime: Date | null;
  durationMs: number | null;
  historyLength: number;
  memo: string | null;
  summary: string | null;
  source: string | null;
  layer: string | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  rows: number | null;
  parentWorkflowId: string | null;
  parentRunId: string | null;
  webUiUrl: string;
}

function statusOf(name: string): RunStatus {
  if (name === 'CANCELLED') return 'CANCELED';
  return name in VISIBILITY_STATUS ? (name as RunStatus) : 'UNKNOWN';
}

export function toRunNode(
  ctx: Pick<ApiContext, 'config'>,
  info: Omit<WorkflowExecutionInfo, 'raw'>,
): RunNode {
  const attrs = info.typedSearchAttributes;
  const memo = info.memo && Object.keys(info.memo).length ? info.memo : undefined;
  const summary = memo && typeof memo.summary === 'string' ? memo.summary : null;
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    type: info.type,
    taskQueue: info.taskQueue,
    status: statusOf(info.status.name),
    startTime: info.startTime,
    executionTime: info.executionTime ?? null,
    closeTime: info.closeTime ?? null,
    durationMs: info.closeTime ? info.closeTime.getTime() - info.startTime.getTime() : null,
    historyLength: info.historyLength,
    memo: memo ? JSON.stringify(memo) : null,
    summary,
    source: attrs.get(GPS_SOURCE) ?? null,
    layer: attrs.get(GPS_LAYER) ?? null,
    windowStart: attrs.get(GPS_WINDOW_START) ?? null,
    windowEnd: attrs.get(GPS_WINDOW_END) ?? null,
    rows: attrs.get(GPS_ROWS) ?? null,
    parentWorkflowId: info.parentExecution?.workflowId ?? null,
    parentRunId: info.parentExecution?.runId ?? null,
    webUiUrl: workflowUiUrl(ctx, info.workflowId, info.runId),
  };
}

/**
 * Cursors carry visibility's page token (keyset paging on the server's side), how many runs of
 * that page were already returned, and a hash of the query so a cursor cannot be replayed
 * against another filter.
 */
function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 12);
}

function runCursor(token: Uint8Array | null | undefined, skip: number, hash: string): string {
  return encodeCursor([Buffer.from(token ?? []).toString('base64url'), skip, hash]);
}

function readRunCursor(after: string, hash: string): { token: Buffer; skip: number } {
  const [token, skip, cursorHash] = decodeCursor(after, 3);
  if (
    typeof token !== 'string' ||
    typeof skip !== 'number' ||
    !Number.isInteger(skip) ||
    skip < 0 ||
    skip > RUN_PAGE.max
  ) {
    throw new QueryInputError('`after` is not a cursor returned by this API');
  }
  if (cursorHash !== hash) throw new QueryInputError('`after` is a cursor of another filter');
  return { token: Buffer.from(token, 'base64url'), skip };
}

export async function listRuns(
  ctx: ApiContext,
  filter: RunFilter,
  args: PageArgs,
): Promise<Connection<RunNode>> {
  const limit = args.first ?? RUN_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > RUN_PAGE.max) {
    throw new QueryInputError(`\`first\` must be between 1 and ${RUN_PAGE.max}`);
  }
  const query = visibilityQuery(filter);
  const hash = queryHash(query);
  const { token, skip } = args.after ? readRunCursor(args.after, hash) : { token: Buffer.alloc(0), skip: 0 };
  return withTemporal(ctx, 'list workflow runs', async (client) => {
    const namespace = ctx.config.temporal.namespace;
    const response = await client.workflowService.listWorkflowExecutions({
      namespace,
      query,
      pageSize: skip + limit,
      nextPageToken: token,
    });
    const infos = await Promise.all(
      response.executions.map((raw) =>
        executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, namespace),
      ),
    );
    const nodes = infos.slice(skip, skip + limit).map((info) => toRunNode(ctx, info));
    const next = response.nextPageToken?.length ? response.nextPageToken : null;
    const edges = nodes.map((node, i) => ({
      node,
      cursor:
        next && i === nodes.length - 1 ? runCursor(next, 0, hash) : runCursor(token, skip + i + 1, hash),
    }));
    return {
      edges,
      nodes,
      // Visibility hands out a next-page token whenever a page is full, so the last page may be empty.
      pageInfo: { hasNextPage: next !== null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  });
}

export function checkWorkflowId(workflowId: string): string {
  // Workflow ids are free text in Temporal; ours are short and printable.
  if (!workflowId || workflowId.length > 400 || [...workflowId].some((c) => c < ' ' || c === '\u007f')) {
    throw new QueryInputError('`workflowId` must be 1 to 400 printable characters');
  }
  return workflowId;
}

export function checkRunId(runId: string): string {
  if (!/^[0-9a-fA-F-]{36}$/.test(runId)) throw new QueryInputError('`runId` must be a run id (a UUID)');
  return runId;
}

export async function describeRun(
  ctx: ApiContext,
  workflowId: string,
  runId?: string | null,
): Promise<RunNode> {
  checkWorkflowId(workflowId);
  if (runId) checkRunId(runId);
  return withTemporal(ctx, `workflow ${workflowId}`, async (client) => {
    const description = await client.workflow.getHandle(workflowId, runId ?? undefined).describe();
    return toRunNode(ctx, description);
  });
}

// ---------------------------------------------------------------------------------------------
// Event history: activities, child workflows, attempts and failures.

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];
type ProtoFailure = NonNullable<
  NonNullable<HistoryEvent['workflowExecutionFailedEventAttributes']>['failure']
>;
type ProtoTimestamp = NonNullable<HistoryEvent['eventTime']>;
type Description = Awaited<ReturnType<WorkflowHandle['describe']>>;
type PendingActivity = NonNullable<Description['raw']['pendingActivities']>[number];

function tsDate(ts: ProtoTimestamp | null | undefined): Date | null {
  if (!ts) return null;
  const seconds = ts.seconds === null || ts.seconds === undefined ? 0 : Number(ts.seconds.toString());
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}

/** `Activity task failed: HttpClientError: HTTP 404 from ...`: the chain, outermost first. */
export function failureText(failure: ProtoFailure | null | undefined): string | null {
  const parts: string[] = [];
  for (let f = failure, depth = 0; f && depth < 10; f = f.cause, depth++) {
    const type = f.applicationFailureInfo?.type;
    const text = type && f.message && !f.message.startsWith(type) ? `${type}: ${f.message}` : f.message;
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.length ? parts.join(': ') : null;
}

export type ActivityStatus =
  'SCHEDULED' | 'STARTED' | 'COMPLETED' | 'FAILED' | 'TIMED_OUT' | 'CANCELED' | 'CANCEL_REQUESTED' | 'PAUSED';

export interface ActivitySummary {
  activityId: string;
  activityType: string;
  taskQueue: string | null;
  status: ActivityStatus;
  /** Attempts made so far (the last attempt's number). */
  attempts: number;
  lastFailure: string | null;
  scheduledAt: Date | null;
  lastStartedAt: Date | null;
  closedAt: Date | null;
  /** From the first schedule to the close: every attempt and the backoff between them. */
  durationMs: number | null;
  /** The last attempt alone. */
  lastAttemptMs: number | null;
}

export type ChildStatus = RunStatus | 'INITIATED' | 'START_FAILED';

export interface ChildSummary {
  workflowId: string;
  runId: string | null;
  type: string;
  status: ChildStatus;
  failure: string | null;
  initiatedAt: Date | null;
  closedAt: Date | null;
  webUiUrl: string | null;
}

export interface HistorySummary {
  activities: ActivitySummary[];
  children: ChildSummary[];
}

/** Folds a run's history into one line per activity and per child workflow, in scheduling order. */
export function summariseHistory(
  ctx: Pick<ApiContext, 'config'>,
  history: History,
  pending: PendingActivity[] = [],
): HistorySummary {
  const activities = new Map<string, ActivitySummary>();
  const children = new Map<string, ChildSummary>();
  const close = (summary: ActivitySummary | undefined, status: ActivityStatus, at: Date | null) => {
    if (!summary) return;
    summary.status = status;
    summary.closedAt = at;
    if (at && summary.scheduledAt) summary.durationMs = at.getTime() - summary.scheduledAt.getTime();
    if (at && summary.lastStartedAt) summary.lastAttemptMs = at.getTime() - summary.lastStartedAt.getTime();
  };
  const endChild = (id: unknown, status: ChildStatus, at: Date | null, failure?: ProtoFailure | null) => {
    const child = children.get(String(id));
    if (!child) return;
    child.status = status;
    child.closedAt = at;
    child.failure = failureText(failure) ?? child.failure;
  };
  for (const event of history.events ?? []) {
    const id = String(event.eventId);
    const at = tsDate(event.eventTime);
    if (event.activityTaskScheduledEventAttributes) {
      const a = event.activityTaskScheduledEventAttributes;
      activities.set(id, {
        activityId: a.activityId ?? id,
        activityType: a.activityType?.name ?? '?',
        taskQueue: a.taskQueue?.name ?? null,
        status: 'SCHEDULED',
        attempts: 1,
        lastFailure: null,
        scheduledAt: at,
        lastStartedAt: null,
        closedAt: null,
        durationMs: null,
        lastAttemptMs: null,
      });
    } else if (event.activityTaskStartedEventAttributes) {
      // Written once, when the activity closes, with the number and last failure of its final attempt.
      const a = event.activityTaskStartedEventAttributes;
      const summary = activities.get(String(a.scheduledEventId));
      if (summary) {
        summary.status = 'STARTED';
        summary.attempts = a.attempt ?? 1;
        summary.lastFailure = failureText(a.lastFailure);
        summary.lastStartedAt = at;
      }
    } else if (event.activityTaskCompletedEventAttributes) {
      close(
        activities.get(String(event.activityTaskCompletedEventAttributes.scheduledEventId)),
        'COMPLETED',
        at,
      );
    } else if (event.activityTaskFailedEventAttributes) {
      const a = event.activityTaskFailedEventAttributes;
      const summary = activities.get(String(a.scheduledEventId));
      close(summary, 'FAILED', at);
      if (summary) summary.lastFailure = failureText(a.failure);
    } else if (event.activityTaskTimedOutEventAttributes) {
      const a = event.activityTaskTimedOutEventAttributes;
      const summary = activities.get(String(a.scheduledEventId));
      close(summary, 'TIMED_OUT', at);
      if (summary) summary.lastFailure = failureText(a.failure) ?? summary.lastFailure;
    } else if (event.activityTaskCanceledEventAttributes) {
      close(
        activities.get(String(event.activityTaskCanceledEventAttributes.scheduledEventId)),
        'CANCELED',
        at,
      );
    } else if (event.startChildWorkflowExecutionInitiatedEventAttributes) {
      const a = event.startChildWorkflowExecutionInitiatedEventAttributes;
      children.set(id, {
        workflowId: a.workflowId ?? '?',
        runId: null,
        type: a.workflowType?.name ?? '?',
        status: 'INITIATED',
        failure: null,
        initiatedAt: at,
        closedAt: null,
        webUiUrl: null,
      });
    } else if (event.startChildWorkflowExecutionFailedEventAttributes) {
      const a = event.startChildWorkflowExecutionFailedEventAttributes;
      endChild(a.initiatedEventId, 'START_FAILED', at);
    } else if (event.childWorkflowExecutionStartedEventAttributes) {
      const a = event.childWorkflowExecutionStartedEventAttributes;
      const child = children.get(String(a.initiatedEventId));
      if (child && a.workflowExecution?.runId) {
        child.runId = a.workflowExecution.runId;
        child.status = 'RUNNING';
        child.webUiUrl = workflowUiUrl(ctx, child.workflowId, child.runId);
      }
    } else if (event.childWorkflowExecutionCompletedEventAttributes) {
      endChild(event.childWorkflowExecutionCompletedEventAttributes.initiatedEventId, 'COMPLETED', at);
    } else if (event.childWorkflowExecutionFailedEventAttributes) {
      const a = event.childWorkflowExecutionFailedEventAttributes;
      endChild(a.initiatedEventId, 'FAILED', at, a.failure);
    } else if (event.childWorkflowExecutionTimedOutEventAttributes) {
      endChild(event.childWorkflowExecutionTimedOutEventAttributes.initiatedEventId, 'TIMED_OUT', at);
    } else if (event.childWorkflowExecutionCanceledEventAttributes) {
      endChild(event.childWorkflowExecutionCanceledEventAttributes.initiatedEventId, 'CANCELED', at);
    } else if (event.childWorkflowExecutionTerminatedEventAttributes) {
      endChild(event.childWorkflowExecutionTerminatedEventAttributes.initiatedEventId, 'TERMINATED', at);
    }
  }
  // A running workflow's open activities: the history has no started event yet, describe() has
  // the attempt in progress and the failure of the one before.
  const open = [...activities.values()].filter((a) => a.status === 'SCHEDULED' || a.status === 'STARTED');
  for (const p of pending) {
    const summary = open.find((a) => a.activityId === p.activityId);
    if (!summary) continue;
    summary.attempts = p.attempt ?? summary.attempts;
    summary.lastFailure = failureText(p.lastFailure) ?? summary.lastFailure;
    summary.lastStartedAt = tsDate(p.lastStartedTime) ?? summary.lastStartedAt;
    const state = Number(p.state ?? 0);
    // PendingActivityState: 1 scheduled, 2 started, 3 cancel requested, 4 paused, 5 pause requested.
    summary.status =
      state === 2 ? 'STARTED' : state === 3 ? 'CANCEL_REQUESTED' : state >= 4 ? 'PAUSED' : 'SCHEDULED';
  }
  return { activities: [...activities.values()], children: [...children.values()] };
}

/** What the first and the close events say about a run: its attempt and why it failed. */
export interface RunOutcome {
  attempts: number;
  failure: string | null;
}

// ---------------------------------------------------------------------------------------------
// Per-request loaders: a page of runs asking for attempts, activities or audit steps costs one
// call per run at most (deduplicated, bounded concurrency), and one SQL query for the audit rows.

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

interface RunKey {
  workflowId: string;
  runId: string;
  running: boolean;
}

export interface RunLoaders {
  outcome: DataLoader<RunKey, RunOutcome, string>;
  history: DataLoader<RunKey, HistorySummary, string>;
  ingestion: DataLoader<string, IngestionStep[]>;
}

const loaders = new WeakMap<object, RunLoaders>();
const TEMPORAL_CONCURRENCY = 8;

async function eachLimited<K, V>(keys: readonly K[], limit: number, fn: (key: K) => Promise<V>) {
  const results: (V | Error)[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      try {
        results[i] = await fn(keys[i] as K);
      } catch (err) {
        results[i] = err instanceof Error ? err : new Error(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, keys.length) }, worker));
  return results;
}

async function runOutcome(ctx: ApiContext, client: Client, key: RunKey): Promise<RunOutcome> {
  const namespace = ctx.config.temporal.namespace;
  const execution = { workflowId: key.workflowId, runId: key.runId };
  const head = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution,
    maximumPageSize: 1,
  });
  const started = head.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  let failure: string | null = null;
  if (!key.running) {
    const closing = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution,
      historyEventFilterType: 2, // HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
    });
    const event = closing.history?.events?.at(-1);
    if (event?.workflowExecutionFailedEventAttributes) {
      failure = failureText(event.workflowExecutionFailedEventAttributes.failure);
    } else if (event?.workflowExecutionTimedOutEventAttributes) {
      failure = 'workflow timed out';
    } else if (event?.workflowExecutionTerminatedEventAttributes) {
      failure = `terminated: ${event.workflowExecutionTerminatedEventAttributes.reason || 'no reason given'}`;
    }
  }
  return { attempts: started?.attempt ?? 1, failure };
}

async function runHistory(ctx: ApiContext, client: Client, key: RunKey): Promise<HistorySummary> {
  const handle = client.workflow.getHandle(key.workflowId, key.runId);
  const [history, pending] = await Promise.all([
    handle.fetchHistory(),
    key.running ? handle.describe().then((d) => d.raw.pendingActivities ?? []) : Promise.resolve([]),
  ]);
  return summariseHistory(ctx, history, pending);
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

export function runLoaders(ctx: ApiContext): RunLoaders {
  let found = loaders.get(ctx);
  if (found) return found;
  const keyOf = (k: RunKey) => `${k.workflowId}\u0000${k.runId}`;
  const perRun =
    <V>(what: string, fn: (client: Client, key: RunKey) => Promise<V>) =>
    (keys: readonly RunKey[]) =>
      eachLimited(keys, TEMPORAL_CONCURRENCY, (key) =>
        withTemporal(ctx, `${what} of ${key.workflowId}`, (client) => fn(client, key)),
      );
  found = {
    outcome: new DataLoader(
      perRun('history', (client, key) => runOutcome(ctx, client, key)),
      {
        cacheKeyFn: keyOf,
      },
    ),
    history: new DataLoader(
      perRun('history', (client, key) => runHistory(ctx, client, key)),
      {
        cacheKeyFn: keyOf,
      },
    ),
    ingestion: new DataLoader((ids: readonly string[]) => ingestionSteps(ctx.db, ids), { maxBatchSize: 100 }),
  };
  loaders.set(ctx, found);
  return found;
}

export function runKey(run: RunNode): RunKey {
  return { workflowId: run.workflowId, runId: run.runId, running: run.status === 'RUNNING' };
}
