import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The directory holding package.json. Files that are not code (data/, fixtures/, graphql/sdl,
 * ui/dist) stay there in the image too, while compiled modules move one level down into dist/:
 * resolving from here rather than from `__dirname` gives the same path under tsx and from dist/.
 */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** A path inside the package, e.g. `fromPackageRoot('data', 'france-regions.geojson')`. */
export function fromPackageRoot(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}
