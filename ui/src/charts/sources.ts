import { ALL_SOURCES } from '../../../lib/domain/sources';

/**
 * One colour per production source, the same on every chart, chosen with the conventions of
 * energy charts (nuclear yellow, wind teal, solar orange, hydro blue, fossil greys and browns).
 */
const COLOURS: Record<string, string> = {
  nucleaire: '#f2c12e',
  eolien: '#2a9d8f',
  solaire: '#f4a261',
  hydraulique: '#2b6cb0',
  bioenergies: '#4d9a3a',
  gaz: '#8d6e63',
  charbon: '#4a4a4a',
  fioul: '#7b3f61',
  thermique: '#8d6e63',
  pompage: '#90cdf4',
  stockage_batterie: '#b794f4',
  destockage_batterie: '#805ad5',
};

export const sourceColour = (code: string) => COLOURS[code] ?? '#a0aec0';

/** Stacking order, bottom to top: baseload first, so the variable sources ride on top. */
const ORDER = Object.keys(COLOURS);
export const bySourceOrder = (a: string, b: string) =>
  (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99);

/** The API's own labels (lib/domain/sources.ts, pure data), for series that carry codes only (the daily rollups). */
const LABELS = new Map(ALL_SOURCES.map((s) => [s.code, s.label]));

export const sourceLabel = (code: string) => LABELS.get(code) ?? code;
