import { GraphQLClient } from 'graphql-request';
import { getAccessToken } from '../auth/token';

/** The API's GraphQL endpoint, same origin: the API serves the console (or Vite proxies to it). */
export const graphqlClient = new GraphQLClient(`${window.location.origin}/graphql`, {
  requestMiddleware: async (request) => {
    // A Headers object, not a record: copied as such so that content-type survives (Apollo's CSRF
    // guard refuses a POST without it).
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${await getAccessToken()}`);
    return { ...request, headers };
  },
});
