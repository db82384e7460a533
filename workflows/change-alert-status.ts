import { proxyActivities } from '@temporalio/workflow';
import type { IngestActivities } from '../activities';
import type { AlertStatusChangeInput, AlertStatusChanged } from '../lib/domain/alert-status-change';
import { OPERATOR_WRITE } from './retry-policies';

/**
 * Applies an operator's acknowledge or resolve asked through the API, whose database principal
 * is read-only. The activity retries without a limit on transient failures (once started, the
 * change lands as soon as a worker and the database are there) but never on a refusal: an
 * unknown alert or a transition its status forbids fails the run at once, for the API to report.
 */
export async function changeAlertStatus(input: AlertStatusChangeInput): Promise<AlertStatusChanged> {
  const { applyAlertStatusChange } = proxyActivities<IngestActivities>(OPERATOR_WRITE);
  return applyAlertStatusChange(input);
}
