import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONFIG_ENV_VARIABLES, loadConfig } from '../../activities/config';
import { ConfigError } from '../../lib/config';

/**
 * docker-compose.yml against the configuration schema. docker-compose itself (v1, as in
 * `npm run compose:check`) resolves the file, anchors and `${VAR:?}` placeholders included, with
 * the fake values of test/compose-check.env; then every variable set on a service built from the
 * Dockerfile must be one the configuration reads (a misspelt name would otherwise be ignored
 * silently), and the real configuration loader must accept each service's environment.
 */

const ROOT = path.join(__dirname, '..', '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const FAKE_VARIABLES = path.join(ROOT, 'test', 'compose-check.env');

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  expose?: string[];
  ports?: (string | { published?: number; host_ip?: string })[];
  volumes?: string[];
}

/** The file as docker-compose resolves it, without the caller's shell variables. */
function resolveCompose(file: string): Record<string, Service> {
  const out = execFileSync(
    'docker-compose',
    ['--env-file', FAKE_VARIABLES, '-f', file, '--project-directory', ROOT, 'config'],
    { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, encoding: 'utf8' },
  );
  return (parseYaml(out) as { services: Record<string, Service> }).services;
}

/** The services running the platform's code: those built from the Dockerfile. */
function platformServices(services: Record<string, Service>): [string, Service][] {
  return Object.entries(services).filter(([, s]) => s.build !== undefined);
}

/** Variables set without a value pass the shell's through; unset there, the process has none. */
function processEnv(service: Service): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).filter((e): e is [string, string] => e[1] !== null),
  );
}

function unknownVariables(service: Service): string[] {
  return Object.keys(service.environment ?? {}).filter((name) => !CONFIG_ENV_VARIABLES.has(name));
}

