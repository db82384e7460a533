import { createPublicKey, randomUUID } from 'node:crypto';
import type { RequestHandler, Router } from 'express';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import type { ApiDeps } from '../../graphql/context';
import { createRestRouter, REST_ROUTES } from '../../graphql/rest/routes';
import { buildSchemaFromSdl } from '../../graphql/schema';
import { graphqlAs, requestAs, startAzureApi, type Answer, type AzureApi } from '../helpers/azure-api';
import {
  mutationOperations,
  queryOperations,
  stringArgumentOperations,
  type RootOperation,
} from '../helpers/graphql-operations';
import { LocalTenant } from '../helpers/local-tenant';

/**
 * The security suite. Every REST route (from graphql/rest/routes.ts: the router as mounted and its
 * route table) and every GraphQL Query and Mutation field (from the SDL) is enumerated from the
 * code, so a new one is covered the day it is added. One API, Azure AD mode, against a stand-in
 * tenant: each is refused (401) without a token and with every kind of bad token; a Reader is
 * refused (403) on every mutation; the public routes stay public.
 */

const schema = buildSchemaFromSdl();
const queries = queryOperations(schema);
const mutations = mutationOperations(schema);

interface RestTarget {
  method: string;
  path: string;
  exampleQuery: string;
}

/** The routes the REST router really mounts, whether or not the route table lists them. */
function mountedRestRoutes(): { method: string; path: string; authenticated: boolean }[] {
  const marker: RequestHandler = (_req, _res, next) => next();
  const router = createRestRouter({} as ApiDeps, [marker]);
  type Layer = {
    route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
    handle?: Router & { stack?: Layer[] };
    rawPath?: unknown;
  };
  const walk = (stack: Layer[], prefix: string, inherited: boolean): ReturnType<typeof mountedRestRoutes> =>
    stack.flatMap((layer) => {
      if (layer.route) {
        const authenticated = inherited || layer.route.stack.some((l) => l.handle === marker);
        return Object.keys(layer.route.methods).map((method) => ({
          method: method.toUpperCase(),
          path: `${prefix}${layer.route!.path}`,
          authenticated,
        }));
      }
      if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        return walk(layer.handle.stack, `${prefix}${mount}`, inherited);
      }
      return [];
    });
  return walk((router as unknown as { stack: Layer[] }).stack, '', false);
}

const mounted = mountedRestRoutes();
const restTargets: RestTarget[] = mounted.map(({ method, path }) => ({
  method,
  path: path.replace(/:(\w+)/g, 'security-suite'),
  exampleQuery:
    REST_ROUTES.find((r) => r.method.toUpperCase() === method && r.path === path)?.exampleQuery ?? '',
}));

interface BadToken {
  name: string;
  /** The Authorization header; undefined: none at all. */
  authorization?: string;
  /** The check the 401 must name. */
  message: string;
}

let tenant: LocalTenant;
let otherTenant: LocalTenant;
let api: AzureApi;
let readerToken: string;
let adminToken: string;
let noRoleToken: string;
let badTokens: BadToken[];

async function buildBadTokens(): Promise<BadToken[]> {
  const now = Math.floor(Date.now() / 1000);
  const bearer = (token: string) => `Bearer ${token}`;
  const [header, payload, signature] = readerToken.split('.') as [string, string, string];
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
  const tampered = base64url.encode(JSON.stringify({ ...claims, roles: ['Admin'] }));
  const publicPem = createPublicKey({ key: tenant.current.publicJwk as never, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const unsecured = new UnsecuredJWT(claims).encode();
  const hs256 = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: tenant.current.kid })
    .sign(new TextEncoder().encode(publicPem));
  return [
    { name: 'no token', message: 'missing bearer token' },
    {
      name: 'not a bearer scheme',
      authorization: 'Basic c2VjdXJpdHk6c3VpdGU=',
      message: 'malformed Authorization header',
    },
    { name: 'not a JWT', authorization: bearer('not-a-jwt'), message: 'malformed token' },
    {
      name: 'expired',
      authorization: bearer(
        await tenant.token({ claims: { iat: now - 7200, nbf: now - 7200, exp: now - 3600 } }),
      ),
      message: 'token expired (exp)',
    },
    {
      name: 'not yet valid',
      authorization: bearer(await tenant.token({ claims: { nbf: now + 3600, exp: now + 7200 } })),
      message: 'token not yet valid (nbf)',
    },
    {
      name: 'no expiry',
      authorization: bearer(await tenant.token({ claims: { exp: undefined } })),
      message: 'token has no "exp" claim',
    },
    {
      name: 'wrong audience',
      authorization: bearer(await tenant.token({ claims: { aud: 'api://another-api' } })),
      message: 'token audience (aud) is not this API',
    },
    {
      name: 'wrong issuer (another tenant named, our key)',
      authorization: bearer(await tenant.token({ claims: { iss: otherTenant.v1Issuer } })),
      message: 'token issuer (iss) not accepted',
    },
    {
      name: 'tampered payload (roles: Admin)',
      authorization: bearer(`${header}.${tampered}.${signature}`),
      message: 'token signature verification failed',
    },
    {
      name: 'alg none',
      authorization: bearer(unsecured),
      message: 'token algorithm (alg) not allowed: RS256 only',
    },
    {
      name: 'HS256 signed with the public key',
      authorization: bearer(hs256),
      message: 'token algorithm (alg) not allowed: RS256 only',
    },
    {
      name: "another tenant's token and key (its JWKS)",
      authorization: bearer(await otherTenant.token({ version: 'v1' })),
      message: "token signed by an unknown key (kid not in the issuer's key set)",
    },
    {
      name: "another tenant's key under our kid and issuer",
      authorization: bearer(
        await otherTenant.token({
          key: { ...otherTenant.current, kid: tenant.current.kid },
          claims: { iss: tenant.v2Issuer },
        }),
      ),
      message: 'token signature verification failed',
    },
  ];
}

