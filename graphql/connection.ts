import { QueryInputError } from './errors';

/**
 * Relay-style cursor connections. A cursor is the sort key of the row it points at (keyset
 * paging: stable while rows are added elsewhere, and an index seek rather than an OFFSET scan),
 * base64url-encoded so clients treat it as opaque.
 */

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  limit: number;
  /** Sort-key values of the last row already seen, in sort order. */
  after?: (string | number)[];
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new QueryInputError('`after` is not a cursor returned by this API');
  }
  if (
    !Array.isArray(key) ||
    key.length !== arity ||
    !key.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
  ) {
    throw new QueryInputError('`after` is not a cursor returned by this API');
  }
  return key as (string | number)[];
}

/** Validates `first`/`after` against a list's limits and the arity of its sort key. */
export function pageOf(args: PageArgs, limits: { default: number; max: number }, arity: number): Page {
  const limit = args.first ?? limits.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.max) {
    throw new QueryInputError(`\`first\` must be between 1 and ${limits.max}`);
  }
  return { limit, after: args.after ? decodeCursor(args.after, arity) : undefined };
}

/** Rows fetched with `limit + 1` become a connection; the extra row only says a next page exists. */
export function toConnection<T>(
  rows: T[],
  page: Page,
  keyOf: (row: T) => (string | number)[],
): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const last = nodes.at(-1);
  let edges: Connection<T>['edges'] | undefined;
  return {
    // Built only when a query selects them: a client reading `nodes` pays for no cursors.
    get edges() {
      edges ??= nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
      return edges;
    },
    nodes,
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      endCursor: last === undefined ? null : encodeCursor(keyOf(last)),
    },
  };
}
