import type { Client } from '@temporalio/client';
import type { ApiContext } from '../../context';
import { failureText } from './failure-text';
import type { RunKey } from './run-key';

/** What the first and the close events say about a run: its attempt and why it failed. */
export interface RunOutcome {
  attempts: number;
  failure: string | null;
}

export async function runOutcome(ctx: ApiContext, client: Client, key: RunKey): Promise<RunOutcome> {
  const namespace = ctx.config.temporal.namespace;
  const execution = { workflowId: key.workflowId, runId: key.runId };
  const head = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution,
    maximumPageSize: 1,
  });
  const started = head.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  let failure: string | null = null;
  if (!key.running) {
    const closing = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution,
      historyEventFilterType: 2, // HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT
    });
    const event = closing.history?.events?.at(-1);
    if (event?.workflowExecutionFailedEventAttributes) {
      failure = failureText(event.workflowExecutionFailedEventAttributes.failure);
    } else if (event?.workflowExecutionTimedOutEventAttributes) {
      failure = 'workflow timed out';
    } else if (event?.workflowExecutionTerminatedEventAttributes) {
      failure = `terminated: ${event.workflowExecutionTerminatedEventAttributes.reason || 'no reason given'}`;
    }
  }
  return { attempts: started?.attempt ?? 1, failure };
}
