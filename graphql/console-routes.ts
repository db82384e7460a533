import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { fromPackageRoot } from '../lib/package-root';
import { REST_ROUTES } from './rest/routes';

const UI_DIST = fromPackageRoot('ui', 'dist');

/**
 * The console's client-side routes: only these answer index.html, so a mistyped API path gets a
 * 404 JSON rather than a page of HTML with status 200.
 */
export const CONSOLE_ROUTES = [
  '/',
  '/map',
  '/regions/:code',
  '/alerts',
  '/alerts/:id',
  '/runs',
  '/runs/audit',
  '/runs/:workflowId',
  '/quality',
  '/schedules',
  '/schedules/:id',
];

/** Paths both the console and the REST API answer (`/alerts`): the client's Accept header decides. */
const SHARED_WITH_REST = new Set(REST_ROUTES.map((r) => r.path));

/**
 * Mounted before the REST routes. On a path the REST API also answers, a browser navigating to
 * it (text/html preferred) gets the console, and any other client (curl, fetch: `*\/*`) the API.
 */
export function mountConsole(app: Express): boolean {
  if (!existsSync(path.join(UI_DIST, 'index.html'))) return false;
  app.use(express.static(UI_DIST, { index: false }));
  const index = path.join(UI_DIST, 'index.html');
  for (const route of CONSOLE_ROUTES)
    app.get(route, (req, res, next) => {
      if (SHARED_WITH_REST.has(route) && req.accepts(['json', 'html']) !== 'html') next();
      else res.sendFile(index);
    });
  return true;
}
