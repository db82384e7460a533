import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../../lib/config';
import { loadConfig } from '../../activities/config';
import { createAuthenticator } from '../../graphql/auth';
import { graphqlAs, requestAs, startAzureApi, type AzureApi } from '../helpers/azure-api';
import { LocalTenant, selfSignedCertificate, type DaemonClient } from '../helpers/local-tenant';

/**
 * Azure AD mode on real HTTP: the API verifies tokens against a stand-in tenant's JWKS (real RSA
 * keys, rotated here) exactly as it would against login.microsoftonline.com; `npm run api:token`
 * gets a client-credentials token from the stand-in's HTTPS token endpoint through MSAL.
 */

const COOLDOWN_MS = 1_500;
const CONSOLE_CLIENT_ID = '0c0c0c0c-1111-2222-3333-444444444444';
const ME = '{ me { subject roles } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let tenant: LocalTenant;
let api: AzureApi;

beforeAll(async () => {
  tenant = await LocalTenant.start({ appIdUri: 'api://grid-power-stream-test', clientId: randomUUID() });
  api = await startAzureApi(tenant, {
    GPS_AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
    AZURE_CONSOLE_CLIENT_ID: CONSOLE_CLIENT_ID,
  });
});

afterAll(async () => {
  await api?.stop();
  await tenant?.stop();
});

describe('Azure AD tokens accepted', () => {
  test('a v1 token (issuer sts.windows.net, audience the App ID URI) passes; subject is the oid', async () => {
    const oid = randomUUID();
    const token = await tenant.token({ version: 'v1', oid, claims: { sub: 'pairwise-subject-v1' } });
    const res = await graphqlAs(api.url, token, ME);
    expect(res.status).toBe(200);
    expect(res.body.data?.me).toEqual({ subject: oid, roles: ['Reader'] });
    expect(tenant.jwksFetches).toBe(1);
  });

  test('a v2 token (issuer login.microsoftonline.com/…/v2.0, audience the client id) passes', async () => {
    const oid = randomUUID();
    const res = await graphqlAs(api.url, await tenant.token({ version: 'v2', oid, roles: ['Admin'] }), ME);
    expect(res.status).toBe(200);
    expect(res.body.data?.me).toEqual({ subject: oid, roles: ['Admin'] });
    // The key set is cached: one fetch for both tokens.
    expect(tenant.jwksFetches).toBe(1);
  });

  test('without oid the subject is sub; roles other than Reader/Admin are ignored', async () => {
    const token = await tenant.token({
      claims: { oid: undefined, sub: 'only-sub' },
      roles: ['Reader', 'Owner'],
    });
    const res = await graphqlAs(api.url, token, ME);
    expect(res.body.data?.me).toEqual({ subject: 'only-sub', roles: ['Reader'] });
  });

  test('a valid token without an app role is 403, not 401', async () => {
    const res = await graphqlAs(api.url, await tenant.token({ roles: [] }), ME);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Reader, Admin/) });
  });

  test('/auth/config publishes what MSAL needs; the development issuer is off', async () => {
    const config = await requestAs(api.url, 'GET', '/auth/config');
    expect(config.status).toBe(200);
    expect(config.body).toEqual({
      mode: 'azure',
      tenantId: tenant.tenantId,
      audience: tenant.api.appIdUri,
      authority: `https://login.microsoftonline.com/${tenant.tenantId}`,
      clientId: CONSOLE_CLIENT_ID,
      scopes: [`${tenant.api.appIdUri}/access_as_user`],
    });
    expect((await requestAs(api.url, 'POST', '/auth/dev-token')).status).toBe(404);
    expect((await requestAs(api.url, 'GET', '/auth/jwks.json')).status).toBe(404);
  });
});

