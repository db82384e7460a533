import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

const UI_DIST = path.resolve(__dirname, '../ui/dist');

/**
 * The console's client-side routes: only these answer index.html, so a mistyped API path gets a
 * 404 JSON rather than a page of HTML with status 200.
 */
export const CONSOLE_ROUTES = ['/', '/map', '/regions/:code', '/alerts', '/runs', '/quality', '/schedules'];

export function mountConsole(app: Express): boolean {
  if (!existsSync(path.join(UI_DIST, 'index.html'))) return false;
  app.use(express.static(UI_DIST, { index: false }));
  const index = path.join(UI_DIST, 'index.html');
  for (const route of CONSOLE_ROUTES) app.get(route, (_req, res) => res.sendFile(index));
  return true;
}
