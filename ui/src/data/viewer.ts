import { useQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import { graphqlClient } from './client';

const VIEWER = graphql(`
  query Viewer {
    me {
      subject
      roles
    }
  }
`);

/** Who the token says the user is; the API decides, the console only hides what would be refused. */
export function useViewer() {
  return useQuery({
    queryKey: ['viewer'],
    queryFn: async () => (await graphqlClient.request(VIEWER)).me,
    // Roles change with a new token, not while the page is open.
    staleTime: Infinity,
    refetchInterval: false,
  });
}

export function useIsAdmin(): boolean {
  return useViewer().data?.roles.some((r) => r.toLowerCase() === 'admin') ?? false;
}
