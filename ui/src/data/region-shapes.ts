import { useQuery } from '@tanstack/react-query';
// The repository's own outlines (data/, also used by the API for areas); Vite copies the file into
// the build with a content hash, so the console never serves a stale shape.
import shapesUrl from '../../../data/france-regions.geojson?url';

export interface RegionShapes {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; nom: string }; geometry: unknown }[];
}

export function useRegionShapes() {
  return useQuery({
    queryKey: ['region-shapes'],
    queryFn: async () => {
      const res = await fetch(shapesUrl);
      if (!res.ok) throw new Error(`region outlines: HTTP ${res.status}`);
      return (await res.json()) as RegionShapes;
    },
    // The outlines never change while the page is open.
    staleTime: Infinity,
    refetchInterval: false,
  });
}
