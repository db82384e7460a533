import type { Express } from 'express';

export function mountApiDocs(_app: Express): void {}
