import { useQuery } from '@tanstack/react-query';
import { getSignedInUser, signOut } from '../auth/token';

/**
 * Who the console speaks for, and a way out, where someone signed in (azure mode): a shared screen
 * must show whose roles it acts with. Nothing with the local issuer.
 */
export function SignedIn() {
  const user = useQuery({
    queryKey: ['signed-in-user'],
    queryFn: getSignedInUser,
    // Changes only by a redirect, which reloads the page.
    staleTime: Infinity,
    refetchInterval: false,
  });
  if (!user.data) return null;
  return (
    <p className="signed-in" data-testid="signed-in">
      Signed in as <span title={user.data.username}>{user.data.name}</span>{' '}
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </p>
  );
}
