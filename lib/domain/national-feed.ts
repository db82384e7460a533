/**
 * Vocabulary of the national eCO2mix feed beyond its sources (lib/domain/sources.ts): the
 * technology components that break a source down, and the borders of the commercial exchanges.
 * Declared once: the gold loader (activities/sources/rte-national/gold.ts) reads the feed with them
 * and the API validates its arguments against them.
 */

/** Feed column of each component, with the national source it details. */
export const NATIONAL_COMPONENT_SOURCES: Readonly<Record<string, string>> = {
  fioul_tac: 'fioul',
  fioul_cogen: 'fioul',
  fioul_autres: 'fioul',
  gaz_tac: 'gaz',
  gaz_cogen: 'gaz',
  gaz_ccg: 'gaz',
  gaz_autres: 'gaz',
  hydraulique_fil_eau_eclusee: 'hydraulique',
  hydraulique_lacs: 'hydraulique',
  hydraulique_step_turbinage: 'hydraulique',
  bioenergies_dechets: 'bioenergies',
  bioenergies_biomasse: 'bioenergies',
  bioenergies_biogaz: 'bioenergies',
  eolien_terrestre: 'eolien',
  eolien_offshore: 'eolien',
};

/** Borders of the commercial exchanges (feed columns `ech_comm_<border>`). */
export const NATIONAL_EXCHANGE_BORDERS: readonly string[] = [
  'angleterre',
  'espagne',
  'italie',
  'suisse',
  'allemagne_belgique',
];
