import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readMaintenanceSelectors, type MaintenanceSelectors } from './scrape/maintenance-selectors';
import { parseMssqlUrl, type MssqlTarget } from './mssql-url';
import { Redacted } from './redacted';

/**
 * The one typed configuration. Environment variables override embedded defaults; schedules and
 * task queues come from temporal.yaml. Anything wrong stops start-up with the variable's name.
 */

const boolFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(1).max(65535);

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
  GPS_DB_CLIENT: z.enum(['sqlite', 'pg', 'mssql']).default('sqlite'),
  GPS_DB_FILE: z.string().min(1).optional(),
  GPS_DB_URL: z.string().url().optional(),
  GPS_DB_READER_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  GPS_TEMPORAL_EMBEDDED: boolFromEnv.default(true),
  GPS_RTE_MODE: z.enum(['live', 'replay']).default('live'),
  GPS_ODRE_BASE_URL: z.string().url().default('https://odre.opendatasoft.com/api/explore/v2.1'),
  GPS_ODRE_API_KEY: z.string().min(1).optional(),
  GPS_RTE_INITIAL_WATERMARK: z.iso.datetime({ offset: true }).optional(),
  GPS_RTE_LOOKBACK_HOURS: z.coerce.number().positive().default(24),
  GPS_RTE_OVERLAP_MINUTES: z.coerce.number().int().min(0).default(60),
  GPS_FRESHNESS_PROBE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  GPS_WORKER_QUEUES: z
    .string()
    .default('ingest,transform')
    .transform((v) => v.split(',').map((q) => q.trim()))
    .pipe(z.array(z.enum(['ingest', 'transform'])).min(1)),
  GPS_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  GPS_API_HOST: z.string().min(1).default('127.0.0.1'),
  GPS_API_PORT: port.default(4000),
  GPS_API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  GPS_API_IP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  GPS_API_DEBUG: boolFromEnv.default(false),
  GPS_API_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(128),
  GPS_REPLAY_PORT: port.default(4010),
  GPS_MAINTENANCE_URL: z.string().url().optional(),
  GPS_MAINTENANCE_YAML: z.string().min(1).default('maintenance.yaml'),
  GPS_MAINTENANCE_MAX_PAGES: z.coerce.number().int().min(1).optional(),
  GPS_MAINTENANCE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  GPS_MAINTENANCE_REPLAY_PORT: port.default(4011),
  GPS_CHROMIUM_PATH: z.string().min(1).optional(),
  GPS_ERA5_URL: z.url({ protocol: /^https?$/ }).optional(),
  GPS_ERA5_CHUNK_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(8 * 1024 * 1024),
  GPS_ERA5_STAGING_DIR: z.string().min(1).optional(),
  GPS_OBJECT_STORE_REPLAY_PORT: port.default(4012),
  GPS_AUTH_MODE: z.enum(['local', 'azure']).default('local'),
  // Azure AD (Entra ID) bearer tokens; what each one means: docs/api-auth.md.
  AZURE_TENANT_ID: z.string().trim().min(1).optional(),
  AZURE_API_AUDIENCE: z.string().trim().min(1).optional(),
  AZURE_API_CLIENT_ID: z.guid("the API app registration's Application (client) ID, a GUID").optional(),
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
  GPS_REFERENCE_DB_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'sqlite:<file> or postgres://user:password@host/db')
    .optional(),
  GPS_ASSET_STALE_AFTER: z
    .string()
    .regex(/^\d+(s|m|h|d)$/, 'a duration such as 12h or 2d')
    .default('1d'),
  GPS_ASSET_INACTIVE_AFTER: z
    .string()
    .regex(/^\d+(s|m|h|d)$/, 'a duration such as 30d')
    .default('30d'),
});

const durationSchema = z.string().regex(/^\d+(s|m|h|d)$/, 'a duration such as 90s, 15m, 1h or 1d');

const scheduleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    workflow: z.string().min(1),
    taskQueue: z.string().min(1),
    every: durationSchema.optional(),
    cron: z.string().min(1).optional(),
    overlap: z.enum(['SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'TERMINATE_OTHER', 'ALLOW_ALL']),
    catchupWindow: durationSchema,
    paused: z.boolean().default(false),
    note: z.string().optional(),
    searchAttributes: z.record(z.string(), z.string()).default({}),
  })
  .refine((s) => (s.every === undefined) !== (s.cron === undefined), {
    message: 'give exactly one of `every` or `cron`',
  });

const temporalYamlSchema = z.object({
  taskQueues: z.object({ ingest: z.string().min(1), transform: z.string().min(1) }),
  schedules: z.array(scheduleSchema),
});

export type ScheduleDeclaration = z.infer<typeof scheduleSchema>;
export type TemporalDeclarations = z.infer<typeof temporalYamlSchema>;

export interface Config {
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
  temporal: {
    address: string;
    namespace: string;
    uiUrl: string;
    cliPath?: string;
    embedded: boolean;
    declarations: TemporalDeclarations;
  };
  rte: {
    mode: 'live' | 'replay';
    baseUrl: string;
    initialWatermark?: string;
    lookbackHours: number;
    overlapMinutes: number;
    httpTimeoutMs: number;
    /** Seconds between freshness probes of the regional feed; 0 turns the watcher off. */
    freshnessProbeSeconds: number;
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
    /** Memory for finished REST answers, MiB; 0 turns the cache off. */
    cacheMb: number;
  };
  /** Task queues this process's workers serve (`GPS_WORKER_QUEUES`, default both). */
  workerQueues: ('ingest' | 'transform')[];
  replayPort: number;
  maintenance: {
    /** First page of the listing; unset in live mode until an operator names the page to scrape. */
    url?: string;
    selectors: MaintenanceSelectors;
    /** Per navigation (document and the data it loads). */
    timeoutMs: number;
    chromiumPath: string;
    replayPort: number;
  };
  auth: { mode: 'local' } | AzureAuthConfig;
  /** Reference SQL database (sites -> grid nodes -> regions); unset: a demo SQLite file in dataDir. */
  reference: { dbUrl?: string; demoFile: string };
  /** Asset registry lifecycle: unseen this long, an asset becomes stale, then inactive. */
  assets: { staleAfterMs: number; inactiveAfterMs: number };
  /** ERA5 weather Parquet read by byte range from object storage (activities/sources/era5.ts). */
  era5: {
    /** HTTP(S) URL of the object (an Azure Blob through a SAS URL works); unset: the schedule skips. */
    url?: string;
    /** Bytes per Range request: the memory per step and the resume granularity. */
    chunkBytes: number;
    /** Worker-local directory for partially downloaded objects (resumed by a retry on this host). */
    stagingDir: string;
    httpTimeoutMs: number;
    replayPort: number;
  };
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
  { provider: 'env' } | { provider: 'keyvault'; vaultUrl: string; secretNames: { odreApiKey: string } };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function formatIssues(error: z.ZodError, where: string): string {
  return error.issues
    .map((i) => `  ${where}${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
}

export function loadTemporalDeclarations(file: string): TemporalDeclarations {
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
  return parsed.data;
}

/** Builds the configuration from an environment (process.env by default). Throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`invalid environment:\n${formatIssues(parsed.error, '')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.GPS_DATA_DIR);

  let db: Config['db'];
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

  let auth: Config['auth'];
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

  const selectorsFile = readMaintenanceSelectors(path.resolve(e.GPS_MAINTENANCE_YAML));
  if (!selectorsFile.ok) throw new ConfigError(selectorsFile.problem);
  const maintenanceSelectors = selectorsFile.value;

  const baseUrl =
    e.GPS_RTE_MODE === 'replay'
      ? `http://127.0.0.1:${e.GPS_REPLAY_PORT}/api/explore/v2.1`
      : e.GPS_ODRE_BASE_URL;

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
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      uiUrl: e.TEMPORAL_UI_URL,
      cliPath: e.TEMPORAL_CLI_PATH,
      embedded: e.GPS_TEMPORAL_EMBEDDED,
      declarations: loadTemporalDeclarations(path.resolve(e.GPS_TEMPORAL_YAML)),
    },
    rte: {
      mode: e.GPS_RTE_MODE,
      baseUrl: baseUrl.replace(/\/$/, ''),
      // The bundled recordings are from 2025; a replay run starts before them instead of "24 h ago".
      initialWatermark:
        e.GPS_RTE_INITIAL_WATERMARK ?? (e.GPS_RTE_MODE === 'replay' ? '2025-01-01T00:00:00Z' : undefined),
      lookbackHours: e.GPS_RTE_LOOKBACK_HOURS,
      overlapMinutes: e.GPS_RTE_OVERLAP_MINUTES,
      httpTimeoutMs: e.GPS_HTTP_TIMEOUT_MS,
      freshnessProbeSeconds: e.GPS_FRESHNESS_PROBE_SECONDS,
    },
    api: {
      host: e.GPS_API_HOST,
      port: e.GPS_API_PORT,
      rateLimitPerMinute: e.GPS_API_RATE_LIMIT_PER_MINUTE,
      ipRateLimitPerMinute: e.GPS_API_IP_RATE_LIMIT_PER_MINUTE,
      debug: e.GPS_API_DEBUG,
      cacheMb: e.GPS_API_CACHE_MB,
    },
    workerQueues: [...new Set(e.GPS_WORKER_QUEUES)],
    replayPort: e.GPS_REPLAY_PORT,
    maintenance: {
      url:
        e.GPS_MAINTENANCE_URL ??
        (e.GPS_RTE_MODE === 'replay'
          ? `http://127.0.0.1:${e.GPS_MAINTENANCE_REPLAY_PORT}/indisponibilites`
          : undefined),
      selectors: {
        ...maintenanceSelectors,
        maxPages: e.GPS_MAINTENANCE_MAX_PAGES ?? maintenanceSelectors.maxPages,
      },
      timeoutMs: e.GPS_MAINTENANCE_TIMEOUT_MS,
      chromiumPath: e.GPS_CHROMIUM_PATH ?? env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      replayPort: e.GPS_MAINTENANCE_REPLAY_PORT,
    },
    auth,
    reference: { dbUrl: e.GPS_REFERENCE_DB_URL, demoFile: path.join(dataDir, 'reference.sqlite') },
    assets: assetLifecycle(e.GPS_ASSET_STALE_AFTER, e.GPS_ASSET_INACTIVE_AFTER),
    era5: {
      url:
        e.GPS_ERA5_URL ??
        (e.GPS_RTE_MODE === 'replay'
          ? `http://127.0.0.1:${e.GPS_OBJECT_STORE_REPLAY_PORT}/era5/era5-france-sample.parquet`
          : undefined),
      chunkBytes: e.GPS_ERA5_CHUNK_BYTES,
      stagingDir: path.resolve(e.GPS_ERA5_STAGING_DIR ?? path.join(dataDir, 'staging', 'era5')),
      httpTimeoutMs: e.GPS_HTTP_TIMEOUT_MS,
      replayPort: e.GPS_OBJECT_STORE_REPLAY_PORT,
    },
  };
}

/** SQL Server / Azure SQL: two principals as on PostgreSQL; URL forms in lib/mssql-url.ts. */
function mssqlDbConfig(writerUrl: string | undefined, readerUrl: string | undefined): Config['db'] {
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

function assetLifecycle(staleAfter: string, inactiveAfter: string): Config['assets'] {
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

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
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
  return {
    provider: 'keyvault',
    vaultUrl: e.GPS_KEYVAULT_URL.replace(/\/$/, ''),
    secretNames: { odreApiKey: e.GPS_KEYVAULT_ODRE_API_KEY_SECRET },
  };
}

export function durationToMs(d: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(d);
  if (!m) throw new ConfigError(`not a duration: ${d}`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}
