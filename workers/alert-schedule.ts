import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../activities/config';
import { createScheduleIfMissing } from './schedules';

export const ALERT_SCHEDULE_ID = 'alerts-evaluate';

/**
 * The safety net of the alert evaluation: every 15 minutes (7 minutes past the regional
 * ingestion's ticks), `evaluateAlerts` over the last three hours, in case a publication's child
 * was not started or failed. Not in temporal.yaml, whose schedules each name a registered source;
 * created here when missing, like the freshness watcher, and then left as operators edit it.
 */
export async function ensureAlertSchedule(client: Client, config: Config): Promise<boolean> {
  const { ingest, transform } = config.temporal.declarations.taskQueues;
  return createScheduleIfMissing(client, {
    scheduleId: ALERT_SCHEDULE_ID,
    spec: { intervals: [{ every: '15m', offset: '7m' }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'evaluateAlerts',
      workflowId: ALERT_SCHEDULE_ID,
      taskQueue: ingest,
      args: [{ transformTaskQueue: transform, lookbackMinutes: 180 }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h' },
    state: {
      note: 'alert rules of alerts.yaml over the last 3 h of Gold (safety net; see docs/operations.md#alerts)',
    },
  });
}
