import { useQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import { graphqlClient } from './client';
import type { TimeWindow } from './window';

const AUDIT_LOG = graphql(`
  query AuditLog(
    $source: String
    $status: String
    $from: DateTime
    $to: DateTime
    $first: Int
    $after: String
  ) {
    auditLog(source: $source, status: $status, from: $from, to: $to, first: $first, after: $after) {
      nodes {
        id
        workflowId
        runId
        workflowType
        step
        source
        status
        attempt
        rows
        bytes
        durationMs
        error
        at
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The statuses the pipeline writes to ingestion_audit, in words; the API takes any string. */
export const AUDIT_STATUSES = {
  started: 'Started',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  alert: 'Alert',
  event: 'Event',
} as const;

export interface AuditFilters extends TimeWindow {
  source?: string;
  status?: string;
}

export const AUDIT_PAGE_SIZE = 20;

/** One page of audit events, newest first (the API's order); `after` is the previous page's cursor. */
export function useAuditLog(filters: AuditFilters, after: string | undefined) {
  return useQuery({
    queryKey: ['auditLog', filters, after ?? null],
    queryFn: async () =>
      (await graphqlClient.request(AUDIT_LOG, { ...filters, first: AUDIT_PAGE_SIZE, after })).auditLog,
    placeholderData: (previous) => previous,
  });
}
