import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../activities/config';
import { createScheduleIfMissing } from './schedules';

export const RETENTION_SCHEDULE_ID = 'lake-retention';

/**
 * Retention once a day at 03:17 UTC, a quiet hour for the 15-minute ingestions. Not in
 * temporal.yaml, whose schedules each name a registered source; created here when missing, like
 * the alert safety net, and then left as operators edit it (pause it to stop all deletion).
 */
export async function ensureRetentionSchedule(client: Client, config: Config): Promise<boolean> {
  return createScheduleIfMissing(client, {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: { intervals: [{ every: '1d', offset: '197m' }] }, // 03:17 UTC
    action: {
      type: 'startWorkflow',
      workflowType: 'applyRetention',
      workflowId: RETENTION_SCHEDULE_ID,
      taskQueue: config.temporal.declarations.taskQueues.ingest,
      args: [{ dryRun: false }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h' },
    state: {
      note: 'deletes Bronze, Silver and quarantine objects and audit rows past GPS_RETENTION_*_DAYS; never Gold (docs/operations.md#retention)',
    },
  });
}
