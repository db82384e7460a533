import { createHash } from 'node:crypto';
import type { ScheduleDeclaration, TemporalDeclarations } from './config';

/**
 * The hash of a schedule's declaration that `npm run schedules:apply` writes into the schedule's
 * memo. Shared by the reconcile (workers/) and the drift view (graphql/), so both measure drift
 * against the same value.
 */
export function declaredScheduleHash(decl: ScheduleDeclaration, declarations: TemporalDeclarations): string {
  return createHash('sha256')
    .update(JSON.stringify({ decl, queues: declarations.taskQueues }))
    .digest('hex')
    .slice(0, 16);
}
