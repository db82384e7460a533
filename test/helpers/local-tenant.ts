import { execFileSync } from 'node:child_process';
import { createPublicKey, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  createLocalJWKSet,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { answerCors, createBrowserSignIn, type BrowserSignIn } from './tenant-browser-signin';

/**
 * An Azure AD tenant standing in for the real one in tests, over real HTTP: its JWKS at
 * `/<tenant>/discovery/v2.0/keys` (counting fetches), RSA keys made by jose that can be rotated,
 * and access tokens shaped as Entra ID writes them, v1 (`sts.windows.net`, aud = App ID URI) or
 * v2 (`login.microsoftonline.com/…/v2.0`, aud = client id). Optionally an HTTPS token endpoint
 * (client-credentials grant) for `npm run api:token`: MSAL speaks HTTPS only; with a browser
 * sign-in, also the authorize endpoint and authorization-code grant MSAL.js uses
 * (tenant-browser-signin.ts).
 */

export interface TenantKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface ApiRegistration {
  /** App ID URI, e.g. api://grid-power-stream. */
  appIdUri: string;
  /** The API app registration's Application (client) ID. */
  clientId: string;
}

export interface TokenOptions {
  version?: 'v1' | 'v2';
  roles?: string[];
  /** Object id of the user or service principal; also `sub` unless `sub` is given in claims. */
  oid?: string;
  /** Client id of the calling application (`appid` in v1, `azp` in v2). */
  callerClientId?: string;
  /** Extra or overriding claims (iss, aud, exp, nbf, ... as numbers of seconds since epoch). */
  claims?: Record<string, unknown>;
  /** Sign with this key instead of the current one. */
  key?: TenantKey;
  /** Seconds from now. */
  expiresIn?: number;
}

export interface DaemonClient {
  clientId: string;
  /** A client secret, or the PEM of a certificate (private_key_jwt: a signed client assertion). */
  secret?: string;
  certificatePem?: string;
  /** Service principal object id: the token's `oid` and `sub`. */
  objectId: string;
  roles: string[];
}

export interface TokenEndpoint {
  /** https://127.0.0.1:<port>, to be used as AZURE_AUTHORITY_HOST. */
  authorityHost: string;
  /** PEM of the self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Client-credentials requests answered, by outcome. */
  requests: { granted: number; refused: number };
}

const now = () => Math.floor(Date.now() / 1000);

async function newKey(): Promise<TenantKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID().replace(/-/g, '').slice(0, 27);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, x5t: kid, kty: 'RSA', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A self-signed certificate and its key as PEM files (openssl). */
export function selfSignedCertificate(
  dir: string,
  name: string,
  commonName: string,
  extraArgs: string[] = [],
): { keyFile: string; certFile: string } {
  const keyFile = path.join(dir, `${name}.key.pem`);
  const certFile = path.join(dir, `${name}.cert.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
    ].concat(['-subj', `/CN=${commonName}`], extraArgs),
    { stdio: 'ignore' },
  );
  return { keyFile, certFile };
}

export class LocalTenant {
  /** Keys published in the JWKS; `current` signs new tokens. */
  published: TenantKey[];
  current: TenantKey;
  /** GET requests the JWKS endpoint answered. */
  jwksFetches = 0;
  /** While set, the JWKS endpoint answers 503 (a tenant outage). */
  jwksDown = false;
  readonly jwksUrl: string;
  private tokenServers: https.Server[] = [];
  private tmpDir?: string;

  private constructor(
    readonly tenantId: string,
    readonly api: ApiRegistration,
    key: TenantKey,
    private readonly server: http.Server,
    port: number,
  ) {
    this.current = key;
    this.published = [key];
    this.jwksUrl = `http://127.0.0.1:${port}/${tenantId}/discovery/v2.0/keys`;
  }

  static async start(api: ApiRegistration, tenantId: string = randomUUID()): Promise<LocalTenant> {
    const ready: { tenant?: LocalTenant } = {};
    const server = http.createServer((req, res) => ready.tenant!.serveJwks(req, res));
    const port = await listen(server);
    ready.tenant = new LocalTenant(tenantId, api, await newKey(), server, port);
    return ready.tenant;
  }

  get v1Issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  get v2Issuer(): string {
    return `https://login.microsoftonline.com/${this.tenantId}/v2.0`;
  }

  private serveJwks(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET' || req.url !== `/${this.tenantId}/discovery/v2.0/keys`) {
      res.writeHead(404).end();
      return;
    }
    this.jwksFetches++;
    if (this.jwksDown) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"temporarily_unavailable"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: this.published.map((k) => k.publicJwk) }));
  }

  /**
   * A new signing key, published beside the old ones (as Entra ID does: a key appears in the
   * JWKS before it signs) unless `dropOld`; new tokens are signed with it.
   */
  async rotate({ dropOld = false } = {}): Promise<TenantKey> {
    const key = await newKey();
    this.published = dropOld ? [key] : [...this.published, key];
    this.current = key;
    return key;
  }

  /** An access token as this tenant issues it for the API. */
  async token(options: TokenOptions = {}): Promise<string> {
    const version = options.version ?? 'v2';
    const key = options.key ?? this.current;
    const oid = options.oid ?? randomUUID();
    const caller = options.callerClientId ?? randomUUID();
    const iat = now();
    const claims: JWTPayload & Record<string, unknown> = {
      aud: version === 'v1' ? this.api.appIdUri : this.api.clientId,
      iss: version === 'v1' ? this.v1Issuer : this.v2Issuer,
      iat,
      nbf: iat,
      exp: iat + (options.expiresIn ?? 3600),
      ...(version === 'v1'
        ? { appid: caller, appidacr: '1', idp: this.v1Issuer, ver: '1.0' }
        : { azp: caller, azpacr: '1', ver: '2.0' }),
      oid,
      sub: oid,
      tid: this.tenantId,
      roles: options.roles ?? ['Reader'],
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ...options.claims,
    };
    return this.sign(claims, key);
  }

  private sign(claims: JWTPayload, key: TenantKey = this.current): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid })
      .sign(key.privateKey);
  }

  /**
   * An HTTPS token endpoint for the client-credentials grant, with the OpenID configuration MSAL
   * reads first; the certificate is self-signed (openssl), trust it with NODE_EXTRA_CA_CERTS.
   * Tokens are v1 like a fresh app registration's (accessTokenAcceptedVersion null) unless asked.
   * With `browser`, a console can sign users in here too (MSAL.js redirect flow, PKCE).
   */
  async startTokenEndpoint(
    clients: DaemonClient[],
    accessTokenVersion: 'v1' | 'v2' = 'v1',
    browser?: BrowserSignIn,
  ): Promise<TokenEndpoint> {
    this.tmpDir ??= mkdtempSync(path.join(os.tmpdir(), 'gps-tenant-'));
    const { keyFile, certFile } = selfSignedCertificate(this.tmpDir, 'tls', '127.0.0.1', [
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    const requests = { granted: 0, refused: 0 };
    let base = '';
    const signIn =
      browser &&
      createBrowserSignIn(
        {
          tenantId: this.tenantId,
          accessToken: (user, clientId, scopes) =>
            this.token({
              version: accessTokenVersion,
              roles: user.roles,
              oid: user.oid,
              callerClientId: clientId,
              // Delegated: `scp` names the granted scopes by their last segment, as Entra ID does.
              claims: { scp: scopes.map((s) => s.split('/').pop()).join(' '), name: user.name },
            }),
          idToken: (claims) => this.sign(claims),
        },
        browser,
      );
    const server = https.createServer(
      { key: readFileSync(keyFile), cert: readFileSync(certFile) },
      (req, res) => {
        const json = (status: number, body: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        // MSAL.js reads the configuration and redeems codes from the console's origin.
        if (answerCors(req, res)) return;
        if (signIn?.handles(req, new URL(req.url ?? '/', base), res)) return;
        if (req.method === 'GET' && req.url === `/${this.tenantId}/v2.0/.well-known/openid-configuration`) {
          json(200, {
            issuer: `${base}/${this.tenantId}/v2.0`,
            authorization_endpoint: `${base}/${this.tenantId}/oauth2/v2.0/authorize`,
            token_endpoint: `${base}/${this.tenantId}/oauth2/v2.0/token`,
            end_session_endpoint: `${base}/${this.tenantId}/oauth2/v2.0/logout`,
            jwks_uri: this.jwksUrl,
            response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
            token_endpoint_auth_methods_supported: [
              'client_secret_post',
              'private_key_jwt',
              'client_secret_basic',
            ],
          });
          return;
        }
        if (req.method !== 'POST' || req.url?.split('?')[0] !== `/${this.tenantId}/oauth2/v2.0/token`) {
          json(404, { error: 'not_found' });
          return;
        }
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          if (signIn && form.get('grant_type') === 'authorization_code') {
            void signIn.redeem(form, base).then((answer) => json('error' in answer ? 400 : 200, answer));
            return;
          }
          void this.grant(form, clients, accessTokenVersion, base).then((answer) => {
            if ('error' in answer) requests.refused++;
            else requests.granted++;
            json('error' in answer ? 401 : 200, answer);
          });
        });
      },
    );
    const port = await listen(server);
    base = `https://127.0.0.1:${port}`;
    this.tokenServers.push(server);
    return { authorityHost: base, caFile: certFile, requests };
  }

  private async grant(
    form: URLSearchParams,
    clients: DaemonClient[],
    version: 'v1' | 'v2',
    base: string,
  ): Promise<Record<string, unknown>> {
    const refuse = (error: string, description: string) => ({ error, error_description: description });
    if (form.get('grant_type') !== 'client_credentials')
      return refuse('unsupported_grant_type', 'client_credentials only');
    const client = clients.find((c) => c.clientId === form.get('client_id'));
    if (!client) return refuse('unauthorized_client', 'AADSTS700016: application not found in the directory');
    if (client.certificatePem) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return refuse('invalid_client', 'AADSTS7000218: client_assertion or client_secret required');
      }
      try {
        await jwtVerify(form.get('client_assertion') ?? '', createPublicKey(client.certificatePem), {
          issuer: client.clientId,
          subject: client.clientId,
          audience: `${base}/${this.tenantId}/oauth2/v2.0/token`,
          // MSAL writes nbf one second after iat; Azure AD allows minutes of skew.
          clockTolerance: 300,
        });
      } catch {
        return refuse('invalid_client', 'AADSTS700027: client assertion failed signature validation');
      }
    } else if (form.get('client_secret') !== client.secret) {
      return refuse('invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    }
    const scope = form.get('scope') ?? '';
    const known = [this.api.appIdUri, this.api.clientId].map((a) => `${a}/.default`);
    if (!scope.split(' ').some((s) => known.includes(s))) {
      return refuse('invalid_scope', 'AADSTS500011: the resource principal was not found in the tenant');
    }
    const token = await this.token({
      version,
      roles: client.roles,
      oid: client.objectId,
      callerClientId: client.clientId,
    });
    return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token };
  }

  /** Checks a token against this tenant's published keys (the test's own view, not the API's). */
  async decode(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(
      token,
      createLocalJWKSet({ keys: this.published.map((k) => k.publicJwk) }),
    );
    return payload;
  }

  async stop(): Promise<void> {
    await close(this.server);
    await Promise.all(this.tokenServers.map(close));
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
