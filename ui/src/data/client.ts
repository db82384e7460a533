import { GraphQLClient } from 'graphql-request';
import { getAccessToken } from '../auth/token';

/** The API's GraphQL endpoint, same origin: the API serves the console (or Vite proxies to it). */
export const graphqlClient = new GraphQLClient(`${window.location.origin}/graphql`, {
  requestMiddleware: async (request) => ({
    ...request,
    headers: {
      ...(request.headers as Record<string, string>),
      authorization: `Bearer ${await getAccessToken()}`,
    },
  }),
});
