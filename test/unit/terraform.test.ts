import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_ENV_VARIABLES } from '../../activities/config';

// Not imported: the package's typings carry `/// <reference lib="dom" />`, which would change
// Node's globals (Performance, ReadableStream) for the whole type-checked program.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('@cdktf/hcl2json') as {
  parse: (filename: string, content: string) => Promise<Record<string, unknown>>;
};

/**
 * infra/terraform as data: every .tf file parsed with @cdktf/hcl2json (no terraform binary, no
 * provider registry), then the security and cost rules checked on the parsed blocks. Each rule is
 * a function returning its problems; besides the real files passing, each rule is shown a copy
 * with one setting flipped and must complain, so no rule can pass vacuously.
 */

const DIR = path.join(__dirname, '..', '..', 'infra', 'terraform');

type Body = Record<string, unknown>;
/** hcl2json's shape: resource[type][name] = [body]; variable[name] = [body]; locals = [body…]. */
interface Tf {
  resource: Record<string, Record<string, Body[]>>;
  variable: Record<string, Body[]>;
  locals: Body[];
}

async function loadTerraform(): Promise<Tf> {
  const tf: Tf = { resource: {}, variable: {}, locals: [] };
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.tf'))) {
    const json = (await parse(file, readFileSync(path.join(DIR, file), 'utf8'))) as Partial<Tf>;
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      tf.resource[type] = { ...tf.resource[type], ...byName };
    }
    Object.assign(tf.variable, json.variable ?? {});
    tf.locals.push(...(json.locals ?? []));
  }
  return tf;
}

const clone = (tf: Tf): Tf => structuredClone(tf);
const resourcesOf = (tf: Tf, type: string): [string, Body][] =>
  Object.entries(tf.resource[type] ?? {}).map(([name, bodies]) => [name, bodies[0] ?? {}]);
const one = (tf: Tf, type: string, name: string): Body => tf.resource[type]?.[name]?.[0] ?? {};
const blocks = (body: Body, key: string): Body[] => (body[key] as Body[] | undefined) ?? [];
/** The first block of a kind; a fresh {} when absent (so a flip on it changes nothing and is noticed). */
const first = (body: Body, key: string): Body => blocks(body, key)[0] ?? {};
const local = (tf: Tf, name: string): unknown => tf.locals.find((l) => name in l)?.[name];

/** A literal, or `${var.x}` resolved to x's default: what an apply without tfvars would use. */
function value(tf: Tf, expr: unknown): unknown {
  const m = typeof expr === 'string' ? /^\$\{var\.([a-z0-9_]+)\}$/.exec(expr) : null;
  return m?.[1] ? tf.variable[m[1]]?.[0]?.default : expr;
}

// --- the rules ----------------------------------------------------------------------------

function lakeProblems(tf: Tf): string[] {
  const p: string[] = [];
  const lakes = resourcesOf(tf, 'azurerm_storage_account');
  if (lakes.length === 0) p.push('no storage account');
  for (const [name, sa] of lakes) {
    if (sa.is_hns_enabled !== true) p.push(`${name}: hierarchical namespace off`);
    if (sa.allow_nested_items_to_be_public !== false) p.push(`${name}: nested items may be public`);
    if (sa.min_tls_version !== 'TLS1_2') p.push(`${name}: min TLS ${String(sa.min_tls_version)}`);
    if (sa.https_traffic_only_enabled !== true) p.push(`${name}: plain HTTP allowed`);
    // The platform connects with GPS_LAKE_ACCOUNT_URL + DefaultAzureCredential, so no key is needed.
    if (sa.shared_access_key_enabled !== false) p.push(`${name}: shared key access on`);
  }
  const workerEnv = String(local(tf, 'worker_env'));
  if (!workerEnv.includes('GPS_LAKE_ACCOUNT_URL')) p.push('workers get no GPS_LAKE_ACCOUNT_URL');
  if (/CONNECTION_STRING/.test(JSON.stringify(tf))) p.push('a connection string is configured');
  return p;
}

