/** The console talks to the API only: a bearer token, then GraphQL. */

let token: string | undefined;

async function getToken(): Promise<string> {
  if (token) return token;
  const config = (await (await fetch('/auth/config')).json()) as { mode: string };
  if (config.mode !== 'local')
    throw new Error('Azure AD sign-in is not wired into the console yet; use the local auth mode.');
  const res = await fetch('/auth/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`token request failed: HTTP ${res.status}`);
  token = ((await res.json()) as { access_token: string }).access_token;
  return token;
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await getToken()}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[]; error?: string };
  if (!res.ok || body.errors?.length)
    throw new Error(body.errors?.map((e) => e.message).join('; ') ?? body.error ?? `HTTP ${res.status}`);
  return body.data as T;
}

export interface Region {
  code: string;
  name: string;
  inRegionalFeed: boolean;
  lastSeenAt: string | null;
}

export interface ProductionPoint {
  timestamp: string;
  sourceCode: string;
  sourceLabel: string;
  mw: number | null;
  coverageRatePct: number | null;
  loadFactorPct: number | null;
}

export interface BalancePoint {
  timestamp: string;
  consumptionMw: number | null;
  productionMw: number | null;
  netExchangeMw: number | null;
}
