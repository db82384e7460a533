import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { boolFromEnv } from './env-values';
import { temporalSecurity, temporalSecurityEnv, type TemporalSecurity } from './temporal-security';
import { parseMssqlUrl, type MssqlTarget } from './mssql-url';
import { Redacted } from './redacted';

/**
 * The one typed configuration. Environment variables override embedded defaults; schedules and
 * task queues come from temporal.yaml. Anything wrong stops start-up with the variable's name.
 */

const port = z.coerce.number().int().min(1).max(65535);
// Digits only: an empty value must not coerce to 0, which would mean "keep forever".
const retentionDays = z
  .string()
  .regex(/^\d+$/, 'a whole number of days (0 keeps forever)')
  .transform(Number)
  .pipe(z.number().max(36_500, 'at most 36500 days (0 keeps forever)'));
/** Also the image's health check's, which must not load the whole configuration. */
export const DEFAULT_API_PORT = 4000;

// As the OpenTelemetry specification reads its variables, an empty one is an unset one.
const otlpEndpoint = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.url({ protocol: /^https?$/ }).optional(),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  GPS_DATA_DIR: z.string().min(1).default('.data'),
  GPS_TEMPORAL_YAML: z.string().min(1).default('temporal.yaml'),
  GPS_LAKE_BACKEND: z.enum(['local', 'azure-blob']).default('local'),
  GPS_LAKE_ROOT: z.string().min(1).optional(),
  GPS_LAKE_CONNECTION_STRING: z.string().min(1).optional(),
  GPS_LAKE_ACCOUNT_URL: z.url({ protocol: /^https$/ }).optional(),
  GPS_LAKE_CONTAINER: z
    .string()
    .regex(
      /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
      'a container name: 3-63 of a-z, 0-9 and single hyphens',
    )
    .optional(),
  // Entra ID object ids for `npm run lake:restrict-gold` (ADLS Gen2 only); kind: a user/service
  // principal/managed identity ('user' in ACL terms) or a group.
  GPS_LAKE_GOLD_WRITER_ID: z.string().trim().min(1).optional(),
  GPS_LAKE_GOLD_WRITER_KIND: z.enum(['user', 'group']).default('user'),
  GPS_LAKE_GOLD_READER_ID: z.string().trim().min(1).optional(),
  GPS_LAKE_GOLD_READER_KIND: z.enum(['user', 'group']).default('user'),
  GPS_SECRETS_PROVIDER: z.enum(['env', 'keyvault']).default('env'),
  GPS_KEYVAULT_URL: z.url({ protocol: /^https$/ }).optional(),
  GPS_KEYVAULT_ODRE_API_KEY_SECRET: z
    .string()
    .regex(/^[0-9a-zA-Z-]{1,127}$/, 'a Key Vault secret name: 1-127 of 0-9, a-z, A-Z and hyphens')
    .default('gps-odre-api-key'),
  GPS_KEYVAULT_ENTSOE_TOKEN_SECRET: z
    .string()
    .regex(/^[0-9a-zA-Z-]{1,127}$/, 'a Key Vault secret name: 1-127 of 0-9, a-z, A-Z and hyphens')
    .default('gps-entsoe-token'),
  GPS_KEYVAULT_ALERT_WEBHOOK_SECRET_SECRET: z
    .string()
    .regex(/^[0-9a-zA-Z-]{1,127}$/, 'a Key Vault secret name: 1-127 of 0-9, a-z, A-Z and hyphens')
    .default('gps-alert-webhook-secret'),
  GPS_KEYVAULT_ALERT_SMTP_PASSWORD_SECRET: z
    .string()
    .regex(/^[0-9a-zA-Z-]{1,127}$/, 'a Key Vault secret name: 1-127 of 0-9, a-z, A-Z and hyphens')
    .default('gps-alert-smtp-password'),
  GPS_DB_CLIENT: z.enum(['sqlite', 'pg', 'mssql']).default('sqlite'),
  GPS_DB_FILE: z.string().min(1).optional(),
  GPS_DB_URL: z.string().url().optional(),
  GPS_DB_READER_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  GPS_TEMPORAL_EMBEDDED: boolFromEnv.default(true),
  ...temporalSecurityEnv,
  GPS_RTE_MODE: z.enum(['live', 'replay']).default('live'),
  GPS_ODRE_API_KEY: z.string().min(1).optional(),
  GPS_ENTSOE_TOKEN: z.string().min(1).optional(),
  GPS_ALERT_WEBHOOK_SECRET: z.string().min(1).optional(),
  GPS_ALERT_SMTP_PASSWORD: z.string().min(1).optional(),
  GPS_WORKER_QUEUES: z
    .string()
    .default('ingest,transform')
    .transform((v) => v.split(',').map((q) => q.trim()))
    .pipe(z.array(z.enum(['ingest', 'transform'])).min(1)),
  GPS_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  GPS_API_HOST: z.string().min(1).default('127.0.0.1'),
  GPS_API_PORT: port.default(DEFAULT_API_PORT),
  GPS_API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  GPS_API_IP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  GPS_API_DEBUG: boolFromEnv.default(false),
  GPS_API_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(128),
  GPS_API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  // Origins (scheme://host[:port]) of a console hosted apart from the API, e.g. on Static Web Apps.
  GPS_API_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .url({ protocol: /^https?$/ })
          .refine(
            (o) => URL.canParse(o) && new URL(o).origin === o,
            'an origin: scheme://host[:port], no path or trailing slash',
          ),
      ),
    ),
  GPS_AUTH_MODE: z.enum(['local', 'azure']).default('local'),
  // Azure AD (Entra ID) bearer tokens; what each one means: docs/api-auth.md.
  AZURE_TENANT_ID: z.string().trim().min(1).optional(),
  AZURE_API_AUDIENCE: z.string().trim().min(1).optional(),
  AZURE_API_CLIENT_ID: z.guid("the API app registration's Application (client) ID, a GUID").optional(),
  AZURE_CONSOLE_CLIENT_ID: z
    .guid("the console app registration's Application (client) ID, a GUID")
    .optional(),
  AZURE_CONSOLE_SCOPES: z.string().trim().min(1).optional(),
  AZURE_AUTHORITY_HOST: z
    .url({ protocol: /^https$/, error: 'an https URL such as https://login.microsoftonline.com' })
    .default('https://login.microsoftonline.com'),
  GPS_AUTH_V1_ISSUER_HOST: z
    .url({ protocol: /^https$/, error: 'an https URL such as https://sts.windows.net' })
    .default('https://sts.windows.net'),
  GPS_AUTH_JWKS_URL: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL of a JSON Web Key Set' })
    .optional(),
  GPS_AUTH_JWKS_COOLDOWN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  GPS_ASSET_STALE_AFTER: z
    .string()
    .regex(/^\d+(s|m|h|d)$/, 'a duration such as 12h or 2d')
    .default('1d'),
  GPS_ASSET_INACTIVE_AFTER: z
    .string()
    .regex(/^\d+(s|m|h|d)$/, 'a duration such as 30d')
    .default('30d'),
  // Retention (docs/operations.md#retention): days each zone keeps; 0 keeps forever. Gold has none.
  GPS_RETENTION_BRONZE_DAYS: retentionDays.default(90),
  GPS_RETENTION_SILVER_DAYS: retentionDays.default(730),
  GPS_RETENTION_QUARANTINE_DAYS: retentionDays.default(180),
  GPS_RETENTION_AUDIT_DAYS: retentionDays.default(400),
  // Prometheus scrape endpoints (docs/operations.md, Observability): off unless a port is given.
  GPS_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  GPS_METRICS_PORT: port.optional(),
  GPS_TEMPORAL_METRICS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'host:port such as 127.0.0.1:9465')
    .optional(),
  // OpenTelemetry traces (docs/operations.md, Traces): the standard OTLP variables; off unless an
  // endpoint is given. The traces one is the full URL, the general one a base (+ /v1/traces).
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint,
  OTEL_SERVICE_NAME: z.string().trim().min(1).optional(),
});

