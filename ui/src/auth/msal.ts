import { InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-browser';
import type { AuthConfig } from './config';
import type { TokenSource } from './session';

type AzureConfig = Extract<AuthConfig, { mode: 'azure' }>;

/**
 * Azure AD (Entra ID) sign-in with the redirect flow: popups are blocked too often to rely on, and
 * the redirect lands back on the console's URL, one of the registration's redirect URIs.
 */
export async function createMsalTokenSource(config: AzureConfig): Promise<TokenSource> {
  if (!config.clientId)
    throw new Error(
      'Sign-in is not configured: the API publishes no console client id (set AZURE_CONSOLE_CLIENT_ID).',
    );
  const msal = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      redirectUri: window.location.origin + '/',
      // The authority the API publishes is trusted as it is: no instance discovery call to
      // login.microsoftonline.com, which a sovereign cloud or a stand-in tenant would fail.
      knownAuthorities: [new URL(config.authority).host],
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  const redirect = await msal.handleRedirectPromise();
  if (redirect?.account) msal.setActiveAccount(redirect.account);
  const request = { scopes: config.scopes };

  const account = (): AccountInfo | null => msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;

  const getToken = async () => {
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
  return {
    getToken,
    user: () => {
      const a = account();
      return a ? { name: a.name || a.username, username: a.username } : null;
    },
    signOut: () => msal.logoutRedirect({ account: account() ?? undefined }),
  };
}
