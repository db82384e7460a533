import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../lib/config';
import { loadConfig } from '../../activities/config';

/** The maintenance scraper's configuration: URL per mode, selectors from maintenance.yaml, overrides. */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gps-maint-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('live mode has no page until one is named; replay mode points at the local site', () => {
  expect(loadConfig({}).maintenance.url).toBeUndefined();
  expect(loadConfig({ GPS_RTE_MODE: 'replay', GPS_MAINTENANCE_REPLAY_PORT: '4998' }).maintenance.url).toBe(
    'http://127.0.0.1:4998/indisponibilites',
  );
  expect(loadConfig({ GPS_MAINTENANCE_URL: 'https://example.test/unavailabilities' }).maintenance.url).toBe(
    'https://example.test/unavailabilities',
  );
});

test('selectors and column labels come from maintenance.yaml; GPS_MAINTENANCE_MAX_PAGES overrides maxPages', () => {
  const { selectors, chromiumPath } = loadConfig({
    GPS_MAINTENANCE_MAX_PAGES: '7',
    GPS_CHROMIUM_PATH: '/opt/c',
  }).maintenance;
  expect(selectors).toMatchObject({
    table: 'table#maintenance-events',
    row: 'tbody tr',
    columns: { event_id: 'Identifiant', unavailable_mw: 'Puissance indisponible (MW)' },
    pagination: { next: 'nav.pagination a[rel="next"]' },
    noEventsMarker: '.no-events',
    maxPages: 7,
  });
  expect(chromiumPath).toBe('/opt/c');
});

test('a selectors file without a column stops start-up naming the missing entry', () => {
  const file = path.join(dir, 'broken.yaml');
  writeFileSync(file, readFileSync('maintenance.yaml', 'utf8').replace(/^ {2}unavailable_mw:.*$/m, ''));
  expect(() => loadConfig({ GPS_MAINTENANCE_YAML: file })).toThrow(ConfigError);
  expect(() => loadConfig({ GPS_MAINTENANCE_YAML: file })).toThrow(/columns\.unavailable_mw/);
  expect(() => loadConfig({ GPS_MAINTENANCE_YAML: path.join(dir, 'absent.yaml') })).toThrow(/cannot read/);
});
