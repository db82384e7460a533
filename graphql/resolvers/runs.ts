import type { ApiContext } from '../context';
import type { PageArgs } from '../connection';
import { arrayConnection } from '../temporal/array-connection';
import { describeRun, listRuns, runKey, runLoaders, type RunFilter, type RunNode } from '../temporal/runs';

const NESTED_PAGE = { default: 100, max: 500 };
const FAILED = new Set(['FAILED', 'TIMED_OUT', 'TERMINATED']);

export const runsResolvers = {
  Query: {
    workflowRuns: (_: unknown, args: RunFilter & PageArgs, ctx: ApiContext) => listRuns(ctx, args, args),
    workflowRun: (_: unknown, args: { workflowId: string; runId?: string | null }, ctx: ApiContext) =>
      describeRun(ctx, args.workflowId, args.runId),
  },
  // Fields below cost a Temporal call or a query per run: resolved only when asked, through the
  // request's DataLoaders (one history call per run, one SQL query per page of runs).
  WorkflowRun: {
    attempts: async (parent: unknown, _: unknown, ctx: ApiContext) =>
      (await runLoaders(ctx).outcome.load(runKey(parent as RunNode))).attempts,
    failureMessage: async (parent: unknown, _: unknown, ctx: ApiContext) =>
      FAILED.has((parent as RunNode).status)
        ? (await runLoaders(ctx).outcome.load(runKey(parent as RunNode))).failure
        : null,
    activities: async (parent: unknown, args: PageArgs, ctx: ApiContext) =>
      arrayConnection(
        (await runLoaders(ctx).history.load(runKey(parent as RunNode))).activities,
        args,
        NESTED_PAGE,
      ),
    childWorkflows: async (parent: unknown, args: PageArgs, ctx: ApiContext) =>
      arrayConnection(
        (await runLoaders(ctx).history.load(runKey(parent as RunNode))).children,
        args,
        NESTED_PAGE,
      ),
    ingestionSteps: async (parent: unknown, args: PageArgs, ctx: ApiContext) =>
      arrayConnection(
        await runLoaders(ctx).ingestion.load((parent as RunNode).workflowId),
        args,
        NESTED_PAGE,
      ),
  },
};
