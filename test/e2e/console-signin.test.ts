import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { applyAlertLifecycle } from '../../activities/alerts/store';
import { createWriterDb } from '../../lib/db';
import { at, result } from '../helpers/alert-results';
import { startAzureApi, type AzureApi } from '../helpers/azure-api';
import { launchChromium } from '../helpers/browser';
import {
  ARTIFACTS,
  openPage,
  screenshots,
  seriousAxeViolations,
  text,
  waitForText,
} from '../helpers/console-page';
import { LocalTenant, type TokenEndpoint } from '../helpers/local-tenant';
import type { BrowserSignIn, TenantUser } from '../helpers/tenant-browser-signin';

/**
 * The console's Azure AD sign-in in Chromium: the API in azure mode publishes a stand-in tenant
 * as its authority (HTTPS, self-signed), and MSAL.js runs its real redirect flow against it
 * (authorization code with PKCE, id token nonce), then calls the API with the access token.
 */

const UI_BUILT = existsSync(path.join(__dirname, '../../ui/dist/index.html'));
const CONSOLE_CLIENT_ID = randomUUID();
const user = (name: string, roles: string[]): TenantUser => ({
  oid: randomUUID(),
  name,
  preferredUsername: `${name.split(' ')[0]!.toLowerCase()}@contoso.test`,
  roles,
});
const READER = user('Camille Reader', ['Reader']);
const ADMIN = user('Dominique Admin', ['Admin']);

let tenant: LocalTenant;
let endpoint: TokenEndpoint;
let api: AzureApi;
let browser: Browser;
const signIn: BrowserSignIn = {
  clientId: CONSOLE_CLIENT_ID,
  redirectUris: [],
  user: READER,
  log: { authorized: 0, redeemed: 0, refused: [] },
};

beforeAll(async () => {
  if (!UI_BUILT) throw new Error('ui/dist is missing: run `npm run build:ui` (npm test does it)');
  tenant = await LocalTenant.start({ appIdUri: 'api://grid-power-stream-console', clientId: randomUUID() });
  endpoint = await tenant.startTokenEndpoint([], 'v1', signIn);
  api = await startAzureApi(tenant, {
    AZURE_AUTHORITY_HOST: endpoint.authorityHost,
    AZURE_CONSOLE_CLIENT_ID: CONSOLE_CLIENT_ID,
  });
  signIn.redirectUris = [`${api.url}/`];
  // One open alert to look at, written through the store's own lifecycle.
  const writer = createWriterDb(api.config.db);
  const evaluator = { workflowId: 'seed', runId: 'seed', workflowType: 'evaluateAlerts', attempt: 1 };
  await applyAlertLifecycle(writer, evaluator, [result(0, 8, [4, 5, 6, 7], 'high', '75')], {
    resolveAfterClearQuarterHours: 4,
    now: at(8),
    by: 'alerts',
  });
  await writer.destroy();
  browser = await launchChromium({ acceptInsecureCerts: true });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await tenant?.stop();
});

/** The tenant's authorize requests and the bearer tokens the page sent the API. */
function watch(page: Page) {
  const seen = { authorize: [] as URL[], bearer: [] as string[], graphqlStatuses: [] as number[] };
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.endsWith('/oauth2/v2.0/authorize')) seen.authorize.push(url);
    const auth = req.headers().authorization;
    if (req.url().startsWith(`${api.url}/graphql`) && auth) seen.bearer.push(auth.replace(/^Bearer /, ''));
  });
  page.on('response', (res) => {
    if (res.url().startsWith(`${api.url}/graphql`) && res.request().method() === 'POST')
      seen.graphqlStatuses.push(res.status());
  });
  return seen;
}

let page: Page;
let errors: string[];

