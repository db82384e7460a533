/**
 * The rules' evidence (the `evidence` JSON of an alert), typed in lib/domain/alert-evidence.ts,
 * which the rules write it with.
 * The console reads it defensively: an alert stored by an older rule version, or seeded by hand,
 * may hold another shape, which the screen then shows as raw JSON.
 */

import type { NegativePriceRiskEvidence, OverProductionEvidence } from '../../../lib/domain/alert-evidence';

export type {
  NegativePriceRiskEvidence,
  NegativePriceRiskInstant,
  OverProductionEvidence,
  OverProductionInstant,
  RiskComponent,
} from '../../../lib/domain/alert-evidence';

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
