import { readFileSync } from 'node:fs';
import { fromPackageRoot } from '../package-root';

/** Region outlines of data/france-regions.geojson (WGS84 lon/lat, INSEE codes), read once per file. */
export type Ring = [number, number][];
export type Polygon = Ring[];

export interface RegionFeature {
  properties: { code: string; nom: string };
  geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
}

export const REGIONS_GEOJSON = fromPackageRoot('data', 'france-regions.geojson');

const loaded = new Map<string, RegionFeature[]>();

export function loadRegionFeatures(file = REGIONS_GEOJSON): RegionFeature[] {
  let features = loaded.get(file);
  if (!features) {
    features = (JSON.parse(readFileSync(file, 'utf8')) as { features: RegionFeature[] }).features;
    loaded.set(file, features);
  }
  return features;
}

export function polygonsOf(geometry: RegionFeature['geometry']): Polygon[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
