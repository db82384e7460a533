import {
  ScheduleNotFoundError,
  WorkflowFailedError,
  isGrpcDeadlineError,
  type Client,
  type ScheduleDescription,
  type ScheduleOverlapPolicy,
} from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import { durationToMs, type ScheduleDeclaration, type TemporalDeclarations } from '../../lib/config';
import {
  RECORD_SCHEDULE_CHANGE_WORKFLOW,
  SCHEDULE_CHANGES_TABLE,
  scheduleChangeWorkflowId,
  type ScheduleChangeInput,
  type ScheduleChangeRecorded,
  type ScheduleOperation,
} from '../../lib/domain/schedule-changes';
import { createLogger, type Logger } from '../../lib/log';
// The reconcile's own view of a declaration (spec, policies, declared hash): drift is measured
// against exactly what `npm run schedules:apply` would write.
import { scheduleOptions } from '../../workers/schedules';
import { assertAdmin } from '../auth';
import type { ApiContext } from '../context';
import { pageOf, toConnection, type Connection, type PageArgs } from '../connection';
import { QueryInputError } from '../errors';
import { plainIdentifier, scheduleUiUrl, temporalError, withTemporal, workflowUiUrl } from './client';

/**
 * Schedules as the server runs them, beside what temporal.yaml declares, and their administration.
 * Every change goes to Temporal through the client, then into schedule_changes through the
 * `recordScheduleChange` workflow (the API's database principal cannot write; the workers can).
 */

export type OverlapPolicy = Exclude<ScheduleOverlapPolicy, undefined>;

export interface ScheduleActionView {
  scheduledAt: Date;
  takenAt: Date;
  workflowId: string;
  runId: string;
  webUiUrl: string;
}

export interface DriftItem {
  field: string;
  declared: string | null;
  live: string | null;
  message: string;
}

export interface ScheduleView {
  id: string;
  declared: boolean;
  existsOnServer: boolean;
  workflowType: string | null;
  taskQueue: string | null;
  spec: string | null;
  declaredSpec: string | null;
  paused: boolean | null;
  note: string | null;
  overlapPolicy: OverlapPolicy | null;
  catchupWindow: string | null;
  nextActionTimes: Date[];
  recentActions: ScheduleActionView[];
  actionsTaken: number | null;
  actionsSkippedOverlap: number | null;
  actionsMissedCatchupWindow: number | null;
  createdAt: Date | null;
  lastUpdatedAt: Date | null;
  drift: DriftItem[];
  webUiUrl: string | null;
}

