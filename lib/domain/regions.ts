/**
 * The 13 metropolitan regions by INSEE code (2016 boundaries), as in data/france-regions.geojson.
 * Corsica (94) exists in the shapes but RTE's regional eCO2mix feed does not publish it.
 */
export interface Region {
  code: string;
  name: string;
  inRegionalFeed: boolean;
}

export const REGIONS: readonly Region[] = [
  { code: '11', name: 'Île-de-France', inRegionalFeed: true },
  { code: '24', name: 'Centre-Val de Loire', inRegionalFeed: true },
  { code: '27', name: 'Bourgogne-Franche-Comté', inRegionalFeed: true },
  { code: '28', name: 'Normandie', inRegionalFeed: true },
  { code: '32', name: 'Hauts-de-France', inRegionalFeed: true },
  { code: '44', name: 'Grand Est', inRegionalFeed: true },
  { code: '52', name: 'Pays de la Loire', inRegionalFeed: true },
  { code: '53', name: 'Bretagne', inRegionalFeed: true },
  { code: '75', name: 'Nouvelle-Aquitaine', inRegionalFeed: true },
  { code: '76', name: 'Occitanie', inRegionalFeed: true },
  { code: '84', name: 'Auvergne-Rhône-Alpes', inRegionalFeed: true },
  { code: '93', name: "Provence-Alpes-Côte d'Azur", inRegionalFeed: true },
  { code: '94', name: 'Corse', inRegionalFeed: false },
];

const byCode = new Map(REGIONS.map((r) => [r.code, r]));

export function findRegion(code: string): Region | undefined {
  return byCode.get(code);
}
