import { asyncLocalStorage, type Context } from '@temporalio/activity';
import type { Logger } from '../lib/log';

/** What ties a log line to its Temporal execution, named as in ingestion_audit. */
function executionFields(context: Context): Record<string, unknown> {
  const { workflowExecution, activityType, attempt } = context.info;
  return {
    workflowId: workflowExecution?.workflowId,
    runId: workflowExecution?.runId,
    activityType,
    attempt,
  };
}

/**
 * `deps.log` for activities: inside an activity each line carries workflowId, runId, activityType
 * and attempt, taken from the activity's async context, so activity code keeps calling
 * `deps.log` as before. Temporal's own `Context.current().log` carries the same but under the
 * SDK's names and only through the Runtime logger, which code shared with the API cannot reach.
 */
export function activityContextLogger(log: Logger): Logger {
  const perActivity = new WeakMap<Context, Logger>();
  const current = (): Logger => {
    const context = asyncLocalStorage.getStore();
    if (!context) return log;
    let child = perActivity.get(context);
    if (!child) {
      child = log.child(executionFields(context));
      perActivity.set(context, child);
    }
    return child;
  };
  return {
    info: (message, fields) => current().info(message, fields),
    warn: (message, fields) => current().warn(message, fields),
    error: (message, fields) => current().error(message, fields),
    child: (fields) => activityContextLogger(log.child(fields)),
  };
}
