/**
 * The rules' evidence (the `evidence` JSON of an alert), as written by
 * activities/alerts/rules/over-production.ts and negative-price-risk.ts at the last sighting.
 * The console reads it defensively: an alert stored by an older rule version, or seeded by hand,
 * may hold another shape, which the screen then shows as raw JSON.
 */

export interface OverProductionInstant {
  tsUtc: string;
  productionMw: number;
  consumptionMw: number;
  ratio: number;
  absolute: { threshold: number; fired: boolean };
  baseline: {
    percentile: number;
    value: number | null;
    samples: number;
    available: boolean;
    fired: boolean;
    note?: string;
  };
  margin: number;
}

export interface OverProductionEvidence {
  rule: 'OVER_PRODUCTION';
  quarterHours: number;
  requiredQuarterHours: number;
  baselineDays: number;
  maxMargin: number;
  severityMargins: { medium: number; high: number };
  peak: OverProductionInstant;
  last: OverProductionInstant;
}

export interface RiskComponent {
  value: number | string | boolean | null;
  threshold?: number | string;
  fired: boolean;
  weight: number;
  available: boolean;
  note?: string;
}

export interface NegativePriceRiskInstant {
  tsUtc: string;
  score: number;
  priceEvent: boolean;
  components: Record<string, RiskComponent>;
}

export interface NegativePriceRiskEvidence {
  rule: 'NEGATIVE_PRICE_RISK';
  quarterHours: number;
  requiredQuarterHours: number;
  scoreThreshold: number;
  priceAvailable: boolean;
  peak: NegativePriceRiskInstant;
  last: NegativePriceRiskInstant;
}

export type AlertEvidence =
  OverProductionEvidence | NegativePriceRiskEvidence | { rule: 'unknown'; raw: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function parseEvidence(json: string): AlertEvidence {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { rule: 'unknown', raw: json };
  }
  if (isObject(raw) && isObject(raw.peak) && isObject(raw.last)) {
    if (raw.rule === 'OVER_PRODUCTION' && isObject(raw.peak.baseline))
      return raw as unknown as OverProductionEvidence;
    if (raw.rule === 'NEGATIVE_PRICE_RISK' && isObject(raw.peak.components))
      return raw as unknown as NegativePriceRiskEvidence;
  }
  return { rule: 'unknown', raw };
}

/** The risk components in words, in the order the rule scores them. */
export const COMPONENT_LABELS: Record<string, string> = {
  residualLoad: 'Residual load share',
  netExports: 'Net exports share',
  nonWorkingDay: 'Non-working day',
  middaySolar: 'Midday solar hours',
  dayAheadPrice: 'Day-ahead price (€/MWh)',
};