/** The platform's one container and its layer folders (lib/lake, GPS_LAKE_CONTAINER). */
function filesystemProblems(tf: Tf): string[] {
  const p: string[] = [];
  const fs = one(tf, 'azurerm_storage_data_lake_gen2_filesystem', 'lake');
  // The platform's own check of GPS_LAKE_CONTAINER (lib/config.ts).
  if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(String(value(tf, fs.name)))) {
    p.push(`lake filesystem named ${String(value(tf, fs.name))}`);
  }
  const layers = one(tf, 'azurerm_storage_data_lake_gen2_path', 'layer');
  const dirs = [...String(layers.for_each ?? '').matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  for (const d of ['bronze', 'silver', 'gold']) {
    if (!dirs.includes(d)) p.push(`no ${d}/ directory`);
  }
  if (layers.resource !== 'directory') p.push('layers are not directories');
  if (!String(local(tf, 'worker_env')).includes('azurerm_storage_data_lake_gen2_filesystem.lake.name')) {
    p.push('GPS_LAKE_CONTAINER is not the lake filesystem');
  }
  return p;
}

function lifecycleProblems(tf: Tf): string[] {
  const p: string[] = [];
  const policies = resourcesOf(tf, 'azurerm_storage_management_policy');
  if (policies.length === 0) p.push('no lifecycle policy');
  const prefixes: string[] = [];
  for (const [, policy] of policies) {
    for (const rule of blocks(policy, 'rule')) {
      const rulePrefixes = blocks(rule, 'filters').flatMap((f) => (f.prefix_match as string[]) ?? []);
      // A rule without a prefix applies to the whole account, gold/ included.
      if (rulePrefixes.length === 0) p.push(`rule ${String(rule.name)} has no prefix`);
      for (const prefix of rulePrefixes) {
        prefixes.push(prefix);
        const folder = prefix.replace(/^[^/]*\//, '');
        if (folder === '' || folder.startsWith('gold')) p.push(`rule ${String(rule.name)} targets ${prefix}`);
      }
    }
  }
  if (!prefixes.some((x) => x.endsWith('/bronze/'))) p.push('no rule for bronze/');
  if (!prefixes.some((x) => x.endsWith('/silver/_rejected/'))) p.push('no rule for the quarantine');
  return p;
}

function sqlProblems(tf: Tf): string[] {
  const p: string[] = [];
  const server = one(tf, 'azurerm_mssql_server', 'gold');
  if (server.minimum_tls_version !== '1.2') p.push(`SQL TLS ${String(server.minimum_tls_version)}`);
  const admin = first(server, 'azuread_administrator');
  if (admin?.azuread_authentication_only !== true) p.push('SQL accepts SQL logins');
  if ('administrator_login_password' in server) p.push('SQL admin password');
  const db = one(tf, 'azurerm_mssql_database', 'gold');
  if (!/^GP_S_/.test(String(value(tf, db.sku_name))))
    p.push(`not serverless: ${String(value(tf, db.sku_name))}`);
  const pause = Number(value(tf, db.auto_pause_delay_in_minutes));
  if (!(pause >= 15)) p.push(`auto-pause ${pause}`);
  if (!(Number(value(tf, db.min_capacity)) > 0)) p.push('no min capacity');
  const firewall = resourcesOf(tf, 'azurerm_mssql_firewall_rule');
  if (!firewall.some(([, r]) => r.start_ip_address === '0.0.0.0' && r.end_ip_address === '0.0.0.0')) {
    p.push('no Azure-services firewall rule');
  }
  if (firewall.some(([, r]) => r.end_ip_address === '255.255.255.255')) p.push('SQL open to the internet');
  return p;
}

function keyVaultProblems(tf: Tf): string[] {
  const p: string[] = [];
  const kv = one(tf, 'azurerm_key_vault', 'main');
  if (kv.purge_protection_enabled !== true) p.push('purge protection off');
  if (kv.enable_rbac_authorization !== true && kv.rbac_authorization_enabled !== true)
    p.push('access policies');
  if (!(Number(value(tf, kv.soft_delete_retention_days)) >= 7)) p.push('soft delete retention');
  return p;
}

const API = 'azurerm_user_assigned_identity.api.';
const WORKER = 'azurerm_user_assigned_identity.worker.';
const API_ALLOWED = new Set(['Key Vault Secrets User', 'AcrPull']);
const WORKER_ALLOWED = new Set(['Storage Blob Data Contributor', 'Key Vault Secrets User', 'AcrPull']);
const PRIVILEGED = /Owner|Contributor|Administrator|Officer/;

function rolesOf(tf: Tf, identity: string): Body[] {
  return resourcesOf(tf, 'azurerm_role_assignment')
    .map(([, r]) => r)
    .filter((r) => String(r.principal_id).includes(identity));
}

function apiRoleProblems(tf: Tf): string[] {
  const p: string[] = [];
  for (const r of rolesOf(tf, API)) {
    const role = String(r.role_definition_name);
    if (!API_ALLOWED.has(role) || PRIVILEGED.test(role)) p.push(`API has ${role}`);
    if (/Storage/.test(role)) p.push('API has a storage role (it reads Gold from SQL only)');
    // Only the Temporal secrets, never the whole vault with the sources' tokens.
    const scope = String(r.scope);
    const target = scope.includes('each.value') ? String(r.for_each) : scope;
    if (role === 'Key Vault Secrets User' && !target.includes('azurerm_key_vault_secret.')) {
      p.push(`API reads secrets at scope ${scope}`);
    }
  }
  return p;
}

function workerRoleProblems(tf: Tf): string[] {
  const p: string[] = [];
  const roles = rolesOf(tf, WORKER).map((r) => String(r.role_definition_name));
  if (!roles.includes('Storage Blob Data Contributor')) p.push('worker cannot write the lake');
  if (!roles.includes('Key Vault Secrets User')) p.push('worker cannot read secrets');
  for (const role of roles) {
    if (!WORKER_ALLOWED.has(role)) p.push(`worker has ${role}`);
  }
  return p;
}

/** Rights by name only (an id could hide Owner), and each app runs as its own identity. */
function identityProblems(tf: Tf): string[] {
  const p: string[] = [];
  for (const [name, r] of resourcesOf(tf, 'azurerm_role_assignment')) {
    if ('role_definition_id' in r || typeof r.role_definition_name !== 'string')
      p.push(`${name}: role by id`);
  }
  const identitiesOf = (b: Body) => JSON.stringify(blocks(b, 'identity'));
  const api = one(tf, 'azurerm_container_app', 'api');
  if (!identitiesOf(api).includes(API) || identitiesOf(api).includes(WORKER)) p.push('API app identity');
  const worker = one(tf, 'azurerm_container_app', 'worker');
  if (!identitiesOf(worker).includes(WORKER) || identitiesOf(worker).includes(API))
    p.push('worker app identity');
  return p;
}

/** Names set in an HCL map literal, also inside a `${merge(…, { … })}` string. */
function mapKeys(expr: unknown): string[] {
  if (expr && typeof expr === 'object') return Object.keys(expr);
  return [...String(expr ?? '').matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*=/gm)].map((m) => m[1] as string);
}

