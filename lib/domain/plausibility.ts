import { PRODUCTION_SOURCES, NATIONAL_SOURCES } from './sources';

/**
 * Physical bounds the quality gates compare published values with. A value outside them is
 * flagged and kept as published: the gate reports, it never alters.
 */

/** Idle plants draw auxiliaries (tens of MW for a stopped nuclear site); below -100 MW nothing explains it. */
export const GENERATION_TOLERANCE_MW = -100;

/** The whole French nuclear fleet is 61.4 GW, the largest of any source: one source above 70 GW is a unit error. */
export const MAX_SOURCE_OUTPUT_MW = 70_000;

/** Output above 120 % of the installed capacity: the capacity figure is out of date or the output misread. */
export const MAX_LOAD_FACTOR_PCT = 120;

/** The largest French border (Germany-Belgium) carries about 6 GW; 20 GW on one border exceeds every line built. */
export const MAX_BORDER_EXCHANGE_MW = 20_000;

// Pumping and battery charging are consumption, negative by convention: not generation.
const CONSUMING = new Set(['pompage', 'stockage_batterie']);

/** Regional feed sources whose published MW is generation. */
export const REGIONAL_GENERATING_SOURCES = PRODUCTION_SOURCES.map((s) => s.code).filter(
  (c) => !CONSUMING.has(c),
);

/** National feed sources whose published MW is generation. */
export const NATIONAL_GENERATING_SOURCES = NATIONAL_SOURCES.map((s) => s.code).filter(
  (c) => !CONSUMING.has(c),
);
