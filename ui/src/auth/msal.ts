import { InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-browser';
import type { AuthConfig } from './config';

type AzureConfig = Extract<AuthConfig, { mode: 'azure' }>;

/**
 * Azure AD (Entra ID) sign-in with the redirect flow: popups are blocked too often to rely on, and
 * the redirect lands back on the console's URL, one of the registration's redirect URIs.
 */
export async function createMsalTokenSource(config: AzureConfig): Promise<() => Promise<string>> {
  if (!config.clientId)
    throw new Error(
      'Sign-in is not configured: the API publishes no console client id (set AZURE_CONSOLE_CLIENT_ID).',
    );
  const msal = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      redirectUri: window.location.origin + '/',
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  const redirect = await msal.handleRedirectPromise();
  if (redirect?.account) msal.setActiveAccount(redirect.account);
  const request = { scopes: config.scopes };

  const account = (): AccountInfo | null => msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;

  return async () => {
    const signedIn = account();
    if (!signedIn) {
      await msal.loginRedirect(request);
      // The page navigates away; nothing after this runs.
      throw new Error('Redirecting to sign in…');
    }
    try {
      // MSAL serves a cached token until it is close to expiry, then refreshes it silently.
      return (await msal.acquireTokenSilent({ ...request, account: signedIn })).accessToken;
    } catch (err) {
      if (!(err instanceof InteractionRequiredAuthError)) throw err;
      await msal.acquireTokenRedirect({ ...request, account: signedIn });
      throw new Error('Redirecting to sign in…', { cause: err });
    }
  };
}
