import { upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { SourceId } from '../activities/sources/registry';
import {
  GPS_ALERT_KINDS,
  GPS_LAYER,
  GPS_ROWS,
  GPS_SOURCE,
  GPS_WINDOW_END,
  GPS_WINDOW_START,
} from './search-attributes';

export type RunLayer = 'bronze' | 'silver' | 'gold';

/**
 * What a run tells operators about itself: the search attributes the API and the Web UI filter on
 * (workflows/search-attributes.ts) and the memo they display. Only the fields given are written,
 * so a run can say where it is at each step without repeating what it said before.
 */
export interface RunRecord {
  /** A registered source's id (activities/sources/registry.ts): a typo does not compile. */
  source?: SourceId;
  layer?: RunLayer;
  /** UTC instants (ISO text or Date); an unknown end is left as it was. */
  window?: { start?: string | Date; end?: string | Date };
  rows?: number;
  /** Alert kinds an evaluation changed (GpsAlertKinds); an empty list clears the attribute. */
  alertKinds?: string[];
  /** One line in the memo: what the run did so far. */
  summary?: string;
  /**
   * Memo fields beside the summary (gate failures and warnings, progress). Temporal deletes a
   * memo field set to an empty list, so readers take a missing list as empty.
   */
  memo?: Record<string, unknown>;
}

const asDate = (t: string | Date): Date => (typeof t === 'string' ? new Date(t) : t);

/**
 * Writes a run record: at most one search-attribute upsert, then at most one memo upsert. Each
 * upsert is a command in the workflow's history, so their number and order per call are fixed:
 * replaying a recorded history must issue the same commands.
 */
export function recordRun(record: RunRecord): void {
  const attributes: SearchAttributeUpdatePair[] = [];
  if (record.source !== undefined) attributes.push({ key: GPS_SOURCE, value: record.source });
  if (record.layer !== undefined) attributes.push({ key: GPS_LAYER, value: record.layer });
  if (record.window?.start !== undefined)
    attributes.push({ key: GPS_WINDOW_START, value: asDate(record.window.start) });
  if (record.window?.end !== undefined)
    attributes.push({ key: GPS_WINDOW_END, value: asDate(record.window.end) });
  if (record.rows !== undefined) attributes.push({ key: GPS_ROWS, value: record.rows });
  if (record.alertKinds !== undefined) attributes.push({ key: GPS_ALERT_KINDS, value: record.alertKinds });
  if (attributes.length) upsertSearchAttributes(attributes);

  if (record.summary !== undefined || record.memo !== undefined) {
    upsertMemo({ ...(record.summary !== undefined ? { summary: record.summary } : {}), ...record.memo });
  }
}

/** The UTC day `YYYY-MM-DD` as a run window, for the per-day children. */
export function utcDayWindow(day: string): { start: Date; end: Date } {
  const start = new Date(`${day}T00:00:00Z`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
}