/** Every variable the platform's own schema reads; the sources add theirs (activities/config.ts). */
export const PLATFORM_ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

const durationSchema = z.string().regex(/^\d+(s|m|h|d)$/, 'a duration such as 90s, 15m, 1h or 1d');

const overlapSchema = z.enum([
  'SKIP',
  'BUFFER_ONE',
  'BUFFER_ALL',
  'CANCEL_OTHER',
  'TERMINATE_OTHER',
  'ALLOW_ALL',
]);

/**
 * A schedule as temporal.yaml writes it: `source` names a registered source, whose descriptor
 * supplies every field left out (activities/sources/<id>/index.ts).
 */
const scheduleEntrySchema = z.object({
  source: z.string().min(1),
  id: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  workflow: z.string().min(1).optional(),
  taskQueue: z.string().min(1).optional(),
  every: durationSchema.optional(),
  cron: z.string().min(1).optional(),
  overlap: overlapSchema.optional(),
  catchupWindow: durationSchema.optional(),
  paused: z.boolean().optional(),
  note: z.string().optional(),
  searchAttributes: z.record(z.string(), z.string()).optional(),
});

const temporalYamlSchema = z.object({
  taskQueues: z.object({ ingest: z.string().min(1), transform: z.string().min(1) }),
  schedules: z.array(scheduleEntrySchema),
});