/**
 * Every variable the containers get is one the platform reads (a misspelt name would be ignored
 * silently), or AZURE_CLIENT_ID, which DefaultAzureCredential reads; and /metrics is on.
 */
function containerEnvProblems(tf: Tf): string[] {
  const p: string[] = [];
  const sets: Record<string, string[]> = {
    common_env: mapKeys(local(tf, 'common_env')),
    worker_env: mapKeys(local(tf, 'worker_env')),
    api_env: mapKeys(local(tf, 'api_env')),
    temporal_secret_env: Object.values((local(tf, 'temporal_secret_env') as Record<string, string>) ?? {}),
  };
  for (const [where, names] of Object.entries(sets)) {
    for (const name of names) {
      if (name !== 'AZURE_CLIENT_ID' && !CONFIG_ENV_VARIABLES.has(name))
        p.push(`${where}: ${name} is read by nothing`);
    }
  }
  if (!sets.common_env?.includes('GPS_METRICS_PORT')) p.push('no GPS_METRICS_PORT: no /metrics listener');
  if (!sets.worker_env?.includes('GPS_TEMPORAL_METRICS_ADDRESS'))
    p.push('workers export no Temporal SDK metrics');
  return p;
}

/**
 * The console on the Static Web App may call the API (CORS), and plaintext Temporal is allowed only
 * when no Temporal credential is configured (the platform refuses it otherwise).
 */
