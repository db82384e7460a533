import { GraphQLClient } from 'graphql-request';
import { getAccessToken } from '../auth/token';
import { apiUrl } from './api-url';

/** The API's GraphQL endpoint (data/api-url.ts: the console's own origin unless built for another). */
export const graphqlClient = new GraphQLClient(apiUrl('/graphql'), {
  requestMiddleware: async (request) => {
    // A Headers object, not a record: copied as such so that content-type survives (Apollo's CSRF
    // guard refuses a POST without it).
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${await getAccessToken()}`);
    return { ...request, headers };
  },
});