export type ScheduleOverlap = z.infer<typeof overlapSchema>;

/** A schedule with every field resolved: what `schedules:apply` reconciles into Temporal. */
export interface ScheduleDeclaration {
  id: string;
  source: string;
  workflow: string;
  taskQueue: string;
  every?: string;
  cron?: string;
  overlap: ScheduleOverlap;
  catchupWindow: string;
  paused: boolean;
  note?: string;
  searchAttributes: Record<string, string>;
}

export interface TemporalDeclarations {
  taskQueues: { ingest: string; transform: string };
  schedules: ScheduleDeclaration[];
}

/** What a source descriptor declares about its schedule; temporal.yaml may override any field. */
export interface ScheduleDefaults {
  id: string;
  every?: string;
  cron?: string;
  overlap: ScheduleOverlap;
  catchupWindow: string;
  /** Layer the scheduled run ends in (GpsLayer search attribute). */
  layer: 'bronze' | 'silver' | 'gold';
  note: string;
}

/** A registered source as the temporal.yaml check sees it. */
export interface ScheduledSource {
  id: string;
  /** The workflow its schedule starts (a key of the workflow exports). */
  workflow: string;
  schedule?: ScheduleDefaults;
}

/**
 * A source's share of the configuration: its environment variables (zod) and the typed value
 * built from them, found in the configuration under `key`.
 */
export interface ConfigSlice<
  Key extends string = string,
  Shape extends z.ZodRawShape = z.ZodRawShape,
  Value = unknown,
> {
  key: Key;
  env: Shape;
  build(env: z.infer<z.ZodObject<Shape>>, context: SliceContext): Value;
}

/** What every slice may read besides its own variables. */
export interface SliceContext {
  dataDir: string;
  /** GPS_RTE_MODE=replay: every source reads its offline stand-in (replay/). */
  replay: boolean;
  httpTimeoutMs: number;
  nodeEnv: PlatformConfig['env'];
  /** The raw environment, for fallbacks outside the GPS_ namespace (CHROMIUM_PATH). */
  rawEnv: NodeJS.ProcessEnv;
}

export function defineConfigSlice<Key extends string, Shape extends z.ZodRawShape, Value>(
  slice: ConfigSlice<Key, Shape, Value>,
): ConfigSlice<Key, Shape, Value> {
  return slice;
}

/** The configuration built from a list of slices: one property per slice key. */
export type SlicesConfig<S extends readonly ConfigSlice<string, z.ZodRawShape, unknown>[]> = {
  [K in S[number] as K['key']]: ReturnType<K['build']>;
};

/** The configuration every process shares; each source adds its slice (activities/config.ts). */
export interface PlatformConfig {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  lake: LakeConfig;
  /** Principals of the gold/ ACL; unset until an operator names them. */
  goldAcl: {
    writer?: { kind: 'user' | 'group'; objectId: string };
    reader?: { kind: 'user' | 'group'; objectId: string };
  };
  secrets: SecretsConfig;
  db:
    | { client: 'sqlite'; file: string }
    | { client: 'pg'; writerUrl: string; readerUrl: string }
    | { client: 'mssql'; writer: MssqlTarget; reader: MssqlTarget };
  /** `live` reads the upstream sources; `replay` their offline stand-ins (GPS_RTE_MODE). */
  sourceMode: 'live' | 'replay';
  /** Timeout of one HTTP request to a source. */
  httpTimeoutMs: number;
  temporal: {
    address: string;
    namespace: string;
    uiUrl: string;
    cliPath?: string;
    embedded: boolean;
    /** TLS and API key for the frontend (lib/temporal-security.ts). */
    security: TemporalSecurity;
    declarations: TemporalDeclarations;
  };
  api: {
    host: string;
    port: number;
    /** Requests per minute per token subject, on every authenticated route. */
    rateLimitPerMinute: number;
    /** Requests per minute per client address, before authentication (floods of bad tokens). */
    ipRateLimitPerMinute: number;
    /** Stack traces in GraphQL error responses; refused in production. */
    debug: boolean;
    /** Memory for finished REST answers, MiB; 0 turns the cache off. Each API process has its own. */
    cacheMb: number;
    /** API processes sharing the port (node:cluster); 1 serves from the starting process itself. */
    processes: number;
    /** Origins allowed to call the API from a browser (a console hosted elsewhere); none by default. */
    corsOrigins: string[];
  };
  /** Task queues this process's workers serve (`GPS_WORKER_QUEUES`, default both). */
  workerQueues: ('ingest' | 'transform')[];
  auth: { mode: 'local' } | AzureAuthConfig;
  /** Asset registry lifecycle: unseen this long, an asset becomes stale, then inactive. */
  assets: { staleAfterMs: number; inactiveAfterMs: number };
  /**
   * Days each zone keeps before the `lake-retention` schedule deletes it; 0 keeps it forever.
   * Gold has no entry on purpose: retention never deletes from it (activities/retention/).
   */
  retention: RetentionDays;
  observability: {
    /** This process's `/metrics` listener (GPS_METRICS_HOST/PORT); unset, no listener. */
    metrics?: { host: string; port: number };
    /** The Temporal SDK runtime's own Prometheus exporter, host:port; unset, none. */
    temporalMetricsAddress?: string;
    /** OTLP/HTTP traces (lib/tracing/); unset when no OTLP endpoint is configured. */
    traces?: TracesConfig;
  };
}

