import type { ApiContext } from '../context';

export const viewerResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: ApiContext) => ctx.viewer,
  },
};
