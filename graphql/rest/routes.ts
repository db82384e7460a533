import { Router, type RequestHandler } from 'express';
import type { ApiDeps } from '../context';

export function createRestRouter(_deps: ApiDeps, _authenticated: RequestHandler[]): Router {
  return Router();
}