export interface TracesConfig {
  /** Where spans are POSTed: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else the general endpoint's /v1/traces. */
  url: string;
  /** OTEL_SERVICE_NAME; unset, each process names itself by its role (gps-worker, gps-api, ...). */
  serviceName?: string;
}

/** Retention per zone, in days; 0 keeps forever (docs/operations.md#retention). */
export interface RetentionDays {
  bronze: number;
  silver: number;
  quarantine: number;
  audit: number;
}

/**
 * Azure AD (Entra ID) access tokens as graphql/auth.ts verifies them: signed RS256 by a key of
 * `jwksUrl`, `iss` one of `issuers` (the tenant's v1 and v2 forms), `aud` one of `audiences`.
 */
export interface AzureAuthConfig {
  mode: 'azure';
  /** Directory (tenant) id, a GUID: the form the issuer names the tenant by. */
  tenantId: string;
  /** As configured (AZURE_API_AUDIENCE): the App ID URI, or the API's client id. */
  audience: string;
  /** Every accepted `aud`: the configured audience and, when given, the API's client id. */
  audiences: string[];
  /** `https://sts.windows.net/<tenant>/` (v1 tokens) and `<authority>/<tenant>/v2.0` (v2 tokens). */
  issuers: string[];
  /** `https://login.microsoftonline.com` by default; the sovereign clouds have their own. */
  authorityHost: string;
  /** The tenant's signing keys; fetched again on an unknown `kid`, at most once per cooldown. */
  jwksUrl: string;
  jwksCooldownMs: number;
  /**
   * What the console's MSAL sign-in needs, published by `/auth/config`: the console's own app
   * registration (a single-page application) and the delegated scopes it asks for the API.
   */
  console: { clientId?: string; scopes: string[] };
}

export type LakeConfig =
  | { backend: 'local'; root: string }
  | {
      backend: 'azure-blob';
      container: string;
      auth:
        | { kind: 'connection-string'; connectionString: Redacted }
        | { kind: 'default-credential'; accountUrl: string };
    };