function crossOriginAndTemporalProblems(tf: Tf): string[] {
  const p: string[] = [];
  const api = JSON.stringify(local(tf, 'api_env') ?? '');
  const common = JSON.stringify(local(tf, 'common_env') ?? '');
  if (!/GPS_API_CORS_ORIGINS\s*=.*azurerm_static_web_app\.console/.test(api))
    p.push("the API does not allow the Static Web App's origin");
  const plaintext = /GPS_TEMPORAL_ALLOW_PLAINTEXT\W+([^,}]*)/.exec(common)?.[1] ?? '';
  if (!plaintext.includes('var.temporal_auth == \\"none\\"'))
    p.push('GPS_TEMPORAL_ALLOW_PLAINTEXT not tied to temporal_auth = "none"');
  return p;
}

function containerAppProblems(tf: Tf): string[] {
  const p: string[] = [];
  const api = one(tf, 'azurerm_container_app', 'api');
  const ingress = first(api, 'ingress');
  if (ingress?.external_enabled !== true) p.push('API not reachable');
  if (ingress?.allow_insecure_connections === true) p.push('API over plain HTTP');
  const container = first(first(api, 'template'), 'container');
  if (first(container, 'liveness_probe').path !== '/livez') p.push('no /livez probe');
  if (first(container, 'readiness_probe').path !== '/readyz') p.push('no /readyz probe');
  const worker = one(tf, 'azurerm_container_app', 'worker');
  const min = Number(value(tf, first(worker, 'template').min_replicas));
  if (!(min >= 1 && min <= 2)) p.push(`worker min replicas ${min}`);
  return p;
}

function budgetProblems(tf: Tf): string[] {
  const p: string[] = [];
  const budgets = resourcesOf(tf, 'azurerm_consumption_budget_resource_group');
  const b = budgets[0]?.[1];
  if (!b || budgets.length !== 1) return [`${budgets.length} budgets`];
  if (value(tf, b.amount) !== 84) p.push(`budget ${String(value(tf, b.amount))}`);
  if (b.time_grain !== 'Monthly') p.push('budget not monthly');
  const notes = blocks(b, 'notification');
  const has = (type: string, threshold: number) =>
    notes.some(
      (n) =>
        n.threshold_type === type &&
        n.threshold === threshold &&
        n.enabled !== false &&
        String(n.contact_emails).includes('var.budget_contact_email'),
    );
  if (!has('Actual', 80)) p.push('no 80 % actual notification');
  if (!has('Forecasted', 100)) p.push('no 100 % forecasted notification');
  return p;
}

function entraProblems(tf: Tf): string[] {
  const p: string[] = [];
  const api = one(tf, 'azuread_application', 'api');
  const roles = blocks(api, 'app_role');
  for (const v of ['Reader', 'Admin']) {
    if (!roles.some((r) => r.value === v && r.enabled !== false)) p.push(`no app role ${v}`);
  }
  if (new Set(roles.map((r) => r.id)).size !== roles.length) p.push('app role ids collide');
  const scopes = blocks(first(api, 'api'), 'oauth2_permission_scope');
  const scope = scopes.find((s) => s.value === 'access_as_user');
  if (!scope) p.push('no access_as_user scope');
  const consoleApp = one(tf, 'azuread_application', 'console');
  const asks = blocks(consoleApp, 'required_resource_access').flatMap((r) => blocks(r, 'resource_access'));
  if (!asks.some((a) => a.type === 'Scope' && a.id === scope?.id))
    p.push('console does not ask for the scope');
  if (one(tf, 'azuread_application_redirect_uris', 'console').type !== 'SPA') p.push('console is not a SPA');
  return p;
}

