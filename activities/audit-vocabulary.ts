import type { SourceId } from './sources/registry';

/**
 * The steps an audit row can name, one per medallion stage and shared step, so a query for
 * `step = 'to-gold'` finds every source's loads. Per-gate and per-asset rows add their name after
 * a prefix (`quality:<gate>`, `asset-<event>`).
 */
export const AUDIT_STEP = {
  toBronze: 'to-bronze',
  historyToBronze: 'history-to-bronze',
  landingReceived: 'landing-received',
  toSilver: 'to-silver',
  toGold: 'to-gold',
  qualityGates: 'quality-gates',
  advanceWatermark: 'advance-watermark',
  assetsSeen: 'asset-registry-seen',
  assetSweep: 'asset-registry-sweep',
  alertNotify: 'alert-notify',
  alertsEvaluate: 'alerts-evaluate',
  alertOpen: 'alert-open',
  alertUpdate: 'alert-update',
  alertResolve: 'alert-resolve',
  /** An operator acknowledged an alert (resolving by hand is an alert-resolve with their name). */
  alertAcknowledge: 'alert-acknowledge',
  /** One zone's expired objects or audit rows deleted (or counted, in a dry run) by retention. */
  retention: 'retention',
} as const;

export type AuditStep = (typeof AUDIT_STEP)[keyof typeof AUDIT_STEP];

/**
 * Who an audit row is about: a registered source, the asset registry's own sweep, the alerts
 * (evaluation and notifications), or the retention of the lake and the audit log.
 */
export const ASSET_REGISTRY = 'asset-registry';
export const ALERTS = 'alerts';
export const RETENTION = 'retention';
export type AuditSource = SourceId | typeof ASSET_REGISTRY | typeof ALERTS | typeof RETENTION;
