import { fetchAuthConfig } from './config';
import { requestDevToken } from './local-issuer';
import type { SignedInUser, TokenSource } from './session';

/** Seconds before `exp` at which a development token is replaced rather than sent. */
const RENEW_MARGIN_S = 60;

function expiresAt(jwt: string): number {
  const payload = jwt.split('.')[1] ?? '';
  const { exp } = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
  return exp ?? 0;
}

function localTokenSource(devTokenUrl: string): TokenSource {
  let token: string | undefined;
  return {
    getToken: async () => {
      if (!token || expiresAt(token) - RENEW_MARGIN_S < Date.now() / 1000) {
        token = await requestDevToken(devTokenUrl);
      }
      return token;
    },
  };
}

let source: Promise<TokenSource> | undefined;

/**
 * Whichever issuer `/auth/config` names, set up once per page (MSAL must handle a redirect
 * response exactly once).
 */
function tokenSource(): Promise<TokenSource> {
  source ??= fetchAuthConfig().then((config) =>
    config.mode === 'local'
      ? localTokenSource(config.devTokenUrl)
      : // MSAL is most of the bundle's weight and only Azure deployments need it.
        import('./msal').then(({ createMsalTokenSource }) => createMsalTokenSource(config)),
  );
  return source;
}

/** A bearer token for the API; a failed set-up is retried on the next call. */
export async function getAccessToken(): Promise<string> {
  try {
    return await (await tokenSource()).getToken();
  } catch (err) {
    source = undefined;
    throw err;
  }
}

/** The signed-in user once a token was had (null with the local issuer, which signs no one in). */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  return (await tokenSource()).user?.() ?? null;
}

export async function signOut(): Promise<void> {
  await (await tokenSource()).signOut?.();
}
