import type { GraphQLResolveInfo } from 'graphql';
import type { ApiContext } from '../context';
import type { PageArgs } from '../connection';
import { arrayConnection } from '../temporal/array-connection';
import {
  backfillSchedule,
  getSchedule,
  listScheduleChanges,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  updateScheduleSpec,
  type OverlapPolicy,
  type ScheduleView,
} from '../temporal/schedules-admin';

/** The response key (alias or field name) of a mutation: part of its audit workflow's id. */
const fieldOf = (info: GraphQLResolveInfo) => String(info.path.key);

type IdArgs = { id: string; note?: string | null };

export const schedulesResolvers = {
  Query: {
    schedules: (_: unknown, args: PageArgs, ctx: ApiContext) => listSchedules(ctx, args),
    schedule: (_: unknown, args: { id: string }, ctx: ApiContext) => getSchedule(ctx, args.id),
    scheduleChanges: (_: unknown, args: { scheduleId?: string | null } & PageArgs, ctx: ApiContext) =>
      listScheduleChanges(ctx, args.scheduleId, args),
  },
  Mutation: {
    updateScheduleSpec: (
      _: unknown,
      args: IdArgs & { every?: string | null; cron?: string | null },
      ctx: ApiContext,
      info: GraphQLResolveInfo,
    ) => updateScheduleSpec(ctx, fieldOf(info), args),
    pauseSchedule: (_: unknown, args: IdArgs, ctx: ApiContext, info: GraphQLResolveInfo) =>
      pauseSchedule(ctx, fieldOf(info), args),
    unpauseSchedule: (_: unknown, args: IdArgs, ctx: ApiContext, info: GraphQLResolveInfo) =>
      unpauseSchedule(ctx, fieldOf(info), args),
    triggerSchedule: (_: unknown, args: { id: string }, ctx: ApiContext, info: GraphQLResolveInfo) =>
      triggerSchedule(ctx, fieldOf(info), args),
    backfillSchedule: (
      _: unknown,
      args: { id: string; from: Date; to: Date; overlap?: OverlapPolicy | null },
      ctx: ApiContext,
      info: GraphQLResolveInfo,
    ) => backfillSchedule(ctx, fieldOf(info), args),
  },
  Schedule: {
    nextActionTimes: (s: unknown, args: PageArgs) =>
      arrayConnection((s as ScheduleView).nextActionTimes, args, { default: 5, max: 10 }),
    recentActions: (s: unknown, args: PageArgs) =>
      arrayConnection((s as ScheduleView).recentActions, args, { default: 10, max: 50 }),
    drift: (s: unknown, args: PageArgs) =>
      arrayConnection((s as ScheduleView).drift, args, { default: 20, max: 50 }),
    inSync: (s: unknown) => (s as ScheduleView).drift.length === 0,
  },
};
