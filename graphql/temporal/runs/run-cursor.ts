import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor } from '../../connection';
import { QueryInputError } from '../../errors';

export const RUN_PAGE = { default: 20, max: 100 };
// A resumed page asks visibility for skip + first runs; its servers cap a page at 1 000.
const MAX_SKIP = 1_000 - RUN_PAGE.max;

/**
 * Cursors carry visibility's page token (keyset paging on the server's side), how many runs of
 * that page were already returned, and a hash of the query so a cursor cannot be replayed
 * against another filter.
 */
export function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 12);
}

export function runCursor(token: Uint8Array | null | undefined, skip: number, hash: string): string {
  return encodeCursor([Buffer.from(token ?? []).toString('base64url'), skip, hash]);
}

export function readRunCursor(after: string, hash: string): { token: Buffer; skip: number } {
  const [token, skip, cursorHash] = decodeCursor(after, 3);
  if (
    typeof token !== 'string' ||
    typeof skip !== 'number' ||
    !Number.isInteger(skip) ||
    skip < 0 ||
    skip > MAX_SKIP
  ) {
    throw new QueryInputError('`after` is not a cursor returned by this API');
  }
  if (cursorHash !== hash) throw new QueryInputError('`after` is a cursor of another filter');
  return { token: Buffer.from(token, 'base64url'), skip };
}
