import {
  loadRegionFeatures,
  polygonsOf,
  REGIONS_GEOJSON,
  type Polygon,
  type RegionFeature,
  type Ring,
} from './region-shapes';

/**
 * Region areas from the outlines in data/france-regions.geojson (WGS84 lon/lat), used when a
 * demographics file gives a population without an area.
 *
 * Method: area of a polygon on a sphere of the WGS84 authalic radius (6 371 007.2 m, the sphere
 * with the ellipsoid's surface), by the trapezoid form of the spherical-excess integral over each
 * edge, A = R²/2 · |Σ (λ₂ − λ₁)(2 + sin φ₁ + sin φ₂)| (Chamberlain & Duquette, "Some algorithms
 * for polygons on a sphere", JPL 2007). Holes are subtracted, the parts of a MultiPolygon added.
 * The outlines are simplified, so the figure is within a few percent of the official INSEE area
 * (Île-de-France: about 12 000 km²); dim_region records `area_source = 'geojson'` to say so.
 */
const AUTHALIC_RADIUS_M = 6_371_007.2;

const rad = (deg: number) => (deg * Math.PI) / 180;

function ringAreaM2(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[(i + 1) % ring.length]!;
    sum += rad(lon2 - lon1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
  }
  return Math.abs((sum * AUTHALIC_RADIUS_M * AUTHALIC_RADIUS_M) / 2);
}

function polygonAreaM2([outer, ...holes]: Polygon): number {
  if (!outer) return 0;
  return holes.reduce((area, hole) => area - ringAreaM2(hole), ringAreaM2(outer));
}

export function featureAreaKm2(geometry: RegionFeature['geometry']): number {
  return polygonsOf(geometry).reduce((sum, p) => sum + polygonAreaM2(p), 0) / 1e6;
}

export { REGIONS_GEOJSON };

let cached: Map<string, number> | undefined;

/** Area in km² per INSEE region code, computed once per process. */
export function regionAreasKm2(file = REGIONS_GEOJSON): Map<string, number> {
  if (cached && file === REGIONS_GEOJSON) return cached;
  const areas = new Map(loadRegionFeatures(file).map((f) => [f.properties.code, featureAreaKm2(f.geometry)]));
  if (file === REGIONS_GEOJSON) cached = areas;
  return areas;
}
