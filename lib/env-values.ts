import { z } from 'zod';

/** A boolean environment variable: `true`/`false` or `1`/`0`, nothing looser. */
export const boolFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
