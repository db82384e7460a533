import type { ScheduleDescription } from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { durationToMs } from '../../../lib/config';
import { assertAdmin } from '../../auth';
import type { ApiContext } from '../../context';
import { QueryInputError } from '../../errors';
import { plainIdentifier } from '../client';
import { changeSchedule, type ChangeResult } from './change-schedule';
import type { OverlapPolicy } from './schedule-view';

export const MAX_BACKFILL_DAYS = 366;
const MAX_INTERVAL_DAYS = 366;
export const MAX_BACKFILL_ACTIONS = 1_000;
const EVERY = /^\d+(s|m|h|d)$/;
const CRON_FIELD = /^[A-Za-z0-9*/,?#-]+$/;

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
  // An empty string is the same as leaving the argument out.
  const every = args.every?.trim() || undefined;
  const cron = args.cron?.trim() || undefined;
  if ((every ? 1 : 0) + (cron ? 1 : 0) !== 1)
    throw new QueryInputError('give exactly one of `every` or `cron`');
  let everyMs: number | undefined;
  if (every) {
    if (!EVERY.test(every)) throw new QueryInputError('`every` is a duration such as 90s, 15m, 1h or 1d');
    everyMs = durationToMs(every);
    if (everyMs < 60_000 || everyMs > MAX_INTERVAL_DAYS * 86_400_000) {
      throw new QueryInputError(`\`every\` must be between 1m and ${MAX_INTERVAL_DAYS}d`);
    }
  }
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
    return everyMs !== undefined ? { every } : { cron };
  });
}

async function setPaused(
  ctx: ApiContext,
  field: string,
  args: { id: string; note?: string | null },
  paused: boolean,
): Promise<ChangeResult> {
  adminAndId(ctx, args.id);
  const verb = paused ? 'paused' : 'unpaused';
  const note = checkNote(args.note) ?? `${verb} by ${ctx.viewer.subject} through the API`;
  return changeSchedule(ctx, field, args.id, paused ? 'pause' : 'unpause', async (client) => {
    const handle = client.schedule.getHandle(args.id);
    await (paused ? handle.pause(note) : handle.unpause(note));
    return { note };
  });
}

export function pauseSchedule(ctx: ApiContext, field: string, args: { id: string; note?: string | null }) {
  return setPaused(ctx, field, args, true);
}

export function unpauseSchedule(ctx: ApiContext, field: string, args: { id: string; note?: string | null }) {
  return setPaused(ctx, field, args, false);
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
