import { GPS_SOURCE } from '../../../workflows/search-attributes';
import { QueryInputError } from '../../errors';
import { plainIdentifier } from '../client';
import { VISIBILITY_STATUS, type RunStatus } from './run-status';

export interface RunFilter {
  workflowType?: string | null;
  status?: RunStatus | null;
  source?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/**
 * The visibility query of a filter. Values are never escaped: anything that is not a plain
 * identifier is refused (400), times are formatted here, statuses come from an enum.
 */
export function visibilityQuery(filter: RunFilter): string {
  const clauses: string[] = [];
  if (filter.workflowType)
    clauses.push(`WorkflowType = '${plainIdentifier('workflowType', filter.workflowType)}'`);
  if (filter.status) {
    if (filter.status === 'UNKNOWN') throw new QueryInputError('`status` UNKNOWN cannot be searched for');
    clauses.push(`ExecutionStatus = '${VISIBILITY_STATUS[filter.status]}'`);
  }
  if (filter.source) clauses.push(`${GPS_SOURCE.name} = '${plainIdentifier('source', filter.source)}'`);
  if (filter.from && filter.to && !(filter.from < filter.to)) {
    throw new QueryInputError('`from` must be before `to`');
  }
  if (filter.from) clauses.push(`StartTime >= '${filter.from.toISOString()}'`);
  if (filter.to) clauses.push(`StartTime < '${filter.to.toISOString()}'`);
  return clauses.join(' AND ');
}
