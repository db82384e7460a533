import { loadRegionFeatures, polygonsOf, REGIONS_GEOJSON, type Ring } from './region-shapes';

/** Even-odd ray casting: is (lon, lat) inside the ring? Degrees are fine at regional scale. */
function insideRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The INSEE code of the region containing a point, or undefined at sea and abroad. Built for
 * weather grids: a point on a shared border falls in one of the two regions, which is enough for
 * an average over dozens of grid points.
 */
export function regionLocator(file = REGIONS_GEOJSON): (lon: number, lat: number) => string | undefined {
  const shapes = loadRegionFeatures(file).map((f) => {
    const polygons = polygonsOf(f.geometry);
    const xs = polygons.flatMap((p) => p[0]?.map((pt) => pt[0]) ?? []);
    const ys = polygons.flatMap((p) => p[0]?.map((pt) => pt[1]) ?? []);
    return {
      code: f.properties.code,
      polygons,
      box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const,
    };
  });
  return (lon, lat) => {
    for (const s of shapes) {
      const [x0, y0, x1, y1] = s.box;
      if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
      for (const [outer, ...holes] of s.polygons) {
        if (outer && insideRing(lon, lat, outer) && !holes.some((h) => insideRing(lon, lat, h)))
          return s.code;
      }
    }
    return undefined;
  };
}