/** A duration in temporal.yaml's notation: the largest unit that divides it (15m, 1h, 1d, 90s). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

type Calendar = NonNullable<ScheduleDescription['spec']['calendars']>[number];
type CalendarRanges = { start: number | string; end: number | string; step?: number }[] | undefined;

const FULL: Record<string, [number | string, number | string]> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: ['JANUARY', 'DECEMBER'],
  dayOfWeek: ['SUNDAY', 'SATURDAY'],
};

/** A calendar spec in cron's field order (second minute hour day-of-month month day-of-week). */
export function renderCalendar(calendar: Calendar): string {
  const field = (name: keyof typeof FULL) => {
    const ranges = (calendar as unknown as Record<string, CalendarRanges>)[name] ?? [];
    const [first, last] = FULL[name] as [number | string, number | string];
    return (
      ranges
        .map(({ start, end, step = 1 }) => {
          const all = start === first && end === last;
          const base = all ? '*' : start === end ? String(start) : `${start}-${end}`;
          return step > 1 ? `${base}/${step}` : base;
        })
        .join(',') || '*'
    );
  };
  return (['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const).map(field).join(' ');
}

function declaredSpecText(decl: ScheduleDeclaration): string {
  return decl.every ? `every ${formatDuration(durationToMs(decl.every))}` : `cron ${decl.cron}`;
}

function declaredHash(decl: ScheduleDeclaration, declarations: TemporalDeclarations): string {
  const options = scheduleOptions(decl, declarations);
  return String(options.action.memo?.gpsDeclaredHash ?? '');
}

function memoOf(description: ScheduleDescription): Record<string, unknown> {
  return (description.action.type === 'startWorkflow' ? description.action.memo : undefined) ?? {};
}

/**
 * The server keeps a cron spec as a calendar, not as the cron text. The text is known when this
 * API set it (kept in the action memo as `gpsCron`) or when the reconcile wrote the declaration
 * and nobody changed the schedule since; otherwise the calendar is shown.
 */
function liveSpecText(
  description: ScheduleDescription,
  decl: ScheduleDeclaration | undefined,
  declarations: TemporalDeclarations,
): string {
  const parts: string[] = [];
  for (const interval of description.spec.intervals ?? []) {
    const offset = interval.offset ? ` offset ${formatDuration(Number(interval.offset))}` : '';
    parts.push(`every ${formatDuration(Number(interval.every))}${offset}`);
  }
  const calendars = description.spec.calendars ?? [];
  if (calendars.length) {
    const memo = memoOf(description);
    const cron =
      typeof memo.gpsCron === 'string'
        ? memo.gpsCron
        : decl?.cron && memo.gpsDeclaredHash === declaredHash(decl, declarations)
          ? decl.cron
          : undefined;
    if (cron) parts.push(`cron ${cron}`);
    else for (const c of calendars) parts.push(`calendar ${renderCalendar(c)}`);
  }
  return parts.join('; ') || 'none';
}

/** What differs between temporal.yaml and the server, one line per field. */
export function driftOf(
  decl: ScheduleDeclaration | undefined,
  description: ScheduleDescription | undefined,
  declarations: TemporalDeclarations,
): DriftItem[] {
  if (!description) {
    return [
      {
        field: 'existence',
        declared: 'declared',
        live: null,
        message: 'missing on the server: `npm run schedules:apply` (or a platform start) creates it',
      },
    ];
  }
  if (!decl) {
    return [
      { field: 'existence', declared: null, live: 'present', message: 'not declared in temporal.yaml' },
    ];
  }
  const items: DriftItem[] = [];
  const differs = (field: string, declared: string, live: string) => {
    if (declared !== live)
      items.push({ field, declared, live, message: `${field}: declared ${declared}, live ${live}` });
  };
  const declaredSpec = declaredSpecText(decl);
  const liveSpec = liveSpecText(description, decl, declarations);
  if (/^every \S+$/.test(declaredSpec) && /^every \S+$/.test(liveSpec)) {
    differs('every', declaredSpec.slice(6), liveSpec.slice(6));
  } else {
    differs('spec', declaredSpec, liveSpec);
  }
  const action = description.action;
  differs('workflow', decl.workflow, action.workflowType);
  differs('taskQueue', decl.taskQueue, action.taskQueue);
  differs('overlap', decl.overlap, String(description.policies.overlap));
  differs(
    'catchupWindow',
    formatDuration(durationToMs(decl.catchupWindow)),
    formatDuration(description.policies.catchupWindow),
  );
  differs('paused', String(decl.paused), String(description.state.paused));
  const applied = memoOf(description).gpsDeclaredHash;
  if (applied === undefined) {
    items.push({
      field: 'declaration',
      declared: declaredHash(decl, declarations),
      live: null,
      message:
        'not created from temporal.yaml (no declaration hash): the next reconcile leaves it alone only if nothing differs',
    });
  } else if (applied !== declaredHash(decl, declarations)) {
    items.push({
      field: 'declaration',
      declared: declaredHash(decl, declarations),
      live: String(applied),
      message:
        'temporal.yaml changed this schedule since it was last applied: the next `npm run schedules:apply` (or platform start) overwrites the live schedule',
    });
  }
  return items;
}

export function toScheduleView(
  ctx: Pick<ApiContext, 'config'>,
  id: string,
  description: ScheduleDescription | undefined,
): ScheduleView {
  const declarations = ctx.config.temporal.declarations;
  const decl = declarations.schedules.find((s) => s.id === id);
  const recentActions = (description?.info.recentActions ?? [])
    .map((r) => ({
      scheduledAt: r.scheduledAt,
      takenAt: r.takenAt,
      workflowId: r.action.workflow.workflowId,
      runId: r.action.workflow.firstExecutionRunId,
      webUiUrl: workflowUiUrl(ctx, r.action.workflow.workflowId, r.action.workflow.firstExecutionRunId),
    }))
    .reverse(); // newest first
  return {
    id,
    declared: decl !== undefined,
    existsOnServer: description !== undefined,
    workflowType: description?.action.workflowType ?? decl?.workflow ?? null,
    taskQueue: description?.action.taskQueue ?? decl?.taskQueue ?? null,
    spec: description ? liveSpecText(description, decl, declarations) : null,
    declaredSpec: decl ? declaredSpecText(decl) : null,
    paused: description?.state.paused ?? null,
    note: description?.state.note ?? null,
    overlapPolicy: (description?.policies.overlap as OverlapPolicy | undefined) ?? null,
    catchupWindow: description ? formatDuration(description.policies.catchupWindow) : null,
    nextActionTimes: description?.info.nextActionTimes ?? [],
    recentActions,
    actionsTaken: description?.info.numActionsTaken ?? null,
    actionsSkippedOverlap: description?.info.numActionsSkippedOverlap ?? null,
    actionsMissedCatchupWindow: description?.info.numActionsMissedCatchupWindow ?? null,
    createdAt: description?.info.createdAt ?? null,
    lastUpdatedAt: description?.info.lastUpdatedAt ?? null,
    drift: driftOf(decl, description, declarations),
    webUiUrl: description ? scheduleUiUrl(ctx, id) : null,
  };
}

async function describeOrUndefined(client: Client, id: string): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(id).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

export const SCHEDULE_PAGE = { default: 50, max: 100 };

/** Declared schedules and those the server has, ordered by id (the cursor). */
export async function listSchedules(ctx: ApiContext, args: PageArgs): Promise<Connection<ScheduleView>> {
  const page = pageOf(args, SCHEDULE_PAGE, 1);
  const after = page.after ? String(page.after[0]) : undefined;
  return withTemporal(ctx, 'list schedules', async (client) => {
    const ids = new Set(ctx.config.temporal.declarations.schedules.map((s) => s.id));
    // Listing is eventually consistent (a schedule created a moment ago may be absent): the
    // declared ones are described by id anyway.
    for await (const summary of client.schedule.list()) ids.add(summary.scheduleId);
    const chosen = [...ids]
      .sort()
      .filter((id) => after === undefined || id > after)
      .slice(0, page.limit + 1);
    const views = await Promise.all(
      chosen.map(async (id) => {
        const description = await describeOrUndefined(client, id);
        const declared = ctx.config.temporal.declarations.schedules.some((s) => s.id === id);
        return description || declared ? toScheduleView(ctx, id, description) : undefined;
      }),
    );
    return toConnection(
      views.filter((v): v is ScheduleView => v !== undefined),
      page,
      (v) => [v.id],
    );
  });
}

export async function getSchedule(ctx: ApiContext, id: string): Promise<ScheduleView | null> {
  plainIdentifier('id', id);
  return withTemporal(ctx, `schedule ${id}`, async (client) => {
    const description = await describeOrUndefined(client, id);
    const declared = ctx.config.temporal.declarations.schedules.some((s) => s.id === id);
    return description || declared ? toScheduleView(ctx, id, description) : null;
  });
}

// ---------------------------------------------------------------------------------------------
// The audit rows.

export interface ScheduleChangeView {
  id: number;
  scheduleId: string;
  operation: string;
  subject: string;
  subjectName: string | null;
  at: Date;
  before: string;
  after: string;
  details: string | null;
  requestId: string;
  auditWorkflowId: string;
  auditRunId: string;
  auditWebUiUrl: string;
}

function toChangeView(ctx: Pick<ApiContext, 'config'>, r: Record<string, unknown>): ScheduleChangeView {
  return {
    id: Number(r.id),
    scheduleId: String(r.schedule_id),
    operation: String(r.operation),
    subject: String(r.subject),
    subjectName: r.subject_name === null || r.subject_name === undefined ? null : String(r.subject_name),
    at: new Date(r.at as string),
    before: String(r.before_state),
    after: String(r.after_state),
    details: r.details === null || r.details === undefined ? null : String(r.details),
    requestId: String(r.request_id),
    auditWorkflowId: String(r.workflow_id),
    auditRunId: String(r.run_id),
    auditWebUiUrl: workflowUiUrl(ctx, String(r.workflow_id), String(r.run_id)),
  };
}

export const CHANGE_PAGE = { default: 50, max: 200 };

/** Newest first; keyset on the row id. */
export async function listScheduleChanges(
  ctx: Pick<ApiContext, 'config' | 'db'>,
  scheduleId: string | null | undefined,
  args: PageArgs,
): Promise<Connection<ScheduleChangeView>> {
  const page = pageOf(args, CHANGE_PAGE, 1);
  const query = ctx
    .db(SCHEDULE_CHANGES_TABLE)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (scheduleId) query.where('schedule_id', plainIdentifier('scheduleId', scheduleId));
  if (page.after) query.where('id', '<', Number(page.after[0]));
  const rows = (await query) as Record<string, unknown>[];
  return toConnection(
    rows.map((r) => toChangeView(ctx, r)),
    page,
    (c) => [c.id],
  );
}

// ---------------------------------------------------------------------------------------------
// Administration. Order of a change: check that a worker can write the audit row, describe the
// schedule (before), change it in Temporal, describe it (after), record the audit row through
// the workers and wait for it.

/** How long a mutation waits for its audit row before answering AUDIT_PENDING. */
export const AUDIT_WAIT_MS = 15_000;
export const MAX_BACKFILL_DAYS = 366;
export const MAX_BACKFILL_ACTIONS = 1_000;
const EVERY = /^\d+(s|m|h|d)$/;
const CRON_FIELD = /^[A-Za-z0-9*/,?#-]+$/;

let auditLog: Logger | undefined;
function log(): Logger {
  auditLog ??= createLogger({ component: 'api', area: 'schedule-admin' });
  return auditLog;
}

/** The state an audit row keeps before and after a change. */
export function scheduleState(ctx: Pick<ApiContext, 'config'>, description: ScheduleDescription) {
  const decl = ctx.config.temporal.declarations.schedules.find((s) => s.id === description.scheduleId);
  return {
    spec: liveSpecText(description, decl, ctx.config.temporal.declarations),
    paused: description.state.paused,
    note: description.state.note ?? null,
    overlap: description.policies.overlap ?? null,
    catchupWindow: formatDuration(description.policies.catchupWindow),
    workflowType: description.action.workflowType,
    taskQueue: description.action.taskQueue,
  };
}

function auditError(
  code: 'AUDIT_UNAVAILABLE' | 'AUDIT_NOT_RECORDED' | 'AUDIT_PENDING',
  message: string,
  extra = {},
) {
  return new GraphQLError(message, { extensions: { code, http: { status: 503 }, ...extra } });
}

/**
 * Refuses a change up front when no worker polls the ingest task queue: the audit row could not
 * be written, so the change is not made (503 AUDIT_UNAVAILABLE, nothing changed).
 */
async function assertAuditWorker(ctx: ApiContext, client: Client): Promise<void> {
  const taskQueue = ctx.config.temporal.declarations.taskQueues.ingest;
  const response = await client.workflowService.describeTaskQueue({
    namespace: ctx.config.temporal.namespace,
    taskQueue: { name: taskQueue, kind: 1 }, // TASK_QUEUE_KIND_NORMAL
    taskQueueType: 2, // TASK_QUEUE_TYPE_ACTIVITY: insertScheduleChange runs there
  });
  if (!response.pollers?.length) {
    throw auditError(
      'AUDIT_UNAVAILABLE',
      `no worker polls task queue ${taskQueue}, so the change could not be audited: nothing was changed`,
      { applied: false },
    );
  }
}

async function recordChange(
  ctx: ApiContext,
  client: Client,
  field: string,
  input: ScheduleChangeInput,
): Promise<ScheduleChangeView> {
  const workflowId = scheduleChangeWorkflowId(ctx.requestId, field);
  const what = `schedule ${input.scheduleId}: the ${input.operation} was applied in Temporal`;
  let handle;
  try {
    handle = await client.withDeadline(Date.now() + AUDIT_WAIT_MS, () =>
      client.workflow.start(RECORD_SCHEDULE_CHANGE_WORKFLOW, {
        taskQueue: ctx.config.temporal.declarations.taskQueues.ingest,
        workflowId,
        args: [input],
        memo: { summary: `${input.operation} ${input.scheduleId} by ${input.subject}` },
      }),
    );
  } catch (err) {
    // The schedule already changed; undoing it could fail the same way and would hide what the
    // admin asked for. The change stays, the log line carries the whole record, the caller is told.
    log().error('schedule change applied but not audited', { ...input, error: String(err) });
    throw auditError(
      'AUDIT_NOT_RECORDED',
      `${what} and is NOT rolled back, but its audit row could not be requested (${(err as Error).message}); the API log holds the change (request ${input.requestId})`,
      { applied: true, auditWorkflowId: workflowId },
    );
  }
  let recorded: ScheduleChangeRecorded;
  try {
    recorded = await client.withDeadline(Date.now() + AUDIT_WAIT_MS, () => handle.result());
  } catch (err) {
    if (isGrpcDeadlineError(err)) {
      throw auditError(
        'AUDIT_PENDING',
        `${what}; its audit row is being written by workflow ${workflowId} (not done after ${AUDIT_WAIT_MS / 1000} s: is a worker on ${ctx.config.temporal.declarations.taskQueues.ingest} running?) and appears in scheduleChanges once it completes`,
        { applied: true, auditWorkflowId: workflowId },
      );
    }
    const cause =
      err instanceof WorkflowFailedError ? (err.cause?.message ?? err.message) : (err as Error).message;
    log().error('schedule change applied but its audit workflow failed', { ...input, error: cause });
    throw auditError(
      'AUDIT_NOT_RECORDED',
      `${what} and is NOT rolled back, but its audit workflow ${workflowId} failed: ${cause}`,
      {
        applied: true,
        auditWorkflowId: workflowId,
      },
    );
  }
  const row = (await ctx.db(SCHEDULE_CHANGES_TABLE).where({ id: recorded.id }).first()) as
    Record<string, unknown> | undefined;
  if (!row) throw new Error(`schedule change ${recorded.id} was recorded but cannot be read back`);
  return toChangeView(ctx, row);
}

export interface ChangeResult {
  schedule: ScheduleView;
  change: ScheduleChangeView;
}

async function changeSchedule(
  ctx: ApiContext,
  field: string,
  id: string,
  operation: ScheduleOperation,
  apply: (client: Client, before: ScheduleDescription) => Promise<Record<string, unknown> | undefined>,
): Promise<ChangeResult> {
  const handleOf = (client: Client) => client.schedule.getHandle(id);
  const { before, after, details } = await withTemporal(ctx, `schedule ${id}`, async (client) => {
    await assertAuditWorker(ctx, client);
    const before = await handleOf(client).describe();
    let details: Record<string, unknown> | undefined;
    try {
      details = await apply(client, before);
    } catch (err) {
      // The client turns the server's "invalid schedule spec" into a TypeError.
      if (operation === 'updateSpec' && err instanceof TypeError) {
        throw new QueryInputError(`invalid schedule spec: ${err.message}`);
      }
      throw err;
    }
    return { before, after: await handleOf(client).describe(), details };
  });
  const input: ScheduleChangeInput = {
    scheduleId: id,
    operation,
    subject: ctx.viewer.subject,
    subjectName: ctx.viewer.name,
    at: new Date().toISOString(),
    before: scheduleState(ctx, before),
    after: scheduleState(ctx, after),
    details,
    requestId: ctx.requestId,
  };
  const client = ctx.temporal as Client;
  let change: ScheduleChangeView;
  try {
    change = await recordChange(ctx, client, field, input);
  } catch (err) {
    throw err instanceof GraphQLError ? err : temporalError(err, `audit of schedule ${id}`);
  }
  return { schedule: toScheduleView(ctx, id, after), change };
}

function adminAndId(ctx: ApiContext, id: string): void {
  assertAdmin(ctx.viewer);
  plainIdentifier('id', id);
}

function checkNote(note: string | null | undefined): string | undefined {
  if (note === null || note === undefined) return undefined;
  if (note.length > 500) throw new QueryInputError('`note` may have at most 500 characters');
  return note;
}

export async function updateScheduleSpec(
  ctx: ApiContext,
  field: string,
  args: { id: string; every?: string | null; cron?: string | null; note?: string | null },
): Promise<ChangeResult> {
  adminAndId(ctx, args.id);
  const note = checkNote(args.note);
  if ((args.every ? 1 : 0) + (args.cron ? 1 : 0) !== 1)
    throw new QueryInputError('give exactly one of `every` or `cron`');
  let everyMs: number | undefined;
  if (args.every) {
    if (!EVERY.test(args.every))
      throw new QueryInputError('`every` is a duration such as 90s, 15m, 1h or 1d');
    everyMs = durationToMs(args.every);
    if (everyMs < 60_000 || everyMs > MAX_BACKFILL_DAYS * 86_400_000) {
      throw new QueryInputError(`\`every\` must be between 1m and ${MAX_BACKFILL_DAYS}d`);
    }
  }
  const cron = args.cron?.trim();
  if (cron !== undefined) {
    const fields = cron.split(/\s+/);
    if (fields.length < 5 || fields.length > 7 || !fields.every((f) => CRON_FIELD.test(f))) {
      throw new QueryInputError('`cron` is a cron expression of 5 to 7 fields, e.g. "*/15 * * * *"');
    }
  }
  return changeSchedule(ctx, field, args.id, 'updateSpec', async (client) => {
    await client.schedule.getHandle(args.id).update((previous) => {
      // A live edit keeps the action (and its declared hash): the reconcile leaves the schedule
      // alone until temporal.yaml changes it. The cron text is kept beside it, the server keeps
      // only the calendar it compiles.
      const memo = { ...(previous.action.memo ?? {}) } as Record<string, unknown>;
      delete memo.gpsCron;
      return {
        ...previous,
        spec:
          everyMs !== undefined ? { intervals: [{ every: everyMs }] } : { cronExpressions: [cron as string] },
        action: { ...previous.action, memo: cron ? { ...memo, gpsCron: cron } : memo },
        state: { ...previous.state, note: note ?? previous.state.note },
        typedSearchAttributes: previous.typedSearchAttributes as TypedSearchAttributes,
      };
    });
    return everyMs !== undefined ? { every: args.every } : { cron };
  });
}

export async function pauseSchedule(
  ctx: ApiContext,
  field: string,
  args: { id: string; note?: string | null },
): Promise<ChangeResult> {
  adminAndId(ctx, args.id);
  const note = checkNote(args.note) ?? `paused by ${ctx.viewer.subject} through the API`;
  return changeSchedule(ctx, field, args.id, 'pause', async (client) => {
    await client.schedule.getHandle(args.id).pause(note);
    return { note };
  });
}

export async function unpauseSchedule(
  ctx: ApiContext,
  field: string,
  args: { id: string; note?: string | null },
): Promise<ChangeResult> {
  adminAndId(ctx, args.id);
  const note = checkNote(args.note) ?? `unpaused by ${ctx.viewer.subject} through the API`;
  return changeSchedule(ctx, field, args.id, 'unpause', async (client) => {
    await client.schedule.getHandle(args.id).unpause(note);
    return { note };
  });
}

export async function triggerSchedule(
  ctx: ApiContext,
  field: string,
  args: { id: string },
): Promise<ChangeResult> {
  adminAndId(ctx, args.id);
  return changeSchedule(ctx, field, args.id, 'trigger', async (client, before) => {
    // The schedule's own overlap policy applies; a paused schedule runs too (a trigger is manual).
    await client.schedule.getHandle(args.id).trigger();
    return { overlap: before.policies.overlap };
  });
}

/** How many actions an interval spec takes in [from, to); undefined for calendars. */
function expectedActions(description: ScheduleDescription, from: Date, to: Date): number | undefined {
  if (description.spec.calendars?.length) return undefined;
  let n = 0;
  for (const { every, offset } of description.spec.intervals ?? []) {
    const step = Number(every);
    const shift = Number(offset ?? 0);
    const first = Math.ceil((from.getTime() - shift) / step);
    const last = Math.ceil((to.getTime() - shift) / step);
    n += Math.max(0, last - first);
  }
  return n;
}

export async function backfillSchedule(
  ctx: ApiContext,
  field: string,
  args: { id: string; from: Date; to: Date; overlap?: OverlapPolicy | null },
): Promise<ChangeResult> {
  adminAndId(ctx, args.id);
  const { from, to } = args;
  if (!(from < to)) throw new QueryInputError('`from` must be before `to`');
  if (to.getTime() > Date.now() + 60_000)
    throw new QueryInputError('`to` must not be in the future: a backfill replays past times');
  if (to.getTime() - from.getTime() > MAX_BACKFILL_DAYS * 86_400_000) {
    throw new QueryInputError(`a backfill may span at most ${MAX_BACKFILL_DAYS} days`);
  }
  // Every missed time in turn by default: SKIP would drop all but the first of a backfill's actions.
  const overlap: OverlapPolicy = args.overlap ?? 'BUFFER_ALL';
  return changeSchedule(ctx, field, args.id, 'backfill', async (client, before) => {
    const actions = expectedActions(before, from, to);
    if (actions !== undefined && actions > MAX_BACKFILL_ACTIONS) {
      throw new QueryInputError(
        `this backfill would start ${actions} workflows (at most ${MAX_BACKFILL_ACTIONS}): ask for a shorter range`,
      );
    }
    if (actions === 0)
      throw new QueryInputError('no scheduled time falls in [from, to): nothing to backfill');
    await client.schedule.getHandle(args.id).backfill({ start: from, end: to, overlap });
    return { from: from.toISOString(), to: to.toISOString(), overlap, expectedActions: actions ?? null };
  });
}