// Types that take a `tags` map, and those that do not: a new resource type must be put in one
// list, so it cannot slip in untagged by omission.
const TAGGABLE = new Set([
  'azurerm_resource_group',
  'azurerm_storage_account',
  'azurerm_mssql_server',
  'azurerm_mssql_database',
  'azurerm_key_vault',
  'azurerm_key_vault_secret',
  'azurerm_user_assigned_identity',
  'azurerm_log_analytics_workspace',
  'azurerm_container_app_environment',
  'azurerm_container_app',
  'azurerm_container_app_job',
  'azurerm_static_web_app',
]);
const UNTAGGABLE = new Set([
  'azurerm_storage_data_lake_gen2_filesystem',
  'azurerm_storage_data_lake_gen2_path',
  'azurerm_storage_management_policy',
  'azurerm_mssql_firewall_rule',
  'azurerm_role_assignment',
  'azurerm_consumption_budget_resource_group',
  // azuread and random resources have no Azure tags (azuread "tags" are a different thing).
  'azuread_application',
  'azuread_service_principal',
  'azuread_application_redirect_uris',
  'azuread_service_principal_delegated_permission_grant',
  'random_string',
  'random_uuid',
]);

function tagProblems(tf: Tf): string[] {
  const p: string[] = [];
  if (!/^\$\{merge\(/.test(String(local(tf, 'tags'))) || !String(local(tf, 'tags')).includes('var.tags')) {
    p.push('local.tags does not merge var.tags');
  }
  for (const [type, byName] of Object.entries(tf.resource)) {
    if (!TAGGABLE.has(type) && !UNTAGGABLE.has(type)) p.push(`${type}: taggable or not? add it to a list`);
    if (!TAGGABLE.has(type)) continue;
    for (const [name, [body]] of Object.entries(byName)) {
      if (body?.tags !== '${local.tags}') p.push(`${type}.${name} is not tagged with local.tags`);
    }
  }
  return p;
}

/** Literal values where a secret would go, in any .tf / .tfvars / .tfvars.example text. */
const SECRET_ASSIGNMENT =
  /^\s*"?([a-z0-9_-]*(password|secret|api_?key|access_key|account_key|primary_key|token|connection_string|private_key|client_cert|tls_client_key)[a-z0-9_-]*)"?\s*=\s*"([^"]*)"/gim;
const SECRET_SHAPES = [
  /AccountKey=/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /[?&]sig=[A-Za-z0-9%]{20,}/,
  /Password=[^;"$]/i,
];

function secretProblems(files: Record<string, string>): string[] {
  const p: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    for (const m of text.matchAll(SECRET_ASSIGNMENT)) {
      // A reference (${...}), a vault secret's name or an environment variable's name is fine;
      // any other literal is not.
      const literal = m[3] ?? '';
      const name = /^[a-z0-9-]+$/.test(literal) || /^[A-Z][A-Z0-9_]*$/.test(literal);
      if (literal !== '' && !literal.startsWith('${') && !name) {
        p.push(`${file}: ${m[1] ?? '?'} = "${literal.slice(0, 4)}…"`);
      }
    }
    for (const shape of SECRET_SHAPES) if (shape.test(text)) p.push(`${file}: looks like ${shape.source}`);
  }
  return p;
}

function sensitiveVariableProblems(tf: Tf): string[] {
  const p: string[] = [];
  for (const [name, [v = {}]] of Object.entries(tf.variable)) {
    if (!/(^|_)(api_key|secret|password|token|client_cert|client_key|private_key)(_|$)/.test(name)) continue;
    if (v.sensitive !== true) p.push(`variable ${name} is not sensitive`);
    if (v.default !== null && v.default !== undefined) p.push(`variable ${name} has a default`);
  }
  return p;
}