/** A copy of docker-compose.yml with one edit, resolved the same way. */
function resolveEdited(from: string, to: string): Record<string, Service> {
  const original = readFileSync(COMPOSE_FILE, 'utf8');
  expect(original).toContain(from);
  const dir = mkdtempSync(path.join(tmpdir(), 'gps-compose-'));
  try {
    const file = path.join(dir, 'docker-compose.yml');
    writeFileSync(file, original.replace(from, to));
    return resolveCompose(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const services = resolveCompose(COMPOSE_FILE);

describe('docker-compose.yml', () => {
  it('runs the platform as the worker image, two ingest workers, a transform worker and the API', () => {
    expect(platformServices(services).map(([name]) => name)).toEqual(
      expect.arrayContaining(['api', 'lake-setup', 'temporal-setup', 'worker', 'worker-transform']),
    );
    expect(services.worker?.deploy?.replicas).toBe(2);
    expect(services['temporal-setup']?.command).toEqual(['node', 'dist/workers/apply-schedules.js']);
    expect(services.api?.command).toEqual(['node', 'dist/workers/api.js']);
  });

  it.each(platformServices(services))('%s sets only variables the configuration reads', (_, service) => {
    expect(unknownVariables(service)).toEqual([]);
  });

  it.each(platformServices(services))(
    '%s: its environment loads with Gold on SQL Server and the lake on Azurite',
    (_, service) => {
      const config = loadConfig(processEnv(service));
      expect(config.db.client).toBe('mssql');
      if (config.db.client !== 'mssql') return;
      expect(config.db.writer).toMatchObject({
        server: 'sqlserver',
        database: 'gold',
        auth: { kind: 'sql', user: 'gps_writer' },
      });
      expect(config.db.reader).toMatchObject({
        server: 'sqlserver',
        database: 'gold',
        auth: { kind: 'sql', user: 'gps_reader' },
      });
      expect(config.lake).toMatchObject({
        backend: 'azure-blob',
        container: 'lake',
        auth: { kind: 'connection-string' },
      });
      expect(config.temporal).toMatchObject({
        address: 'temporal:7233',
        embedded: false,
        security: { tls: false },
      });
      expect(config.auth.mode).toBe('azure');
    },
  );

  it('serves /metrics from the workers and the API on the compose network only', () => {
    for (const name of ['worker', 'worker-transform']) {
      const config = loadConfig(processEnv(services[name] as Service));
      expect(config.observability).toEqual({
        metrics: { host: '0.0.0.0', port: 9464 },
        temporalMetricsAddress: '0.0.0.0:9465',
      });
      expect(services[name]?.expose).toEqual(['9464', '9465']);
    }
    expect(loadConfig(processEnv(services.api as Service)).observability.metrics).toEqual({
      host: '0.0.0.0',
      port: 9464,
    });
    expect(services.api?.expose).toEqual(['9464']);
    // Whatever is published is published on loopback, and never a metrics port.
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) {
        const spec = typeof port === 'string' ? port : `${port.host_ip ?? ''}:${port.published ?? ''}`;
        expect({ name, spec, loopback: spec.startsWith('127.0.0.1:') }).toEqual({
          name,
          spec,
          loopback: true,
        });
        expect(spec).not.toMatch(/:946[45]\b/);
      }
    }
  });

  it('creates the Gold logins and runs roles.sql before the first migration, which the other processes wait for', () => {
    const setup = services['gold-db-setup'] as Service;
    expect(setup.entrypoint).toEqual(['/opt/mssql-tools18/bin/sqlcmd']);
    const script = setup.command?.[setup.command.indexOf('-i') + 1] ?? '';
    const mount = (setup.volumes ?? [])
      .map((v) => v.split(':'))
      .find(([, target]) => script.startsWith(`${target}/`));
    expect(mount).toBeDefined();
    const [source, target] = mount as string[];
    const onHost = (file: string) => path.join(source as string, path.relative(target as string, file));
    // The script and the roles.sql it includes are the repository's files, seen through the mount.
    const sql = readFileSync(onHost(script), 'utf8');
    const included = [...sql.matchAll(/^:r\s+(\S+)/gm)].map((m) => m[1] as string);
    expect(included).toHaveLength(1);
    expect(readFileSync(onHost(included[0] as string), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'db', 'sqlserver', 'roles.sql'), 'utf8'),
    );
    for (const login of ['gps_writer', 'gps_reader']) {
      expect(sql).toContain(`CREATE LOGIN ${login}`);
      expect(sql).toContain(`CREATE USER ${login} FOR LOGIN ${login}`);
    }
    expect(sql).toMatch(/ALTER ROLE gps_writer_role ADD MEMBER gps_writer;/);
    expect(sql).toMatch(/ALTER ROLE gps_reader_role ADD MEMBER gps_reader;/);
    // The passwords reach sqlcmd through its environment, never its command line.
    expect(Object.keys(setup.environment ?? {}).sort()).toEqual([
      'GOLD_READER_PASSWORD',
      'GOLD_WRITER_PASSWORD',
      'SQLCMDPASSWORD',
    ]);
    expect(setup.command?.join(' ')).not.toMatch(/-P|Compose-check/);

    expect(services['worker-transform']?.depends_on).toMatchObject({
      'gold-db-setup': { condition: 'service_completed_successfully' },
      'lake-setup': { condition: 'service_completed_successfully' },
      'temporal-setup': { condition: 'service_completed_successfully' },
    });
    for (const name of ['worker', 'api']) {
      expect(services[name]?.depends_on).toMatchObject({
        'worker-transform': { condition: 'service_healthy' },
      });
    }
  });

  it('takes every secret and tenant-specific value from a required variable, none from the file', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    for (const line of readFileSync(FAKE_VARIABLES, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))) {
      const [name, value] = line.split('=', 2) as [string, string];
      expect(text).not.toContain(value);
      expect(text).toMatch(new RegExp(`\\$\\{${name}:\\?`));
    }
  });
});

describe('the check itself', () => {
  it('names a misspelt variable', () => {
    const edited = resolveEdited("GPS_METRICS_PORT: '9464'", "GPS_METRICS_PROT: '9464'");
    expect(unknownVariables(edited.api as Service)).toEqual(['GPS_METRICS_PROT']);
    expect(unknownVariables(edited.worker as Service)).toEqual([]);
  });

  it('refuses a value the schema does not accept', () => {
    const edited = resolveEdited('GPS_DB_CLIENT: mssql', 'GPS_DB_CLIENT: mssqll');
    expect(unknownVariables(edited.api as Service)).toEqual([]);
    expect(() => loadConfig(processEnv(edited.api as Service))).toThrow(ConfigError);
    expect(() => loadConfig(processEnv(edited.api as Service))).toThrow(/GPS_DB_CLIENT/);
  });
});
