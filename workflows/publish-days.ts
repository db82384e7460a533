import { ApplicationFailure, executeChild, workflowInfo } from '@temporalio/workflow';
import { FailureType } from '../lib/domain/failure-types';
import { rootCause } from './failures';

export interface PublishDayInput {
  day: string; // YYYY-MM-DD, UTC
  transformTaskQueue: string;
}

/**
 * Publishes each UTC day of a window to Gold as its own child workflow (`<parent id>/gold/<day>`),
 * so a long range spreads over the transform workers, and settles them all: one failed day does
 * not stop the others. Any failure fails the caller with GoldPublicationFailed naming each failed
 * day and its cause, before the caller can move its watermark: the next run reads them again.
 */
export async function publishDays<R>(
  child: (input: PublishDayInput) => Promise<R>,
  days: readonly string[],
  transformTaskQueue: string,
): Promise<R[]> {
  const settled = await Promise.allSettled(
    days.map((day) =>
      executeChild(child, {
        workflowId: `${workflowInfo().workflowId}/gold/${day}`,
        taskQueue: workflowInfo().taskQueue,
        args: [{ day, transformTaskQueue }],
      }),
    ),
  );
  const failed = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [`${days[i]}: ${rootCause(s.reason)}`] : [],
  );
  if (failed.length) {
    throw ApplicationFailure.create({
      type: FailureType.GoldPublicationFailed,
      nonRetryable: true,
      message: failed.join('; '),
    });
  }
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}
