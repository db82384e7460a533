// The list call is made page by page here (the SDK's own iterator hides the page token), so the
// SDK's decoder of one execution (memo, search attributes, status) is reused from its helpers.
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import type { ApiContext } from '../../context';
import type { Connection, PageArgs } from '../../connection';
import { QueryInputError } from '../../errors';
import { withTemporal } from '../client';
import { queryHash, readRunCursor, RUN_PAGE, runCursor } from './run-cursor';
import { toRunNode, type RunNode } from './run-node';
import { visibilityQuery, type RunFilter } from './visibility-query';

export async function listRuns(
  ctx: ApiContext,
  filter: RunFilter,
  args: PageArgs,
): Promise<Connection<RunNode>> {
  const limit = args.first ?? RUN_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > RUN_PAGE.max) {
    throw new QueryInputError(`\`first\` must be between 1 and ${RUN_PAGE.max}`);
  }
  const query = visibilityQuery(filter);
  const hash = queryHash(query);
  const { token, skip } = args.after ? readRunCursor(args.after, hash) : { token: Buffer.alloc(0), skip: 0 };
  return withTemporal(ctx, 'list workflow runs', async (client) => {
    const namespace = ctx.config.temporal.namespace;
    const response = await client.workflowService.listWorkflowExecutions({
      namespace,
      query,
      pageSize: skip + limit,
      nextPageToken: token,
    });
    const infos = await Promise.all(
      response.executions.map((raw) =>
        executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, namespace),
      ),
    );
    const nodes = infos.slice(skip, skip + limit).map((info) => toRunNode(ctx, info));
    const next = response.nextPageToken?.length ? response.nextPageToken : null;
    const edges = nodes.map((node, i) => ({
      node,
      cursor:
        next && i === nodes.length - 1 ? runCursor(next, 0, hash) : runCursor(token, skip + i + 1, hash),
    }));
    return {
      edges,
      nodes,
      // Visibility hands out a next-page token whenever a page is full, so the last page may be empty.
      pageInfo: { hasNextPage: next !== null, endCursor: edges.at(-1)?.cursor ?? null },
    };
  });
}
