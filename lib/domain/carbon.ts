import { PRODUCTION_SOURCES, type ProductionSource } from './sources';

/**
 * Mix indicators of a feed's sources, from the per-source factors declared in ./sources.ts:
 * the regional and national loaders both compute them here, so the two Gold balances agree on
 * what counts as production and how it is weighted.
 */

/** The feed reports pumping and battery charging as negative "production": they are consumption. */
export function producingSources(sources: readonly ProductionSource[]): readonly ProductionSource[] {
  return sources.filter((s) => s.code !== 'pompage' && s.code !== 'stockage_batterie');
}

/** Producing sources of the regional feed. */
export const PRODUCING_SOURCES = producingSources(PRODUCTION_SOURCES);

export interface MixIndicators {
  productionMw: number | null;
  carbonIntensity: number | null;
  renewableSharePct: number | null;
  lowCarbonSharePct: number | null;
}

/**
 * Production-based indicators of one quarter-hour (of a region, or of the country): total
 * production, carbon intensity as the production-weighted mean of the sources' life-cycle factors
 * (gCO2eq/kWh), and the shares of renewable and low-carbon production. Imports are not counted
 * (exchanges carry no source); pumping and battery charging are consumption.
 */
export function mixIndicators(
  valueOf: (sourceCode: string) => number | null,
  producing: readonly ProductionSource[] = PRODUCING_SOURCES,
): MixIndicators {
  let total = 0;
  let emissions = 0;
  let renewable = 0;
  let lowCarbon = 0;
  let known = 0;
  for (const source of producing) {
    const mw = valueOf(source.code);
    if (mw === null) continue;
    known++;
    const produced = Math.max(mw, 0);
    total += produced;
    emissions += produced * source.emissionFactorG;
    if (source.renewable) renewable += produced;
    if (source.lowCarbon) lowCarbon += produced;
  }
  if (known === 0)
    return { productionMw: null, carbonIntensity: null, renewableSharePct: null, lowCarbonSharePct: null };
  if (total === 0)
    return { productionMw: 0, carbonIntensity: null, renewableSharePct: null, lowCarbonSharePct: null };
  return {
    productionMw: total,
    carbonIntensity: emissions / total,
    renewableSharePct: (100 * renewable) / total,
    lowCarbonSharePct: (100 * lowCarbon) / total,
  };
}
