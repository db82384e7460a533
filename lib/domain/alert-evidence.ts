/**
 * The evidence an alert carries (the `evidence` JSON of `alerts`, served as text by the API), as
 * the rules in activities/alerts/rules/ write it at the last sighting. Declared once here: the
 * rules build it with these types and the console reads it with them. Type aliases, not
 * interfaces, so that a value is also a plain JSON record.
 */

export type OverProductionInstant = {
  tsUtc: string;
  /** Hour of the day in Paris, the baseline's key. */
  parisHour: number;
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
};

export type OverProductionEvidence = {
  rule: 'OVER_PRODUCTION';
  regionCode: string;
  quarterHours: number;
  requiredQuarterHours: number;
  baselineDays: number;
  maxMargin: number;
  severityMargins: { medium: number; high: number };
  peak: OverProductionInstant;
  last: OverProductionInstant;
};

/** One scored sign of the negative-price risk: its value, the bar, whether it counted. */
export type RiskComponent = {
  value: number | string | boolean | null;
  threshold?: number | string;
  fired: boolean;
  weight: number;
  available: boolean;
  note?: string;
};

export type NegativePriceRiskInstant = {
  tsUtc: string;
  score: number;
  priceEvent: boolean;
  components: Record<string, RiskComponent>;
};

export type NegativePriceRiskEvidence = {
  rule: 'NEGATIVE_PRICE_RISK';
  /** null: the nation (the regions summed). */
  regionCode: string | null;
  quarterHours: number;
  requiredQuarterHours: number;
  scoreThreshold: number;
  priceAvailable: boolean;
  peak: NegativePriceRiskInstant;
  last: NegativePriceRiskInstant;
};
