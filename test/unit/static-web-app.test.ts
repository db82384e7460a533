import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONSOLE_ROUTES } from '../../graphql/console-routes';

/**
 * The console deployed as a static site (Azure Static Web Apps, ui/public/staticwebapp.config.json):
 * every client-side route is answered index.html, as the API answers it; the built files are not.
 */

const config = JSON.parse(
  readFileSync(path.join(__dirname, '../../ui/public/staticwebapp.config.json'), 'utf8'),
) as { navigationFallback: { rewrite: string; exclude: string[] }; globalHeaders: Record<string, string> };

/** Static Web Apps' wildcard patterns: `*` any characters, `{a,b}` alternatives. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]+)\}/g, (_, alts: string) => `(${alts.split(',').join('|')})`)
    .replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

const excluded = (p: string) => config.navigationFallback.exclude.some((g) => globToRegExp(g).test(p));

test('every console route falls back to index.html', () => {
  expect(config.navigationFallback.rewrite).toBe('/index.html');
  for (const route of CONSOLE_ROUTES) {
    const example = route.replace(/:[a-z]+/g, '75');
    expect([example, excluded(example)]).toEqual([example, false]);
  }
});

test('built assets and data files are served as files, not the page', () => {
  for (const file of [
    '/assets/index-abc123.js',
    '/assets/echarts-x.js',
    '/favicon.svg',
    '/assets/france-regions-1.geojson',
  ]) {
    expect([file, excluded(file)]).toEqual([file, true]);
  }
});

test('the static site forbids MIME sniffing and framing', () => {
  expect(config.globalHeaders['X-Content-Type-Options']).toBe('nosniff');
  expect(config.globalHeaders['X-Frame-Options']).toBe('DENY');
});