describe('key rotation: an unknown kid fetches the key set again, at most once per cooldown', () => {
  test('a token signed by a new key after rotation passes after one more fetch', async () => {
    await sleep(COOLDOWN_MS + 100); // the previous fetch is older than the cooldown
    const before = tenant.jwksFetches;
    await tenant.rotate();
    const res = await graphqlAs(api.url, await tenant.token(), ME);
    expect(res.status).toBe(200);
    expect(tenant.jwksFetches).toBe(before + 1);
    // Cached again: the new key and the old one (still published) need no further fetch.
    expect((await graphqlAs(api.url, await tenant.token(), ME)).status).toBe(200);
    expect((await graphqlAs(api.url, await tenant.token({ key: tenant.published[0] }), ME)).status).toBe(200);
    expect(tenant.jwksFetches).toBe(before + 1);
  });

  test('within the cooldown an unknown kid is refused without a fetch; after it, fetched once', async () => {
    // The fetch of the previous test is younger than the cooldown.
    const before = tenant.jwksFetches;
    await tenant.rotate();
    const early = await graphqlAs(api.url, await tenant.token(), ME);
    expect(early.status).toBe(401);
    expect(early.body).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/unknown key/),
    });
    expect(tenant.jwksFetches).toBe(before);

    await sleep(COOLDOWN_MS + 100);
    expect((await graphqlAs(api.url, await tenant.token(), ME)).status).toBe(200);
    expect(tenant.jwksFetches).toBe(before + 1);
  });

  test('a burst of tokens with unknown kids costs the tenant at most one fetch', async () => {
    await sleep(COOLDOWN_MS + 100);
    const before = tenant.jwksFetches;
    // Right issuer and audience, a key the tenant never published, twenty different kids.
    const stranger = await LocalTenant.start(tenant.api, tenant.tenantId);
    try {
      const tokens = await Promise.all(
        Array.from({ length: 20 }, () => stranger.token({ key: { ...stranger.current, kid: randomUUID() } })),
      );
      const together = await Promise.all(tokens.map((t) => graphqlAs(api.url, t, ME)));
      const oneByOne = [];
      for (const t of tokens) oneByOne.push(await graphqlAs(api.url, t, ME));
      expect([...together, ...oneByOne].map((a) => a.status)).toEqual(Array(40).fill(401));
    } finally {
      await stranger.stop();
    }
    expect(tenant.jwksFetches - before).toBe(1);
  });

  test('the tenant down when a new kid appears: 503 UNAVAILABLE, not 401, nothing internal', async () => {
    await sleep(COOLDOWN_MS + 100);
    await tenant.rotate();
    tenant.jwksDown = true;
    try {
      const res = await graphqlAs(api.url, await tenant.token(), ME);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        code: 'UNAVAILABLE',
        message: "cannot fetch the identity provider's signing keys; retry later",
        request_id: expect.any(String),
      });
    } finally {
      tenant.jwksDown = false;
    }
    // Known keys keep working from the cache meanwhile, and the new one once the tenant is back.
    expect((await graphqlAs(api.url, await tenant.token({ key: tenant.published[0] }), ME)).status).toBe(200);
    await sleep(COOLDOWN_MS + 100);
    expect((await graphqlAs(api.url, await tenant.token(), ME)).status).toBe(200);
  });
});

