import { decodeCursor, encodeCursor, type Connection, type PageArgs } from '../connection';
import { QueryInputError } from '../errors';

/**
 * A connection over a short list already in memory (a run's activities, a schedule's recent
 * actions): the cursor is the item's position, which is stable because the list is built the
 * same way on every request.
 */
export function arrayConnection<T>(
  items: readonly T[],
  args: PageArgs,
  limits: { default: number; max: number },
): Connection<T> {
  const limit = args.first ?? limits.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.max) {
    throw new QueryInputError(`\`first\` must be between 1 and ${limits.max}`);
  }
  let start = 0;
  if (args.after) {
    const [position] = decodeCursor(args.after, 1);
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
      throw new QueryInputError('`after` is not a cursor returned by this API');
    }
    start = position + 1;
  }
  const nodes = items.slice(start, start + limit);
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor([start + i]), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: start + limit < items.length, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
