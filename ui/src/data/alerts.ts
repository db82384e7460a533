import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../gql';
import type { AlertKind, AlertStatus } from '../gql/graphql';
import { graphqlClient } from './client';

const ALERTS = graphql(`
  query Alerts($status: AlertStatus, $kind: AlertKind, $regionCode: String, $first: Int, $after: String) {
    alerts(status: $status, kind: $kind, regionCode: $regionCode, first: $first, after: $after) {
      nodes {
        id
        kind
        regionCode
        severity
        status
        episodeStart
        lastSeenAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ALERT = graphql(`
  query Alert($id: Int!) {
    alert(id: $id) {
      id
      kind
      regionCode
      severity
      status
      episodeStart
      lastSeenAt
      episodeEnd
      evidence
      openedAt
      acknowledgedAt
      acknowledgedBy
      resolvedAt
      resolvedBy
      transitions {
        id
        from
        to
        at
        by
        note
      }
    }
  }
`);

const ACKNOWLEDGE = graphql(`
  mutation AcknowledgeAlert($id: Int!, $note: String) {
    acknowledgeAlert(id: $id, note: $note) {
      id
      status
    }
  }
`);

const RESOLVE = graphql(`
  mutation ResolveAlert($id: Int!, $note: String) {
    resolveAlert(id: $id, note: $note) {
      id
      status
    }
  }
`);

/** The alerts worth interrupting every screen for: open ones, at most one page is enough to decide. */
const OPEN_ALERTS = graphql(`
  query OpenAlerts {
    alerts(status: OPEN, first: 100) {
      nodes {
        id
        kind
        severity
        regionCode
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export interface AlertFilters {
  status?: AlertStatus;
  kind?: AlertKind;
  regionCode?: string;
}

export const ALERTS_PAGE_SIZE = 20;

/** One page of the list; `after` is the cursor of the page before it (undefined for the first). */
export function useAlerts(filters: AlertFilters, after: string | undefined) {
  return useQuery({
    queryKey: ['alerts', filters, after ?? null],
    queryFn: async () =>
      (await graphqlClient.request(ALERTS, { ...filters, first: ALERTS_PAGE_SIZE, after })).alerts,
    placeholderData: (previous) => previous,
  });
}

export function useAlert(id: number) {
  return useQuery({
    queryKey: ['alert', id],
    queryFn: async () => (await graphqlClient.request(ALERT, { id })).alert,
  });
}

export function useOpenAlerts() {
  return useQuery({
    queryKey: ['alerts', 'open-banner'],
    queryFn: async () => (await graphqlClient.request(OPEN_ALERTS)).alerts,
  });
}

export type AlertAction = 'acknowledge' | 'resolve';

/**
 * Acknowledge or resolve. Every alert query (list, detail, banner) starts with 'alert' or 'alerts'
 * and is refetched after a change, so all of them show the new status.
 */
export function useAlertAction(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, note }: { action: AlertAction; note: string }) => {
      const variables = { id, note: note.trim() || undefined };
      return action === 'acknowledge'
        ? (await graphqlClient.request(ACKNOWLEDGE, variables)).acknowledgeAlert
        : (await graphqlClient.request(RESOLVE, variables)).resolveAlert;
    },
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['alerts'] }),
        client.invalidateQueries({ queryKey: ['alert', id] }),
      ]),
  });
}
