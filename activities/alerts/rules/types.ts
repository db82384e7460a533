/**
 * Plain rows and results the alert rules work on: no database, no Temporal, so each rule is a
 * pure function tested on hand-made rows. Instants are UTC ISO strings on quarter-hours.
 */
export const QUARTER_HOUR_MS = 15 * 60_000;

export type AlertKind = 'OVER_PRODUCTION' | 'NEGATIVE_PRICE_RISK';
export const ALERT_KINDS: readonly AlertKind[] = ['OVER_PRODUCTION', 'NEGATIVE_PRICE_RISK'];

export type Severity = 'low' | 'medium' | 'high';
export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };
export const maxSeverity = (a: Severity, b: Severity): Severity =>
  SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;

/** One region × quarter-hour, from fact_regional_balance and fact_energy_flow. */
export interface RegionalRow {
  regionCode: string;
  tsUtc: string;
  consumptionMw: number | null;
  productionMw: number | null;
  /** eCO2mix `ech_physiques`: positive when the region imports, negative when it exports. */
  netExchangeMw: number | null;
  windMw: number | null;
  solarMw: number | null;
  nuclearMw: number | null;
}

/** One day-ahead price interval (fact_day_ahead_price, bidding zone FR), when the table has it. */
export interface PriceRow {
  tsUtc: string;
  resolutionMinutes: number;
  priceEurMwh: number;
}

/** [from, to): the quarter-hours an evaluation is about. */
export interface EvaluationWindow {
  from: string;
  to: string;
}

/** A run of at least N consecutive quarter-hours where a rule's condition held. */
export interface Episode {
  start: string;
  /** The last quarter-hour of the run (inclusive). */
  lastSeen: string;
  severity: Severity;
  evidence: Record<string, unknown>;
}

/** What a rule says about one subject (a region, or the nation when regionCode is null). */
export interface RuleResult {
  kind: AlertKind;
  regionCode: string | null;
  /** Qualifying runs that reach into the window (a run may start before it). */
  episodes: Episode[];
  /**
   * Every quarter-hour with data from the look-back to the window's end: whether the condition
   * held on it (`holds`) and whether it belonged to a qualifying run (`firing`). The lifecycle
   * counts clear quarter-hours (`!holds`) after an alert's last sighting: a run still too short to
   * qualify is not clear, so a one-quarter-hour dip in an episode that arrives a quarter-hour at a
   * time does not resolve it. A missing quarter-hour is absent: a data gap counts neither way.
   */
  evaluated: { tsUtc: string; holds: boolean; firing: boolean }[];
}

export const ms = (iso: string): number => Date.parse(iso);
export const isoOf = (t: number): string => new Date(t).toISOString();