beforeAll(async () => {
  const registration = { appIdUri: 'api://grid-power-stream-security', clientId: randomUUID() };
  tenant = await LocalTenant.start(registration);
  // Another tenant with its own JWKS, where the same API is registered too (a multi-tenant app).
  otherTenant = await LocalTenant.start(registration);
  api = await startAzureApi(tenant);
  readerToken = await tenant.token({ roles: ['Reader'] });
  adminToken = await tenant.token({ roles: ['Admin'], version: 'v1' });
  noRoleToken = await tenant.token({ roles: [] });
  badTokens = await buildBadTokens();
});

afterAll(async () => {
  await api?.stop();
  await tenant?.stop();
  await otherTenant?.stop();
});

function outcome(res: Answer) {
  return { status: res.status, code: res.body.code, message: res.body.message };
}

/** A 401 body is `{ code, message, request_id }`: nothing of the token, no stack. */
function expectNothingLeaked(res: Answer, authorization: string | undefined): void {
  expect(Object.keys(res.body).sort()).toEqual(['code', 'message', 'request_id']);
  for (const part of authorization?.replace(/^\w+ /, '').split('.') ?? []) {
    if (part.length > 8) expect(res.text).not.toContain(part);
  }
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|Error:|node_modules/);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
}

async function graphqlWith(authorization: string | undefined, document: string): Promise<Answer> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: document }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Answer['body'] };
}

const restUrl = (t: RestTarget) => `${t.path}${t.exampleQuery ? `?${t.exampleQuery}` : ''}`;

describe('the suite covers what the code serves', () => {
  test('REST: the router mounts the routes of REST_ROUTES, each behind authentication', () => {
    expect(mounted.length).toBeGreaterThan(0);
    expect(mounted.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      REST_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort(),
    );
    expect(mounted.filter((r) => !r.authenticated)).toEqual([]);
  });

  test('GraphQL: one operation per Query field and per Mutation field, each valid', () => {
    expect(queries.map((q) => q.field)).toEqual(Object.keys(schema.getQueryType()!.getFields()));
    const mutationType = schema.getMutationType();
    expect(mutations.map((m) => m.field)).toEqual(mutationType ? Object.keys(mutationType.getFields()) : []);
    if (mutationType) expect(mutations.length).toBeGreaterThan(0);
  });
});

describe('401 for every route and field without a token and with each bad token', () => {
  const expected = () =>
    badTokens.map((t) => ({ token: t.name, status: 401, code: 'UNAUTHENTICATED', message: t.message }));

  test.each(restTargets.map((t) => [`${t.method} ${t.path}`, t] as const))(
    'REST %s',
    async (_name, target) => {
      const seen = [];
      const answers: [Answer, string | undefined][] = [];
      for (const bad of badTokens) {
        const res = await requestAs(
          api.url,
          target.method,
          restUrl(target),
          undefined,
          bad.authorization ? { authorization: bad.authorization } : {},
        );
        answers.push([res, bad.authorization]);
        seen.push({ token: bad.name, ...outcome(res) });
      }
      expect(seen).toEqual(expected());
      for (const [res, authorization] of answers) expectNothingLeaked(res, authorization);
    },
  );

  test.each([...queries, ...mutations].map((op) => [`${op.kind} ${op.field}`, op] as const))(
    'GraphQL %s',
    async (_name, op: RootOperation) => {
      const seen = [];
      const answers: [Answer, string | undefined][] = [];
      for (const bad of badTokens) {
        const res = await graphqlWith(bad.authorization, op.document);
        answers.push([res, bad.authorization]);
        seen.push({ token: bad.name, ...outcome(res) });
      }
      expect(seen).toEqual(expected());
      for (const [res, authorization] of answers) expectNothingLeaked(res, authorization);
    },
  );

  test('GraphQL over GET and the landing page are behind authentication too', async () => {
    for (const bad of badTokens) {
      const headers: Record<string, string> = bad.authorization ? { authorization: bad.authorization } : {};
      const get = await requestAs(api.url, 'GET', '/graphql?query=%7Bme%7Bsubject%7D%7D', undefined, headers);
      expect({ token: bad.name, ...outcome(get) }).toEqual({
        token: bad.name,
        status: 401,
        code: 'UNAUTHENTICATED',
        message: bad.message,
      });
      const landing = await requestAs(api.url, 'GET', '/graphql', undefined, {
        ...headers,
        accept: 'text/html',
      });
      expect(landing.status).toBe(401);
    }
  });
});

