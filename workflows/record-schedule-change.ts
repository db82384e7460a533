import { proxyActivities } from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import type { ScheduleChangeInput, ScheduleChangeRecorded } from '../lib/domain/schedule-changes';

/**
 * Writes the audit row of a schedule change made through the API. The API's database principal
 * is read-only, so it asks the workers (which hold the writer principal) through this workflow and
 * waits for its result. The activity retries without a limit: once the API has started this
 * workflow, the row is written as soon as a worker and the database are there, even if the API
 * stopped waiting.
 */
export async function recordScheduleChange(input: ScheduleChangeInput): Promise<ScheduleChangeRecorded> {
  const { insertScheduleChange } = proxyActivities<IngestActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  return insertScheduleChange(input);
}