// --- the tests ----------------------------------------------------------------------------

let tf: Tf;
beforeAll(async () => {
  tf = await loadTerraform();
});

/** Applies a change to a copy of the parsed files. */
function flipped(change: (copy: Tf) => void): Tf {
  const copy = clone(tf);
  change(copy);
  return copy;
}

const RULES: [string, (t: Tf) => string[], (copy: Tf) => void][] = [
  [
    'lake account',
    lakeProblems,
    (c) => void (one(c, 'azurerm_storage_account', 'lake').is_hns_enabled = false),
  ],
  [
    'lake account: nested items',
    lakeProblems,
    (c) => void (one(c, 'azurerm_storage_account', 'lake').allow_nested_items_to_be_public = true),
  ],
  [
    'lake account: TLS',
    lakeProblems,
    (c) => void (one(c, 'azurerm_storage_account', 'lake').min_tls_version = 'TLS1_0'),
  ],
  [
    'lake account: https',
    lakeProblems,
    (c) => void delete one(c, 'azurerm_storage_account', 'lake').https_traffic_only_enabled,
  ],
  [
    'lake account: shared key',
    lakeProblems,
    (c) => void (one(c, 'azurerm_storage_account', 'lake').shared_access_key_enabled = true),
  ],
  [
    'lake filesystem and layers',
    filesystemProblems,
    (c) =>
      void (one(c, 'azurerm_storage_data_lake_gen2_path', 'layer').for_each =
        '${toset(["bronze", "silver"])}'),
  ],
  [
    'lifecycle rules',
    lifecycleProblems,
    (c) => {
      const rule = first(one(c, 'azurerm_storage_management_policy', 'lake'), 'rule');
      first(rule, 'filters').prefix_match = ['${var.lake_filesystem_name}/gold/'];
    },
  ],
  [
    'lifecycle rules: no unfiltered rule',
    lifecycleProblems,
    (c) => void blocks(one(c, 'azurerm_storage_management_policy', 'lake'), 'rule').push({ name: 'all' }),
  ],
  [
    'Azure SQL',
    sqlProblems,
    (c) => void (one(c, 'azurerm_mssql_server', 'gold').minimum_tls_version = '1.0'),
  ],
  [
    'Azure SQL: serverless',
    sqlProblems,
    (c) => void (one(c, 'azurerm_mssql_database', 'gold').sku_name = 'GP_Gen5_2'),
  ],
  [
    'Azure SQL: auto-pause',
    sqlProblems,
    (c) => void (one(c, 'azurerm_mssql_database', 'gold').auto_pause_delay_in_minutes = -1),
  ],
  [
    'Key Vault',
    keyVaultProblems,
    (c) => void (one(c, 'azurerm_key_vault', 'main').purge_protection_enabled = false),
  ],
  [
    'Key Vault: RBAC',
    keyVaultProblems,
    (c) => void (one(c, 'azurerm_key_vault', 'main').enable_rbac_authorization = false),
  ],
  [
    'API identity rights',
    apiRoleProblems,
    (c) => void (one(c, 'azurerm_role_assignment', 'api_acr').role_definition_name = 'Contributor'),
  ],
  [
    'API identity rights: no storage',
    apiRoleProblems,
    (c) =>
      void ((c.resource.azurerm_role_assignment ??= {}).api_lake = [
        { ...one(c, 'azurerm_role_assignment', 'worker_lake'), principal_id: '${' + API + 'principal_id}' },
      ]),
  ],
  [
    'API identity rights: not the whole vault',
    apiRoleProblems,
    (c) =>
      void (one(c, 'azurerm_role_assignment', 'api_temporal_secrets').scope = '${azurerm_key_vault.main.id}'),
  ],
  [
    'worker identity rights',
    workerRoleProblems,
    (c) =>
      void (one(c, 'azurerm_role_assignment', 'worker_lake').role_definition_name =
        'Storage Blob Data Reader'),
  ],
  [
    'worker identity rights: never Owner',
    workerRoleProblems,
    (c) => void (one(c, 'azurerm_role_assignment', 'worker_secrets').role_definition_name = 'Owner'),
  ],
  [
    'identities of the apps',
    identityProblems,
    (c) =>
      void (first(one(c, 'azurerm_container_app', 'api'), 'identity').identity_ids = ['${' + WORKER + 'id}']),
  ],
  [
    'API container app',
    containerAppProblems,
    (c) => {
      const template = first(one(c, 'azurerm_container_app', 'api'), 'template');
      delete first(template, 'container').readiness_probe;
    },
  ],
  [
    'container variables',
    containerEnvProblems,
    (c) => void ((local(c, 'common_env') as Body).GPS_METRICS_PROT = '9464'),
  ],
  [
    'container variables: metrics',
    containerEnvProblems,
    (c) => void delete (local(c, 'common_env') as Body).GPS_METRICS_PORT,
  ],
  [
    'console origin and Temporal transport',
    crossOriginAndTemporalProblems,
    (c) => void delete (local(c, 'common_env') as Body).GPS_TEMPORAL_ALLOW_PLAINTEXT,
  ],
  [
    'budget',
    budgetProblems,
    (c) => void (one(c, 'azurerm_consumption_budget_resource_group', 'main').amount = 840),
  ],
  [
    'budget: notifications',
    budgetProblems,
    (c) => void blocks(one(c, 'azurerm_consumption_budget_resource_group', 'main'), 'notification').pop(),
  ],
  [
    'Entra ID registrations',
    entraProblems,
    (c) => void blocks(one(c, 'azuread_application', 'api'), 'app_role').pop(),
  ],
  ['tags', tagProblems, (c) => void delete one(c, 'azurerm_mssql_database', 'gold').tags],
  [
    'tags: every type classified',
    tagProblems,
    (c) => void (c.resource.azurerm_app_service_plan = { x: [{ name: 'x' }] }),
  ],
  [
    'sensitive variables',
    sensitiveVariableProblems,
    (c) => void delete c.variable.temporal_api_key?.[0]?.sensitive,
  ],
];