describe('roles', () => {
  test.each(restTargets.map((t) => [`${t.method} ${t.path}`, t] as const))(
    'REST %s: a Reader gets through, a token without app role gets 403',
    async (_name, target) => {
      const reader = await requestAs(api.url, target.method, restUrl(target), readerToken);
      expect([200, 400]).toContain(reader.status);
      const none = await requestAs(api.url, target.method, restUrl(target), noRoleToken);
      expect(outcome(none)).toEqual({
        status: 403,
        code: 'FORBIDDEN',
        message: expect.stringMatching(/Reader, Admin/),
      });
    },
  );

  test.each(queries.map((op) => [op.field, op] as const))(
    'Query %s: a Reader gets through',
    async (_name, op) => {
      const res = await graphqlAs(api.url, readerToken, op.document);
      expect([401, 403]).not.toContain(res.status);
      // The operation is valid: a refusal, if any, comes from the resolver (no Temporal here: 503).
      const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
      expect(codes).not.toContain('GRAPHQL_VALIDATION_FAILED');
      expect(codes).not.toContain('GRAPHQL_PARSE_FAILED');
      expect(codes).not.toContain('FORBIDDEN');
      expect(codes).not.toContain('UNAUTHENTICATED');
    },
  );

  test('the schema has mutations, so the loop below covers each', () => {
    expect(mutations.length).toBeGreaterThan(0);
  });

  test.each(mutations.map((op) => [op.field, op] as const))(
    'Mutation %s: 403 FORBIDDEN for a Reader; an Admin gets past the role check',
    async (_name, op) => {
      const reader = await graphqlAs(api.url, readerToken, op.document);
      expect(reader.status).toBe(403);
      expect(reader.body.data ?? null).toBeNull();
      expect(reader.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(reader.body.errors?.[0]?.message).toMatch(/Admin/);

      const admin = await graphqlAs(api.url, adminToken, op.document);
      expect([401, 403]).not.toContain(admin.status);
      expect((admin.body.errors ?? []).map((e) => e.extensions?.code)).not.toContain('FORBIDDEN');
    },
  );
});

describe('injection attempts in every GraphQL string argument answer 400 naming the argument', () => {
  const payloads = [
    "75' OR '1'='1",
    '1; DROP TABLE ingestion_audit; --',
    '<img src=x onerror=alert(1)>',
    '${jndi:ldap://x/a}',
  ];
  const cases = payloads.flatMap((payload) =>
    stringArgumentOperations(schema, JSON.stringify(payload)).map(
      (op) => [`${op.field}(${op.argument}) ${payload.slice(0, 12)}`, op, payload] as const,
    ),
  );
  test('the loop covers string arguments of queries and mutations', () => {
    expect(cases.length).toBeGreaterThan(payloads.length * 10);
  });
  test.each(cases)('%s', async (_name, op, _payload) => {
    // Mutations as Admin, so the refusal is the argument's and not the role's.
    const res = await graphqlAs(api.url, op.kind === 'mutation' ? adminToken : readerToken, op.document);
    if (op.argument === 'note') {
      // A note is data, stored verbatim through parameters: not refused for its characters.
      expect((res.body.errors ?? []).map((e) => e.message).join()).not.toMatch(/note/);
      return;
    }
    expect([op.document.slice(0, 80), res.status]).toEqual([op.document.slice(0, 80), 400]);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain(op.argument);
  });
});

describe('public routes stay public, whatever the Authorization header says', () => {
  const PUBLIC: [string, (res: Answer) => void][] = [
    ['/livez', (res) => expect(res.status).toBe(200)],
    ['/readyz', (res) => expect([200, 503]).toContain(res.status)],
    [
      '/openapi.json',
      (res) => expect([res.status, String(res.body.openapi)]).toEqual([200, expect.stringMatching(/^3\.1/)]),
    ],
    ['/docs', (res) => expect(res.status).toBe(301)],
    ['/docs/', (res) => expect([res.status, res.text]).toEqual([200, expect.stringContaining('swagger-ui')])],
    ['/auth/config', (res) => expect([res.status, res.body.mode]).toEqual([200, 'azure'])],
  ];

  test.each(PUBLIC)('%s', async (path, check) => {
    for (const bad of badTokens) {
      const res = await requestAs(
        api.url,
        'GET',
        path,
        undefined,
        bad.authorization ? { authorization: bad.authorization } : {},
      );
      expect([401, 403]).not.toContain(res.status);
      check(res);
    }
  });
});

describe('the tenant', () => {
  test('all these bad tokens cost it at most two JWKS fetches (the first, one refetch)', () => {
    expect(tenant.jwksFetches).toBeGreaterThanOrEqual(1);
    expect(tenant.jwksFetches).toBeLessThanOrEqual(2);
    expect(otherTenant.jwksFetches).toBe(0);
  });
});