/** Where secrets come from (lib/secrets.ts); values never sit in the configuration. */
export type SecretsConfig =
  | { provider: 'env' }
  | {
      provider: 'keyvault';
      vaultUrl: string;
      secretNames: {
        odreApiKey: string;
        entsoeToken: string;
        alertWebhookSecret: string;
        alertSmtpPassword: string;
      };
    };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function formatIssues(error: z.ZodError, where: string): string {
  return error.issues
    .map((i) => `  ${where}${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
}

/**
 * Reads temporal.yaml and resolves each schedule against the registered sources: a source or
 * workflow nothing registers stops start-up here, naming the entry, rather than at the first tick.
 */
export function loadTemporalDeclarations(
  file: string,
  sources: readonly ScheduledSource[],
): TemporalDeclarations {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = temporalYamlSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`invalid ${file}:\n${formatIssues(parsed.error, '')}`);
  }
  const problems: string[] = [];
  const schedules: ScheduleDeclaration[] = [];
  parsed.data.schedules.forEach((entry, index) => {
    const where = `schedules[${index}]`;
    const source = sources.find((s) => s.id === entry.source);
    if (!source) {
      problems.push(
        `${where}.source: "${entry.source}" is not a registered source (known: ${sources.map((s) => s.id).join(', ')})`,
      );
      return;
    }
    const workflow = entry.workflow ?? source.workflow;
    if (workflow !== source.workflow) {
      problems.push(
        `${where}.workflow: "${workflow}" is not the workflow of source ${source.id} (it runs ${source.workflow})`,
      );
      return;
    }
    const defaults = source.schedule;
    const id = entry.id ?? defaults?.id;
    if (!id) {
      problems.push(`${where}.id: source ${source.id} declares no schedule id; give one`);
      return;
    }
    const spec =
      entry.every !== undefined || entry.cron !== undefined
        ? { every: entry.every, cron: entry.cron }
        : { every: defaults?.every, cron: defaults?.cron };
    if ((spec.every === undefined) === (spec.cron === undefined)) {
      problems.push(`${where}: give exactly one of \`every\` or \`cron\``);
      return;
    }
    const declaredSource = entry.searchAttributes?.GpsSource;
    if (declaredSource !== undefined && declaredSource !== source.id) {
      problems.push(
        `${where}.searchAttributes.GpsSource: "${declaredSource}" contradicts source ${source.id}`,
      );
      return;
    }
    const overlap = entry.overlap ?? defaults?.overlap;
    const catchupWindow = entry.catchupWindow ?? defaults?.catchupWindow;
    if (!overlap || !catchupWindow) {
      problems.push(
        `${where}: source ${source.id} declares no schedule defaults; give overlap and catchupWindow`,
      );
      return;
    }
    schedules.push({
      id,
      source: source.id,
      workflow,
      taskQueue: entry.taskQueue ?? parsed.data.taskQueues.ingest,
      ...spec,
      overlap,
      catchupWindow,
      paused: entry.paused ?? false,
      note: entry.note ?? defaults?.note,
      searchAttributes: {
        GpsSource: source.id,
        ...(defaults ? { GpsLayer: defaults.layer } : {}),
        ...entry.searchAttributes,
      },
    });
  });
  const ids = schedules.map((s) => s.id);
  const repeated = ids.filter((id, k) => ids.indexOf(id) !== k);
  if (repeated.length) problems.push(`schedule ids declared twice: ${[...new Set(repeated)].join(', ')}`);
  if (problems.length) throw new ConfigError(`invalid ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return { taskQueues: parsed.data.taskQueues, schedules };
}

/** What the configuration is built from besides the environment: the registered sources. */
export interface ConfigRegistry<S extends readonly ConfigSlice<string, z.ZodRawShape, unknown>[]> {
  slices: S;
  sources: readonly ScheduledSource[];
}

/**
 * Builds the configuration from an environment: the platform's variables and every slice's,
 * validated together so one message lists every mistake. Throws ConfigError.
 */
export function loadConfigWith<S extends readonly ConfigSlice<string, z.ZodRawShape, unknown>[]>(
  env: NodeJS.ProcessEnv,
  registry: ConfigRegistry<S>,
): PlatformConfig & SlicesConfig<S> {
  const slices = uniqueSlices(registry.slices);
  const schema = envSchema.extend(Object.assign({}, ...slices.map((s) => s.env)) as z.ZodRawShape);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`invalid environment:\n${formatIssues(parsed.error, '')}`);
  }
  const e = parsed.data as ParsedEnv;
  const platform = platformConfig(e, registry.sources);
  const context: SliceContext = {
    dataDir: platform.dataDir,
    replay: platform.sourceMode === 'replay',
    httpTimeoutMs: platform.httpTimeoutMs,
    nodeEnv: platform.env,
    rawEnv: env,
  };
  const built = Object.fromEntries(slices.map((s) => [s.key, s.build(parsed.data as never, context)]));
  return { ...platform, ...built } as PlatformConfig & SlicesConfig<S>;
}

/** Two sources may share a slice (both eCO2mix feeds read ODRE); two different slices may not share a key. */
function uniqueSlices(
  slices: readonly ConfigSlice<string, z.ZodRawShape, unknown>[],
): ConfigSlice<string, z.ZodRawShape, unknown>[] {
  const byKey = new Map<string, ConfigSlice<string, z.ZodRawShape, unknown>>();
  for (const slice of slices) {
    const known = byKey.get(slice.key);
    if (known && known !== slice) throw new ConfigError(`two configuration slices use the key ${slice.key}`);
    byKey.set(slice.key, slice);
  }
  return [...byKey.values()];
}

function platformConfig(e: ParsedEnv, sources: readonly ScheduledSource[]): PlatformConfig {
  const dataDir = path.resolve(e.GPS_DATA_DIR);

  let db: PlatformConfig['db'];
  if (e.GPS_DB_CLIENT === 'pg') {
    if (!e.GPS_DB_URL) throw new ConfigError('GPS_DB_URL is required when GPS_DB_CLIENT=pg');
    if (!e.GPS_DB_READER_URL) {
      throw new ConfigError(
        'GPS_DB_READER_URL is required when GPS_DB_CLIENT=pg (the API reads as a read-only role)',
      );
    }
    db = { client: 'pg', writerUrl: e.GPS_DB_URL, readerUrl: e.GPS_DB_READER_URL };
  } else if (e.GPS_DB_CLIENT === 'mssql') {
    db = mssqlDbConfig(e.GPS_DB_URL, e.GPS_DB_READER_URL);
  } else {
    db = { client: 'sqlite', file: path.resolve(e.GPS_DB_FILE ?? path.join(dataDir, 'gold.sqlite')) };
  }

  let auth: PlatformConfig['auth'];
  if (e.GPS_AUTH_MODE === 'azure') {
    auth = azureAuthConfig(e);
  } else {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError(
        'GPS_AUTH_MODE=local is refused when NODE_ENV=production: set GPS_AUTH_MODE=azure',
      );
    }
    auth = { mode: 'local' };
  }

  if (e.GPS_API_DEBUG && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'GPS_API_DEBUG=true is refused when NODE_ENV=production (stack traces in responses)',
    );
  }

  return {
    env: e.NODE_ENV,
    dataDir,
    lake: lakeConfig(e, dataDir),
    goldAcl: {
      writer: e.GPS_LAKE_GOLD_WRITER_ID
        ? { kind: e.GPS_LAKE_GOLD_WRITER_KIND, objectId: e.GPS_LAKE_GOLD_WRITER_ID }
        : undefined,
      reader: e.GPS_LAKE_GOLD_READER_ID
        ? { kind: e.GPS_LAKE_GOLD_READER_KIND, objectId: e.GPS_LAKE_GOLD_READER_ID }
        : undefined,
    },
    secrets: secretsConfig(e),
    db,
    sourceMode: e.GPS_RTE_MODE,
    httpTimeoutMs: e.GPS_HTTP_TIMEOUT_MS,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      uiUrl: e.TEMPORAL_UI_URL,
      cliPath: e.TEMPORAL_CLI_PATH,
      embedded: e.GPS_TEMPORAL_EMBEDDED,
      security: temporalSecurity(e.TEMPORAL_ADDRESS, e),
      declarations: loadTemporalDeclarations(path.resolve(e.GPS_TEMPORAL_YAML), sources),
    },
    api: {
      host: e.GPS_API_HOST,
      port: e.GPS_API_PORT,
      rateLimitPerMinute: e.GPS_API_RATE_LIMIT_PER_MINUTE,
      ipRateLimitPerMinute: e.GPS_API_IP_RATE_LIMIT_PER_MINUTE,
      debug: e.GPS_API_DEBUG,
      cacheMb: e.GPS_API_CACHE_MB,
      processes: e.GPS_API_PROCESSES,
      corsOrigins: e.GPS_API_CORS_ORIGINS,
    },
    workerQueues: [...new Set(e.GPS_WORKER_QUEUES)],
    auth,
    assets: assetLifecycle(e.GPS_ASSET_STALE_AFTER, e.GPS_ASSET_INACTIVE_AFTER),
    retention: {
      bronze: e.GPS_RETENTION_BRONZE_DAYS,
      silver: e.GPS_RETENTION_SILVER_DAYS,
      quarantine: e.GPS_RETENTION_QUARANTINE_DAYS,
      audit: e.GPS_RETENTION_AUDIT_DAYS,
    },
    observability: {
      metrics:
        e.GPS_METRICS_PORT === undefined ? undefined : { host: e.GPS_METRICS_HOST, port: e.GPS_METRICS_PORT },
      temporalMetricsAddress: e.GPS_TEMPORAL_METRICS_ADDRESS,
      traces: tracesConfig(e),
    },
  };
}

/** The OTLP exporter's own rule: the signal's endpoint as is, else the base one plus v1/traces. */
function tracesConfig(e: ParsedEnv): TracesConfig | undefined {
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url =
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  return url ? { url, serviceName: e.OTEL_SERVICE_NAME } : undefined;
}

/** SQL Server / Azure SQL: two principals as on PostgreSQL; URL forms in lib/mssql-url.ts. */
function mssqlDbConfig(writerUrl: string | undefined, readerUrl: string | undefined): PlatformConfig['db'] {
  if (!writerUrl) throw new ConfigError('GPS_DB_URL is required when GPS_DB_CLIENT=mssql');
  if (!readerUrl) {
    throw new ConfigError(
      'GPS_DB_READER_URL is required when GPS_DB_CLIENT=mssql (the API reads as a SELECT-only user)',
    );
  }
  const writer = parseMssqlUrl(writerUrl, 'GPS_DB_URL');
  if (!writer.ok) throw new ConfigError(writer.problem);
  const reader = parseMssqlUrl(readerUrl, 'GPS_DB_READER_URL');
  if (!reader.ok) throw new ConfigError(reader.problem);
  const w = writer.value.auth;
  const r = reader.value.auth;
  if (w.kind === 'sql' && r.kind === 'sql' && w.user.toLowerCase() === r.user.toLowerCase()) {
    throw new ConfigError(
      'GPS_DB_READER_URL names the same login as GPS_DB_URL: the API must read as its own SELECT-only user',
    );
  }
  return { client: 'mssql', writer: writer.value, reader: reader.value };
}

function assetLifecycle(staleAfter: string, inactiveAfter: string): PlatformConfig['assets'] {
  const assets = { staleAfterMs: durationToMs(staleAfter), inactiveAfterMs: durationToMs(inactiveAfter) };
  if (assets.inactiveAfterMs <= assets.staleAfterMs) {
    throw new ConfigError('GPS_ASSET_INACTIVE_AFTER must be longer than GPS_ASSET_STALE_AFTER');
  }
  return assets;
}

type ParsedEnv = z.infer<typeof envSchema>;

// Checked by shape only: the value is a secret and must not appear in the message.
const CONNECTION_STRING = /(^|;)\s*(AccountName|BlobEndpoint|UseDevelopmentStorage)\s*=/i;

function lakeConfig(e: ParsedEnv, dataDir: string): LakeConfig {
  if (e.GPS_LAKE_BACKEND === 'local') {
    return { backend: 'local', root: path.resolve(e.GPS_LAKE_ROOT ?? path.join(dataDir, 'lake')) };
  }
  const when = 'when GPS_LAKE_BACKEND=azure-blob';
  if (!e.GPS_LAKE_CONTAINER) throw new ConfigError(`GPS_LAKE_CONTAINER is required ${when}`);
  if (e.GPS_LAKE_CONNECTION_STRING && e.GPS_LAKE_ACCOUNT_URL) {
    throw new ConfigError(`give GPS_LAKE_CONNECTION_STRING or GPS_LAKE_ACCOUNT_URL, not both, ${when}`);
  }
  if (e.GPS_LAKE_CONNECTION_STRING) {
    if (!CONNECTION_STRING.test(e.GPS_LAKE_CONNECTION_STRING)) {
      throw new ConfigError(
        'GPS_LAKE_CONNECTION_STRING is not a storage connection string (expected AccountName=…;AccountKey=…;BlobEndpoint=…)',
      );
    }
    return {
      backend: 'azure-blob',
      container: e.GPS_LAKE_CONTAINER,
      auth: { kind: 'connection-string', connectionString: new Redacted(e.GPS_LAKE_CONNECTION_STRING) },
    };
  }
  if (e.GPS_LAKE_ACCOUNT_URL) {
    return {
      backend: 'azure-blob',
      container: e.GPS_LAKE_CONTAINER,
      auth: { kind: 'default-credential', accountUrl: e.GPS_LAKE_ACCOUNT_URL.replace(/\/$/, '') },
    };
  }
  throw new ConfigError(
    `GPS_LAKE_CONNECTION_STRING or GPS_LAKE_ACCOUNT_URL (with an Azure identity) is required ${when}`,
  );
}

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
// Entra ID writes GUIDs in lower case in the claims; an App ID URI is compared as given.
const guidCase = (v: string) => (z.guid().safeParse(v).success ? v.toLowerCase() : v);

function azureAuthConfig(e: ParsedEnv): AzureAuthConfig {
  const when = 'when GPS_AUTH_MODE=azure';
  if (!e.AZURE_TENANT_ID) throw new ConfigError(`AZURE_TENANT_ID is required ${when}`);
  if (!e.AZURE_API_AUDIENCE) throw new ConfigError(`AZURE_API_AUDIENCE is required ${when}`);
  // Tokens name the tenant by its GUID (iss, tid); a domain name here would refuse every token.
  if (!z.guid().safeParse(e.AZURE_TENANT_ID).success) {
    throw new ConfigError(
      'AZURE_TENANT_ID must be the Directory (tenant) ID, a GUID (not a domain name): tokens name the tenant by it',
    );
  }
  const tenantId = e.AZURE_TENANT_ID.toLowerCase();
  const clientId = e.AZURE_API_CLIENT_ID?.toLowerCase();
  const authorityHost = e.AZURE_AUTHORITY_HOST.replace(/\/+$/, '');
  const v1IssuerHost = e.GPS_AUTH_V1_ISSUER_HOST.replace(/\/+$/, '');
  let jwksUrl = `${authorityHost}/${tenantId}/discovery/v2.0/keys`;
  if (e.GPS_AUTH_JWKS_URL) {
    const url = new URL(e.GPS_AUTH_JWKS_URL);
    // Plain HTTP only for a stand-in on this machine (tests), never in production.
    if (url.protocol === 'http:' && (e.NODE_ENV === 'production' || !LOOPBACK_HOSTS.has(url.hostname))) {
      throw new ConfigError(
        'GPS_AUTH_JWKS_URL must be https (plain http is accepted on loopback outside production only)',
      );
    }
    jwksUrl = url.href;
  }
  return {
    mode: 'azure',
    tenantId,
    audience: e.AZURE_API_AUDIENCE,
    audiences: [...new Set([guidCase(e.AZURE_API_AUDIENCE), ...(clientId ? [clientId] : [])])],
    issuers: [`${v1IssuerHost}/${tenantId}/`, `${authorityHost}/${tenantId}/v2.0`],
    authorityHost,
    jwksUrl,
    jwksCooldownMs: e.GPS_AUTH_JWKS_COOLDOWN_MS,
    console: {
      clientId: e.AZURE_CONSOLE_CLIENT_ID?.toLowerCase(),
      // The scope the API registration exposes (docs/api-auth.md, "Expose an API").
      scopes: e.AZURE_CONSOLE_SCOPES?.split(/[\s,]+/).filter(Boolean) ?? [
        `${e.AZURE_API_AUDIENCE.replace(/\/+$/, '')}/access_as_user`,
      ],
    },
  };
}

function secretsConfig(e: ParsedEnv): SecretsConfig {
  if (e.GPS_SECRETS_PROVIDER === 'env') return { provider: 'env' };
  if (!e.GPS_KEYVAULT_URL)
    throw new ConfigError('GPS_KEYVAULT_URL is required when GPS_SECRETS_PROVIDER=keyvault');
  // Two sources for one secret would leave the reader guessing which one is in use.
  if (e.GPS_ODRE_API_KEY) {
    throw new ConfigError(
      `GPS_ODRE_API_KEY is set but GPS_SECRETS_PROVIDER=keyvault reads the key from secret ${e.GPS_KEYVAULT_ODRE_API_KEY_SECRET}: unset one`,
    );
  }
  if (e.GPS_ENTSOE_TOKEN) {
    throw new ConfigError(
      `GPS_ENTSOE_TOKEN is set but GPS_SECRETS_PROVIDER=keyvault reads the token from secret ${e.GPS_KEYVAULT_ENTSOE_TOKEN_SECRET}: unset one`,
    );
  }
  if (e.GPS_ALERT_WEBHOOK_SECRET) {
    throw new ConfigError(
      `GPS_ALERT_WEBHOOK_SECRET is set but GPS_SECRETS_PROVIDER=keyvault reads it from secret ${e.GPS_KEYVAULT_ALERT_WEBHOOK_SECRET_SECRET}: unset one`,
    );
  }
  if (e.GPS_ALERT_SMTP_PASSWORD) {
    throw new ConfigError(
      `GPS_ALERT_SMTP_PASSWORD is set but GPS_SECRETS_PROVIDER=keyvault reads it from secret ${e.GPS_KEYVAULT_ALERT_SMTP_PASSWORD_SECRET}: unset one`,
    );
  }
  return {
    provider: 'keyvault',
    vaultUrl: e.GPS_KEYVAULT_URL.replace(/\/$/, ''),
    secretNames: {
      odreApiKey: e.GPS_KEYVAULT_ODRE_API_KEY_SECRET,
      entsoeToken: e.GPS_KEYVAULT_ENTSOE_TOKEN_SECRET,
      alertWebhookSecret: e.GPS_KEYVAULT_ALERT_WEBHOOK_SECRET_SECRET,
      alertSmtpPassword: e.GPS_KEYVAULT_ALERT_SMTP_PASSWORD_SECRET,
    },
  };
}

export function durationToMs(d: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(d);
  if (!m) throw new ConfigError(`not a duration: ${d}`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
