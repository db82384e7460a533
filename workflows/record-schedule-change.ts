import { proxyActivities } from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import type { ScheduleChangeInput, ScheduleChangeRecorded } from '../lib/domain/schedule-changes';
import { OPERATOR_WRITE } from './retry-policies';

/**
 * Writes the audit row of a schedule change made through the API. The API's database principal
 * is read-only, so it asks the workers (which hold the writer principal) through this workflow and
 * waits for its result. The activity retries without a limit: once the API has started this
 * workflow, the row is written as soon as a worker and the database are there, even if the API
 * stopped waiting.
 */
export async function recordScheduleChange(input: ScheduleChangeInput): Promise<ScheduleChangeRecorded> {
  const { insertScheduleChange } = proxyActivities<IngestActivities>(OPERATOR_WRITE);
  return insertScheduleChange(input);
}
