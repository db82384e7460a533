import { useQuery } from '@tanstack/react-query';
import { fetchAuthConfig } from '../auth/config';
import { devRole, switchDevRole } from '../auth/local-issuer';

/**
 * With the local development issuer (the embedded default), the role this tab asks for and a
 * switch to the other, so that someone who just ran `npm start` can try the Admin screens. The
 * API still decides from the token; in azure mode the roles come from Entra ID and this is absent.
 */
export function LocalRole() {
  const config = useQuery({
    queryKey: ['auth-config'],
    queryFn: fetchAuthConfig,
    staleTime: Infinity,
    refetchInterval: false,
  });
  if (config.data?.mode !== 'local') return null;
  const role = devRole();
  return (
    <p className="signed-in" data-testid="local-role">
      Local sign-in: {role === 'admin' ? 'Admin' : 'Reader'}
      <button type="button" onClick={switchDevRole}>
        Act as {role === 'admin' ? 'Reader' : 'Admin'}
      </button>
    </p>
  );
}
