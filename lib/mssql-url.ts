import { Redacted } from './redacted';

/**
 * SQL Server / Azure SQL connection URLs (GPS_DB_URL, GPS_DB_READER_URL when GPS_DB_CLIENT=mssql):
 *
 *   mssql://user:password@host:1433/database                       SQL authentication
 *   mssql://host/database?authentication=azure-active-directory-default[&clientId=<uuid>]
 *
 * Entra ID goes through DefaultAzureCredential (managed identity, workload identity, az login);
 * clientId picks a user-assigned managed identity, so one host can hold a writer and a reader
 * identity. Options: encrypt (default true: Azure SQL refuses clear connections),
 * trustServerCertificate (default false; true only for a local container with a self-signed
 * certificate). Anything else in the query string is refused: a misspelt `encrypt` must not
 * silently fall back to a default.
 */
export type MssqlAuth =
  | { kind: 'sql'; user: string; password: Redacted }
  | { kind: 'azure-active-directory-default'; managedIdentityClientId?: string };

export interface MssqlTarget {
  server: string;
  port: number;
  database: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  auth: MssqlAuth;
}

export type MssqlUrlResult = { ok: true; value: MssqlTarget } | { ok: false; problem: string };

const OPTIONS = new Set(['authentication', 'clientId', 'encrypt', 'trustServerCertificate']);
const AUTHENTICATIONS = new Set(['sql', 'azure-active-directory-default']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function flag(value: string | null, fallback: boolean): boolean | undefined {
  if (value === null) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/**
 * Reads one URL; `variable` names it in every problem. Problems never quote the URL itself: it
 * may hold a password.
 */
export function parseMssqlUrl(raw: string, variable: string): MssqlUrlResult {
  const fail = (problem: string): MssqlUrlResult => ({ ok: false, problem: `${variable}: ${problem}` });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('not a URL (expected mssql://user:password@host:1433/database)');
  }
  if (url.protocol !== 'mssql:') return fail(`expected an mssql:// URL, got ${url.protocol}//`);
  if (!url.hostname) return fail('no server host');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/'))
    return fail('give the database as the path: mssql://host/database');
  const port = url.port ? Number(url.port) : 1433;

  const unknown = [...url.searchParams.keys()].filter((k) => !OPTIONS.has(k));
  if (unknown.length) {
    return fail(`unknown option ${unknown.join(', ')} (known: ${[...OPTIONS].join(', ')})`);
  }
  const encrypt = flag(url.searchParams.get('encrypt'), true);
  if (encrypt === undefined) return fail('encrypt must be true or false');
  const trustServerCertificate = flag(url.searchParams.get('trustServerCertificate'), false);
  if (trustServerCertificate === undefined) return fail('trustServerCertificate must be true or false');

  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const authentication = url.searchParams.get('authentication') ?? (user ? 'sql' : undefined);
  if (authentication === undefined) {
    return fail(
      'no user: give user:password@ (SQL authentication) or ?authentication=azure-active-directory-default',
    );
  }
  if (!AUTHENTICATIONS.has(authentication)) {
    return fail(`authentication must be one of ${[...AUTHENTICATIONS].join(', ')}`);
  }
  const clientId = url.searchParams.get('clientId') ?? undefined;

  let auth: MssqlAuth;
  if (authentication === 'sql') {
    if (!user || !password) return fail('SQL authentication needs user:password@ (percent-encoded)');
    if (clientId !== undefined)
      return fail('clientId applies to authentication=azure-active-directory-default only');
    auth = { kind: 'sql', user, password: new Redacted(password) };
  } else {
    // A password beside an Entra identity would be ignored; refusing it keeps the URL honest.
    if (user || password) return fail('azure-active-directory-default takes no user or password in the URL');
    if (clientId !== undefined && !UUID.test(clientId)) {
      return fail('clientId must be the managed identity client id (a UUID)');
    }
    auth = { kind: 'azure-active-directory-default', managedIdentityClientId: clientId };
  }
  return { ok: true, value: { server: url.hostname, port, database, encrypt, trustServerCertificate, auth } };
}

/** For logs and errors: where the connection goes and as whom, never the password. */
export function describeMssqlTarget(t: MssqlTarget): string {
  const who =
    t.auth.kind === 'sql'
      ? `${t.auth.user} (SQL authentication)`
      : `Entra ID default credential${t.auth.managedIdentityClientId ? ` ${t.auth.managedIdentityClientId}` : ''}`;
  return `mssql://${t.server}:${t.port}/${t.database} as ${who}${t.encrypt ? '' : ', unencrypted'}`;
}
