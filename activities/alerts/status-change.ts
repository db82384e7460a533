import { ApplicationFailure } from '@temporalio/activity';
import type { AlertStatusChangeInput, AlertStatusChanged } from '../../lib/domain/alert-status-change';
import { FailureType } from '../../lib/domain/failure-types';
import { activityOrigin } from '../asset-registry';
import type { ActivityDeps } from '../deps';
import { AlertActionRefused, applyOperatorAction } from './store';

/**
 * The writer side of an operator's acknowledge or resolve (the API cannot write). On the ingest
 * queue beside insertScheduleChange, not with the rules on transform: it is one small
 * transaction, and the API checks that queue's pollers before it asks.
 */
export function createAlertStatusActivities(deps: Pick<ActivityDeps, 'db'>) {
  return {
    async applyAlertStatusChange(input: AlertStatusChangeInput): Promise<AlertStatusChanged> {
      try {
        const t = await applyOperatorAction(deps.db, activityOrigin(), {
          alertId: input.alertId,
          action: input.action,
          by: input.subject,
          byName: input.subjectName,
          note: input.note,
          now: new Date().toISOString(),
        });
        return {
          alertId: t.alertId,
          transitionId: t.transitionId,
          from: t.from ?? 'open',
          to: t.to,
          existed: t.existed,
        };
      } catch (err) {
        // A retry would be refused the same way: the API turns these into 404 and 409.
        if (err instanceof AlertActionRefused) {
          throw ApplicationFailure.nonRetryable(
            err.message,
            err.reason === 'not-found' ? FailureType.AlertNotFound : FailureType.IllegalAlertTransition,
          );
        }
        throw err;
      }
    },
  };
}