describe('infra/terraform', () => {
  test('parses every .tf file into resources', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.tf'));
    expect(files).toEqual(
      expect.arrayContaining([
        'versions.tf',
        'variables.tf',
        'storage.tf',
        'sql.tf',
        'keyvault.tf',
        'entra.tf',
      ]),
    );
    expect(Object.keys(tf.resource).length).toBeGreaterThan(10);
  });

  test.each(RULES)('%s: the files pass, and a flipped setting is caught', (_name, rule, change) => {
    expect(rule(tf)).toEqual([]);
    expect(rule(flipped(change))).not.toEqual([]);
  });

  test('no .tf, .tfvars or example file holds a secret value', () => {
    const files = Object.fromEntries(
      readdirSync(DIR)
        .filter((f) => /\.(tf|tfvars|tfvars\.example)$/.test(f))
        .map((f) => [f, readFileSync(path.join(DIR, f), 'utf8')]),
    );
    expect(Object.keys(files)).toContain('terraform.tfvars.example');
    expect(secretProblems(files)).toEqual([]);
    // What the scan must catch:
    expect(secretProblems({ 'x.tfvars': 'administrator_login_password = "S3cret!pass"' })).not.toEqual([]);
    expect(secretProblems({ 'x.tf': '  client_secret = "abc~def.123"' })).not.toEqual([]);
    expect(secretProblems({ 'x.tfvars': 'temporal_api_key = "eyJhbGciOi.x"' })).not.toEqual([]);
    expect(secretProblems({ 'x.tf': 'v = "DefaultEndpointsProtocol=https;AccountKey=abc"' })).not.toEqual([]);
    // …and what it must let through: references and secret names.
    expect(secretProblems({ 'x.tf': 'key_vault_secret_id = "${secret.value.versionless_id}"' })).toEqual([]);
    expect(secretProblems({ 'x.tf': '"temporal-api-key" = "TEMPORAL_API_KEY"' })).toEqual([]);
  });
});
