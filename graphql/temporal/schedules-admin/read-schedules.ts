import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import type { ApiContext } from '../../context';
import { pageOf, toConnection, type Connection, type PageArgs } from '../../connection';
import { plainIdentifier, withTemporal } from '../client';
import { toScheduleView, type ScheduleView } from './schedule-view';

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
