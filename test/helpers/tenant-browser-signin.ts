import { createHash, randomUUID } from 'node:crypto';
import type http from 'node:http';

/**
 * The stand-in tenant's side of a browser sign-in (MSAL.js redirect flow, authorization code with
 * PKCE), as Entra ID answers a single-page application: an authorize endpoint that signs `user` in
 * without a form and redirects back with a code, and the authorization_code grant of the token
 * endpoint, answered with CORS headers since the browser calls it from the console's origin.
 */

export interface TenantUser {
  oid: string;
  name: string;
  preferredUsername: string;
  /** App roles on the API's registration, carried by the access token. */
  roles: string[];
}

export interface BrowserSignIn {
  /** The console's (SPA) registration. */
  clientId: string;
  /** Its registered redirect URIs; empty accepts any loopback http one (set once the API listens). */
  redirectUris: string[];
  /** Who the authorize endpoint signs in: the test changes it between sign-ins. */
  user: TenantUser;
  /** What happened, for the test: authorizations granted, codes redeemed, requests refused. */
  log: { authorized: number; redeemed: number; refused: string[] };
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce?: string;
  scopes: string[];
  user: TenantUser;
}

/** What the tenant lends the sign-in: its id, issuer base and token signing. */
export interface SigningTenant {
  tenantId: string;
  /** An access token for the API; `scopes` are the delegated ones granted (`scp`). */
  accessToken(user: TenantUser, clientId: string, scopes: string[]): Promise<string>;
  idToken(claims: Record<string, unknown>): Promise<string>;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Cross-origin calls from the console; a preflight gets what it asks for. */
export function answerCors(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
  }
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

export function createBrowserSignIn(tenant: SigningTenant, signIn: BrowserSignIn) {
  const codes = new Map<string, PendingCode>();
  const base = `/${tenant.tenantId}/oauth2/v2.0`;
  const clientInfo = (user: TenantUser) => b64url(JSON.stringify({ uid: user.oid, utid: tenant.tenantId }));
  const redirectAllowed = (uri: string) =>
    signIn.redirectUris.length
      ? signIn.redirectUris.includes(uri)
      : /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(uri);

  /** GET …/authorize: Entra ID shows an error page (no redirect) for a bad client or redirect URI. */
  function authorize(url: URL, res: http.ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    const refuse = (why: string) => {
      signIn.log.refused.push(why);
      res.writeHead(400, { 'content-type': 'text/plain' }).end(why);
    };
    if (q.get('client_id') !== signIn.clientId) return refuse('AADSTS700016: application not found');
    if (!redirectAllowed(redirectUri)) return refuse('AADSTS50011: redirect URI mismatch');
    if (q.get('response_type') !== 'code') return refuse('AADSTS900144: response_type must be code');
    // A SPA registration requires PKCE, and Entra ID accepts only S256 from MSAL.js.
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      return refuse('AADSTS9002325: Proof Key for Code Exchange is required');
    const code = randomUUID();
    codes.set(code, {
      clientId: signIn.clientId,
      redirectUri,
      challenge: q.get('code_challenge')!,
      nonce: q.get('nonce') ?? undefined,
      scopes: (q.get('scope') ?? '').split(' ').filter(Boolean),
      user: signIn.user,
    });
    signIn.log.authorized++;
    const answer = new URLSearchParams({ code, client_info: clientInfo(signIn.user) });
    if (q.get('state')) answer.set('state', q.get('state')!);
    // MSAL.js asks for the fragment: the code then never reaches the console's server.
    const sep = q.get('response_mode') === 'query' ? '?' : '#';
    res.writeHead(302, { location: `${redirectUri}${sep}${answer}` }).end();
  }

  /** The authorization_code grant; answers an error body as Entra ID does, with its AADSTS code. */
  async function redeem(form: URLSearchParams, issuerBase: string): Promise<Record<string, unknown>> {
    const refuse = (error: string, description: string) => {
      signIn.log.refused.push(description);
      return { error, error_description: description };
    };
    const pending = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? ''); // single use, whatever the outcome
    if (!pending)
      return refuse('invalid_grant', 'AADSTS70008: the authorization code is unknown or was used');
    if (form.get('client_id') !== pending.clientId)
      return refuse('invalid_client', 'AADSTS700016: application not found');
    if (form.get('redirect_uri') !== pending.redirectUri)
      return refuse(
        'invalid_grant',
        'AADSTS50148: the redirect_uri does not match the authorization request',
      );
    const verifier = form.get('code_verifier') ?? '';
    if (b64url(createHash('sha256').update(verifier).digest()) !== pending.challenge)
      return refuse('invalid_grant', 'AADSTS501481: the code_verifier does not match the code_challenge');
    const { user } = pending;
    // The resource's scopes: the OpenID ones are answered by the id token, not granted on the API.
    const granted = pending.scopes.filter((s) => !OIDC_SCOPES.has(s));
    const iat = Math.floor(Date.now() / 1000);
    signIn.log.redeemed++;
    return {
      token_type: 'Bearer',
      scope: granted.join(' '),
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: await tenant.accessToken(user, pending.clientId, granted),
      id_token: await tenant.idToken({
        aud: pending.clientId,
        iss: `${issuerBase}/${tenant.tenantId}/v2.0`,
        iat,
        nbf: iat,
        exp: iat + 3600,
        ...(pending.nonce ? { nonce: pending.nonce } : {}),
        oid: user.oid,
        sub: user.oid,
        tid: tenant.tenantId,
        name: user.name,
        preferred_username: user.preferredUsername,
        ver: '2.0',
      }),
      client_info: clientInfo(user),
    };
  }

  return {
    /** Whether this request was the sign-in's; answers it if so. */
    handles(req: http.IncomingMessage, url: URL, res: http.ServerResponse): boolean {
      if (req.method === 'GET' && url.pathname === `${base}/authorize`) {
        authorize(url, res);
        return true;
      }
      if (req.method === 'GET' && url.pathname === `${base}/logout`) {
        // Entra ID ends its session and returns to post_logout_redirect_uri.
        const back = url.searchParams.get('post_logout_redirect_uri');
        if (back && redirectAllowed(new URL(back).origin + '/')) res.writeHead(302, { location: back }).end();
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('Signed out');
        return true;
      }
      return false;
    },
    redeem,
  };
}