describe('configuration', () => {
  const base = {
    NODE_ENV: 'test',
    GPS_AUTH_MODE: 'azure',
    AZURE_TENANT_ID: '72F988BF-86F1-41AF-91AB-2D7CD011DB47',
    AZURE_API_AUDIENCE: 'api://grid-power-stream',
  };

  test('defaults: both issuer forms, the tenant JWKS on login.microsoftonline.com, 30 s cooldown', () => {
    const { auth } = loadConfig(base);
    expect(auth).toEqual({
      mode: 'azure',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      audience: 'api://grid-power-stream',
      audiences: ['api://grid-power-stream'],
      issuers: [
        'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
        'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
      ],
      authorityHost: 'https://login.microsoftonline.com',
      jwksUrl: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys',
      jwksCooldownMs: 30_000,
      console: { scopes: ['api://grid-power-stream/access_as_user'] },
    });
  });

  test('the client id is an accepted audience too; a sovereign cloud moves issuers and keys', () => {
    const { auth } = loadConfig({
      ...base,
      AZURE_API_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
      AZURE_AUTHORITY_HOST: 'https://login.chinacloudapi.cn/',
      GPS_AUTH_V1_ISSUER_HOST: 'https://sts.chinacloudapi.cn',
    });
    expect(auth).toMatchObject({
      audiences: ['api://grid-power-stream', '11111111-2222-3333-4444-555555555555'],
      issuers: [
        'https://sts.chinacloudapi.cn/72f988bf-86f1-41af-91ab-2d7cd011db47/',
        'https://login.chinacloudapi.cn/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
      ],
      jwksUrl: 'https://login.chinacloudapi.cn/72f988bf-86f1-41af-91ab-2d7cd011db47/discovery/v2.0/keys',
    });
  });

  test('the console registration and its scopes, when given, are what /auth/config publishes', () => {
    const { auth } = loadConfig({
      ...base,
      AZURE_CONSOLE_CLIENT_ID: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
      AZURE_CONSOLE_SCOPES: 'api://gps/access_as_user, openid',
    });
    expect(auth).toMatchObject({
      console: {
        clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        scopes: ['api://gps/access_as_user', 'openid'],
      },
    });
  });

  test.each([
    [{ AZURE_CONSOLE_CLIENT_ID: 'grid-power-stream-console' }, /AZURE_CONSOLE_CLIENT_ID/],
    [
      { AZURE_TENANT_ID: 'contoso.onmicrosoft.com' },
      /AZURE_TENANT_ID must be the Directory \(tenant\) ID, a GUID/,
    ],
    [{ AZURE_API_CLIENT_ID: 'grid-power-stream' }, /AZURE_API_CLIENT_ID/],
    [{ AZURE_AUTHORITY_HOST: 'http://login.microsoftonline.com' }, /AZURE_AUTHORITY_HOST/],
    [{ GPS_AUTH_JWKS_URL: 'http://keys.example.com/keys' }, /GPS_AUTH_JWKS_URL must be https/],
    [
      { GPS_AUTH_JWKS_URL: 'http://127.0.0.1:9/keys', NODE_ENV: 'production' },
      /GPS_AUTH_JWKS_URL must be https/,
    ],
    [{ GPS_AUTH_JWKS_URL: 'ftp://keys.example.com/keys' }, /GPS_AUTH_JWKS_URL/],
    [{ GPS_AUTH_JWKS_COOLDOWN_MS: '0' }, /GPS_AUTH_JWKS_COOLDOWN_MS/],
  ])('refused at start-up, naming the variable: %o', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  test('plain http JWKS on loopback is accepted outside production (tests only)', () => {
    const { auth } = loadConfig({ ...base, GPS_AUTH_JWKS_URL: 'http://127.0.0.1:9/t/discovery/v2.0/keys' });
    expect(auth.mode === 'azure' && auth.jwksUrl).toBe('http://127.0.0.1:9/t/discovery/v2.0/keys');
  });

  test('a token of the right tenant and key but the other issuer host (v1 vs sovereign) is refused', async () => {
    const config = loadConfig({
      ...base,
      AZURE_TENANT_ID: tenant.tenantId,
      AZURE_API_AUDIENCE: tenant.api.appIdUri,
      GPS_AUTH_JWKS_URL: tenant.jwksUrl,
      GPS_AUTH_V1_ISSUER_HOST: 'https://sts.chinacloudapi.cn',
    });
    const authenticator = await createAuthenticator(config.auth);
    await expect(authenticator.verify(await tenant.token({ version: 'v1' }))).rejects.toThrow(
      'token issuer (iss) not accepted',
    );
  });
});

describe('npm run api:token (MSAL client credentials against the stand-in tenant over HTTPS)', () => {
  const run = promisify(execFile);
  const tsx = path.join(__dirname, '../../node_modules/.bin/tsx');
  const script = path.join(__dirname, '../../workers/api-token.ts');
  const daemon: DaemonClient = {
    clientId: randomUUID(),
    secret: `s3cret~${randomUUID()}`,
    objectId: randomUUID(),
    roles: ['Reader'],
  };

  async function apiToken(env: Record<string, string | undefined>) {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('AZURE_') && !k.startsWith('NODE_EXTRA')),
    );
    return run(tsx, [script], { env: { ...clean, ...env } as NodeJS.ProcessEnv, timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code?: number; stdout: string; stderr: string }) => ({
        code: err.code ?? -1,
        stdout: err.stdout,
        stderr: err.stderr,
      }),
    );
  }

  test('prints a token the API accepts, as the daemon service principal; the secret is never printed', async () => {
    const endpoint = await tenant.startTokenEndpoint([daemon]);
    const env = {
      NODE_EXTRA_CA_CERTS: endpoint.caFile,
      AZURE_AUTHORITY_HOST: endpoint.authorityHost,
      AZURE_TENANT_ID: tenant.tenantId,
      AZURE_CLIENT_ID: daemon.clientId,
      AZURE_CLIENT_SECRET: daemon.secret,
      AZURE_API_AUDIENCE: tenant.api.appIdUri,
    };
    const ok = await apiToken(env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(endpoint.requests.granted).toBe(1);
    const token = ok.stdout.trim();
    // A fresh registration's tokens are v1: audience the App ID URI, appid the daemon.
    expect(await tenant.decode(token)).toMatchObject({
      aud: tenant.api.appIdUri,
      iss: tenant.v1Issuer,
      appid: daemon.clientId,
    });
    const me = await graphqlAs(api.url, token, '{ me { subject roles } }');
    expect(me.status).toBe(200);
    expect(me.body.data?.me).toEqual({ subject: daemon.objectId, roles: ['Reader'] });

    const refused = await apiToken({ ...env, AZURE_CLIENT_SECRET: `${daemon.secret}-wrong` });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^api:token: .*AADSTS7000215/);
    expect(refused.stderr).not.toContain(daemon.secret);
  });

  test('a daemon with a certificate (PEM with key and certificate) gets a token too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gps-daemon-cert-'));
    try {
      const { keyFile, certFile } = selfSignedCertificate(dir, 'daemon', 'gps-integration');
      const certificatePem = readFileSync(certFile, 'utf8');
      const pemFile = path.join(dir, 'daemon.pem');
      writeFileSync(pemFile, readFileSync(keyFile, 'utf8') + certificatePem);
      const certDaemon: DaemonClient = {
        clientId: randomUUID(),
        certificatePem,
        objectId: randomUUID(),
        roles: ['Admin'],
      };
      const endpoint = await tenant.startTokenEndpoint([certDaemon], 'v2');
      const ok = await apiToken({
        NODE_EXTRA_CA_CERTS: endpoint.caFile,
        AZURE_AUTHORITY_HOST: endpoint.authorityHost,
        AZURE_TENANT_ID: tenant.tenantId,
        AZURE_CLIENT_ID: certDaemon.clientId,
        AZURE_CLIENT_CERTIFICATE_PATH: pemFile,
        AZURE_API_AUDIENCE: tenant.api.appIdUri,
      });
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      const token = ok.stdout.trim();
      // accessTokenAcceptedVersion 2: audience the API's client id, azp the daemon.
      expect(await tenant.decode(token)).toMatchObject({
        aud: tenant.api.clientId,
        iss: tenant.v2Issuer,
        azp: certDaemon.clientId,
      });
      const me = await graphqlAs(api.url, token, ME);
      expect(me.body.data?.me).toEqual({ subject: certDaemon.objectId, roles: ['Admin'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('missing or malformed variables: exit 2 naming each one, nothing else printed', async () => {
    const none = await apiToken({});
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    for (const name of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_API_AUDIENCE']) {
      expect(none.stderr).toContain(name);
    }
    const both = await apiToken({
      AZURE_TENANT_ID: tenant.tenantId,
      AZURE_CLIENT_ID: daemon.clientId,
      AZURE_API_AUDIENCE: tenant.api.appIdUri,
      AZURE_CLIENT_SECRET: daemon.secret,
      AZURE_CLIENT_CERTIFICATE_PATH: '/nonexistent.pem',
    });
    expect(both).toEqual({
      code: 2,
      stdout: '',
      stderr: 'api:token: set exactly one of AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH\n',
    });
    const noFile = await apiToken({
      AZURE_TENANT_ID: tenant.tenantId,
      AZURE_CLIENT_ID: daemon.clientId,
      AZURE_API_AUDIENCE: tenant.api.appIdUri,
      AZURE_CLIENT_CERTIFICATE_PATH: '/nonexistent.pem',
    });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('AZURE_CLIENT_CERTIFICATE_PATH: cannot read /nonexistent.pem (ENOENT)');
    const domain = await apiToken({
      AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
      AZURE_CLIENT_ID: daemon.clientId,
      AZURE_API_AUDIENCE: tenant.api.appIdUri,
      AZURE_CLIENT_SECRET: daemon.secret,
    });
    expect(domain.code).toBe(2);
    expect(domain.stderr).toMatch(/AZURE_TENANT_ID: the Directory \(tenant\) ID, a GUID/);
    expect(domain.stderr).not.toContain(daemon.secret);
  });
});
