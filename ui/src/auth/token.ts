import { fetchAuthConfig } from './config';
import { requestDevToken } from './local-issuer';

/** Seconds before `exp` at which a development token is replaced rather than sent. */
const RENEW_MARGIN_S = 60;

function expiresAt(jwt: string): number {
  const payload = jwt.split('.')[1] ?? '';
  const { exp } = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
  return exp ?? 0;
}

function localTokenSource(devTokenUrl: string): () => Promise<string> {
  let token: string | undefined;
  return async () => {
    if (!token || expiresAt(token) - RENEW_MARGIN_S < Date.now() / 1000) {
      token = await requestDevToken(devTokenUrl);
    }
    return token;
  };
}

let source: Promise<() => Promise<string>> | undefined;

/**
 * A bearer token for the API, from whichever issuer `/auth/config` names. The source is set up
 * once per page (MSAL must handle a redirect response exactly once); a failed set-up is retried.
 */
export async function getAccessToken(): Promise<string> {
  source ??= fetchAuthConfig().then((config) =>
    config.mode === 'local'
      ? localTokenSource(config.devTokenUrl)
      : // MSAL is most of the bundle's weight and only Azure deployments need it.
        import('./msal').then(({ createMsalTokenSource }) => createMsalTokenSource(config)),
  );
  try {
    return await (
      await source
    )();
  } catch (err) {
    source = undefined;
    throw err;
  }
}