test('the console sends the user to the tenant, comes back signed in and loads the overview with the token', async () => {
  ({ page, errors } = await openPage(browser, 1280));
  const seen = watch(page);
  await page.goto(`${api.url}/`);
  await page.waitForSelector('[data-testid="signed-in"]', { timeout: 30_000 });
  expect(await text(page, '[data-testid="signed-in"]')).toBe(`Signed in as ${READER.name} Sign out`);

  // MSAL.js asked for a code with PKCE (S256) and a nonce, for the API's scope.
  expect(seen.authorize).toHaveLength(1);
  const q = seen.authorize[0]!.searchParams;
  expect(seen.authorize[0]!.origin).toBe(endpoint.authorityHost);
  expect([q.get('client_id'), q.get('response_type'), q.get('code_challenge_method')]).toEqual([
    CONSOLE_CLIENT_ID,
    'code',
    'S256',
  ]);
  expect(q.get('nonce')).toBeTruthy();
  expect(q.get('scope')?.split(' ')).toEqual(
    expect.arrayContaining(['openid', `${tenant.api.appIdUri}/access_as_user`]),
  );
  expect(signIn.log).toEqual({ authorized: 1, redeemed: 1, refused: [] });

  // The overview's queries went out with the tenant's access token for the API, and were answered.
  await page.waitForNetworkIdle({ idleTime: 500, timeout: 30_000 });
  expect(seen.graphqlStatuses.length).toBeGreaterThan(0);
  expect(seen.graphqlStatuses.every((s) => s === 200)).toBe(true);
  const claims = await tenant.decode(seen.bearer[0]!);
  expect(claims).toMatchObject({
    aud: tenant.api.appIdUri,
    oid: READER.oid,
    appid: CONSOLE_CLIENT_ID,
    roles: ['Reader'],
    scp: 'access_as_user',
  });
  expect(new Set(seen.bearer).size).toBe(1); // one token, from MSAL's cache after the first
  // The header's new line stays accessible and fits a phone.
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshots(page, 'signed-in');
  await page.setViewport({ width: 1280, height: 900 });
  expect(errors).toEqual([]);
});

test('a Reader sees an alert without the Admin actions; no second sign-in', async () => {
  await page.goto(`${api.url}/alerts/1`);
  await waitForText(page, '[data-testid="alert-status"]', 'Open');
  expect(await page.$('[data-action]')).toBeNull();
  expect(signIn.log.authorized).toBe(1);
  expect(errors).toEqual([]);
});

test('sign out returns to the console, which signs the next user in: an Admin gets the actions', async () => {
  signIn.user = ADMIN;
  await Promise.all([page.waitForNavigation(), page.click('[data-testid="signed-in"] button')]);
  await page.waitForSelector('[data-testid="signed-in"]', { timeout: 30_000 });
  expect(await text(page, '[data-testid="signed-in"]')).toBe(`Signed in as ${ADMIN.name} Sign out`);
  expect(signIn.log).toMatchObject({ authorized: 2, redeemed: 2, refused: [] });
  await page.goto(`${api.url}/alerts/1`);
  await page.waitForSelector('button[data-action="acknowledge"]', { timeout: 15_000 });
  expect(errors).toEqual([]);
});

/** A request to the stand-in's HTTPS server, trusting its self-signed certificate. */
function tenantRequest(
  url: string,
  form?: URLSearchParams,
): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: form ? 'POST' : 'GET',
        ca: readFileSync(endpoint.caFile),
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
      },
    );
    req.on('error', reject);
    req.end(form?.toString());
  });
}

test('the tenant holds MSAL to PKCE: no challenge, a wrong verifier and a reused code are refused', async () => {
  const base = `${endpoint.authorityHost}/${tenant.tenantId}/oauth2/v2.0`;
  const verifier = randomUUID() + randomUUID();
  const authorize = new URLSearchParams({
    client_id: CONSOLE_CLIENT_ID,
    redirect_uri: `${api.url}/`,
    response_type: 'code',
    scope: `openid ${tenant.api.appIdUri}/access_as_user`,
    nonce: 'n',
    state: 's',
  });
  expect((await tenantRequest(`${base}/authorize?${authorize}`)).status).toBe(400);
  authorize.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
  authorize.set('code_challenge_method', 'S256');
  const redirect = await tenantRequest(`${base}/authorize?${authorize}`);
  expect(redirect.status).toBe(302);
  const code = new URLSearchParams(new URL(redirect.location!).hash.slice(1)).get('code')!;
  const redeem = (codeVerifier: string) =>
    tenantRequest(
      `${base}/token`,
      new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: CONSOLE_CLIENT_ID,
        redirect_uri: `${api.url}/`,
        code,
        code_verifier: codeVerifier,
      }),
    );
  const wrong = await redeem('not-the-verifier');
  expect([wrong.status, JSON.parse(wrong.body).error_description]).toEqual([
    400,
    expect.stringMatching(/^AADSTS501481/),
  ]);
  const reused = await redeem(verifier); // the code died with the failed attempt
  expect(JSON.parse(reused.body).error_description).toMatch(/^AADSTS70008/);
  expect(signIn.log.refused.map((r) => r.split(':')[0])).toEqual([
    'AADSTS9002325',
    'AADSTS501481',
    'AADSTS70008',
  ]);
});
