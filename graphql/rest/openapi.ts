import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import express, { type Express } from 'express';
import { z } from 'zod';
import { errorBody } from './responses';
import { REST_ROUTES } from './routes';

/**
 * /openapi.json is generated from the zod schemas that validate the REST parameters
 * (graphql/rest/params.ts) and the route table, and /docs serves Swagger UI from the npm
 * package (no CDN), pointed at it, with the bearer scheme so "Authorize" then "Try it out" works.
 */

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorBody } },
});

export function openApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An Azure AD (Entra ID) access token for this API with the app role Reader or Admin. In the embedded default (local auth mode): `curl -s -X POST http://127.0.0.1:4000/auth/dev-token -H "content-type: application/json" -d \'{"role":"reader"}\'` from the same machine, then paste `access_token` here.',
  });

  for (const route of REST_ROUTES) {
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      description: route.description,
      security: [{ [bearer.name]: [] }],
      request: { query: route.query },
      responses: {
        200:
          route.response === 'csv'
            ? {
                description: 'The CSV file (attachment)',
                content: { 'text/csv': { schema: z.string() } },
              }
            : {
                description: 'One page of items',
                content: { 'application/json': { schema: route.response } },
              },
        400: errorResponse('A parameter is missing, unknown or invalid; the message names it'),
        401: errorResponse('No token, or a token that is not valid for this API'),
        403: errorResponse('The token lacks the Reader or Admin role'),
        429: errorResponse('Too many requests for this token; see the RateLimit headers'),
      },
    });
  }

  registry.registerPath({
    method: 'post',
    path: '/graphql',
    summary: 'GraphQL',
    description:
      'Every Gold dataset, the audit log, workflow runs and schedules. The schema is graphql/schema.graphql in the repository; introspection is on outside production.',
    security: [{ [bearer.name]: [] }],
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.object({
              query: z.string().openapi({ example: '{ me { subject roles } }' }),
              variables: z.record(z.string(), z.unknown()).optional(),
              operationName: z.string().optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: { description: 'GraphQL response (errors, if any, in `errors`)' },
      401: errorResponse('No token, or a token that is not valid for this API'),
    },
  });
  for (const [routePath, summary] of [
    ['/livez', 'Liveness: the process serves requests'],
    ['/readyz', 'Readiness: the gold database and Temporal answer (503 and the failing check otherwise)'],
  ] as const) {
    registry.registerPath({
      method: 'get',
      path: routePath,
      summary,
      responses: { 200: { description: 'ok' }, 503: { description: 'not ready' } },
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Grid Power Stream API',
      version: '1',
      description:
        'French regional electricity data (RTE eCO2mix) refined into a Gold star schema. Errors are JSON `{ code, message, request_id }`. Times are UTC instants; dates (YYYY-MM-DD) in `from`/`to` mean Paris midnight.',
    },
  });
}

const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

// Our initializer replaces the package's petstore one: same page, our document, tokens kept
// across reloads so "Authorize" is done once.
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

export function mountApiDocs(app: Express): void {
  const document = JSON.stringify(openApiDocument());
  app.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  const index = readFileSync(path.join(SWAGGER_DIR, 'index.html'), 'utf8');
  // Express matches /docs and /docs/ alike; the page's relative asset URLs need the slash.
  app.get('/docs', (req, res) => {
    if (req.originalUrl.split('?')[0]?.endsWith('/')) res.type('html').send(index);
    else res.redirect(301, '/docs/');
  });
  app.get('/docs/swagger-initializer.js', (_req, res) =>
    res.type('application/javascript').send(INITIALIZER),
  );
  app.use('/docs', express.static(SWAGGER_DIR, { index: false }));
}
