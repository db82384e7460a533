import { apiUrl } from '../data/api-url';

/** What `/auth/config` publishes (graphql/server.ts): how this deployment issues tokens. */
export type AuthConfig =
  | { mode: 'local'; devTokenUrl: string }
  | {
      mode: 'azure';
      tenantId: string;
      audience: string;
      authority: string;
      /** The console's app registration; null until the API has AZURE_CONSOLE_CLIENT_ID. */
      clientId: string | null;
      scopes: string[];
    };

export async function fetchAuthConfig(): Promise<AuthConfig> {
  const res = await fetch(apiUrl('/auth/config'));
  if (!res.ok) throw new Error(`/auth/config answered HTTP ${res.status}`);
  return (await res.json()) as AuthConfig;
}
