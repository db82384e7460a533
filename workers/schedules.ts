import {
  Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleOptions,
} from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import type { ScheduleDeclaration, TemporalDeclarations } from '../lib/config';
import { durationToMs } from '../lib/config';
import { declaredScheduleHash } from '../lib/schedule-hash';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

export type ReconcileOutcome = 'created' | 'updated' | 'unchanged';

function searchAttributePairs(decl: ScheduleDeclaration) {
  return Object.entries(decl.searchAttributes).map(([name, value]) => {
    const key = ALL_SEARCH_ATTRIBUTES.find((k) => k.name === name);
    if (!key) throw new Error(`schedule ${decl.id}: unknown search attribute ${name}`);
    return { key, value } as never;
  });
}

/** The schedule as temporal.yaml declares it. Workflow ids are `<schedule id>-<nominal time>`. */
export function scheduleOptions(
  decl: ScheduleDeclaration,
  declarations: TemporalDeclarations,
): ScheduleOptions {
  return {
    scheduleId: decl.id,
    spec: decl.every
      ? { intervals: [{ every: durationToMs(decl.every) }] }
      : { cronExpressions: [decl.cron as string] },
    action: {
      type: 'startWorkflow',
      workflowType: decl.workflow,
      workflowId: decl.id,
      taskQueue: decl.taskQueue,
      args: [{ transformTaskQueue: declarations.taskQueues.transform }],
      memo: { gpsDeclaredHash: declaredScheduleHash(decl, declarations) },
      typedSearchAttributes: searchAttributePairs(decl),
    },
    policies: {
      overlap: ScheduleOverlapPolicy[decl.overlap],
      catchupWindow: durationToMs(decl.catchupWindow),
    },
    state: { paused: decl.paused, note: decl.note },
  };
}

/**
 * Creates missing schedules and updates those whose declaration changed since it was last
 * applied (tracked by a hash in the action memo). Live edits by admins survive restarts until
 * temporal.yaml changes that schedule again.
 */
export async function applySchedules(
  client: Client,
  declarations: TemporalDeclarations,
): Promise<Record<string, ReconcileOutcome>> {
  const outcomes: Record<string, ReconcileOutcome> = {};
  for (const decl of declarations.schedules) {
    const options = scheduleOptions(decl, declarations);
    const handle = client.schedule.getHandle(decl.id);
    let applied: string | undefined;
    try {
      const description = await handle.describe();
      applied =
        description.action.type === 'startWorkflow'
          ? String(description.action.memo?.gpsDeclaredHash ?? '')
          : '';
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      await client.schedule.create(options);
      outcomes[decl.id] = 'created';
      continue;
    }
    if (applied === declaredScheduleHash(decl, declarations)) {
      outcomes[decl.id] = 'unchanged';
      continue;
    }
    await handle.update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action,
      policies: options.policies,
      state: { ...previous.state, paused: decl.paused, note: decl.note },
      typedSearchAttributes: previous.typedSearchAttributes as TypedSearchAttributes,
    }));
    outcomes[decl.id] = 'updated';
  }
  return outcomes;
}

/**
 * Creates a schedule the platform owns outside temporal.yaml (the alert safety net, retention)
 * only when it is missing, so operators' edits to it survive restarts. Returns false when it
 * already existed.
 */
export async function createScheduleIfMissing(client: Client, options: ScheduleOptions): Promise<boolean> {
  try {
    await client.schedule.create(options);
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
