/**
 * The gates a regional ingestion of the recorded 2025 capture records, in order, as
 * `gate:severity:outcome`: every blocking gate passes; freshness warns, since a 2025 capture is not
 * fresh today.
 */
export const REGIONAL_CAPTURE_GATE_OUTCOMES = [
  'silver_gold_row_count:blocking:pass',
  'energy_flow_completeness:blocking:pass',
  'unique_natural_key:blocking:pass',
  'foreign_keys:blocking:pass',
  'consumption_plausible:blocking:pass',
  'generation_non_negative:blocking:pass',
  'generation_plausible:blocking:pass',
  'load_factor_plausible:warning:pass',
  'consumption_present:warning:pass',
  'freshness:warning:fail',
];
