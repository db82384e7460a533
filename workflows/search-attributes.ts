import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, so operators can filter runs in the Temporal Web UI, e.g.
 * `GpsSource = "rte-regional" AND GpsRows > 0`. Registered on the dev server at start-up.
 */
export const GPS_SOURCE = defineSearchAttributeKey('GpsSource', SearchAttributeType.KEYWORD);
export const GPS_LAYER = defineSearchAttributeKey('GpsLayer', SearchAttributeType.KEYWORD);
export const GPS_WINDOW_START = defineSearchAttributeKey('GpsWindowStart', SearchAttributeType.DATETIME);
export const GPS_WINDOW_END = defineSearchAttributeKey('GpsWindowEnd', SearchAttributeType.DATETIME);
export const GPS_ROWS = defineSearchAttributeKey('GpsRows', SearchAttributeType.INT);
/** The alert kinds an evaluation opened, updated or resolved: `GpsAlertKinds = "OVER_PRODUCTION"`. */
export const GPS_ALERT_KINDS = defineSearchAttributeKey('GpsAlertKinds', SearchAttributeType.KEYWORD_LIST);

export const ALL_SEARCH_ATTRIBUTES = [
  GPS_SOURCE,
  GPS_LAYER,
  GPS_WINDOW_START,
  GPS_WINDOW_END,
  GPS_ROWS,
  GPS_ALERT_KINDS,
];
