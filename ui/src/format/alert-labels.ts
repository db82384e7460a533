import type { AlertKind, AlertSeverity, AlertStatus } from '../gql/graphql';

/** The API's enums in words; the filters offer them in this order. */
export const KIND_LABELS: Record<AlertKind, string> = {
  OVER_PRODUCTION: 'Over-production',
  NEGATIVE_PRICE_RISK: 'Negative-price risk',
};

export const STATUS_LABELS: Record<AlertStatus, string> = {
  OPEN: 'Open',
  ACKNOWLEDGED: 'Acknowledged',
  RESOLVED: 'Resolved',
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
};

/** National alerts have no region: they are about France as a whole. */
export const alertSubject = (regionCode: string | null | undefined, names: Map<string, string>) =>
  regionCode ? (names.get(regionCode) ?? `Region ${regionCode}`) : 'France';
