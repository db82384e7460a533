/**
 * French number formatting (narrow no-break space between thousands, decimal comma) with the unit
 * after a no-break space, and an em dash where the API has no value.
 */
const formats = {
  mw: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }),
  gw: new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  intensity: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }),
  percent: new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

const NBSP = '\u00a0';
const NO_VALUE = '—';

type Value = number | null | undefined;
const missing = (v: Value): v is null | undefined => v === null || v === undefined || Number.isNaN(v);

export const formatMw = (v: Value) => (missing(v) ? NO_VALUE : `${formats.mw.format(v)}${NBSP}MW`);

/** National figures read better in GW (tens of thousands of MW). */
export const formatGw = (mw: Value) => (missing(mw) ? NO_VALUE : `${formats.gw.format(mw / 1000)}${NBSP}GW`);

export const formatIntensity = (v: Value) =>
  missing(v) ? NO_VALUE : `${formats.intensity.format(v)}${NBSP}gCO₂eq/kWh`;

export const formatPercent = (v: Value) => (missing(v) ? NO_VALUE : `${formats.percent.format(v)}${NBSP}%`);

/** A bare number for chart axes and tooltips, where the unit is written once beside them. */
export const formatNumber = (v: Value) => (missing(v) ? NO_VALUE : formats.mw.format(v));

const ratio = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 4 });

/** A ratio or share as the alert rules compute it (1,4237), unit-less: their 4 decimals, as they are. */
export const formatRatio = (v: Value) => (missing(v) ? NO_VALUE : ratio.format(v));
