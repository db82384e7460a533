import { apiUrl } from '../data/api-url';

/**
 * The API's development issuer (GPS_AUTH_MODE=local): it answers loopback clients only, so this
 * works for a console opened on the machine that runs `npm start`, and nowhere else.
 */

/**
 * The role asked of the issuer: Reader unless this tab's session storage says `admin`, so that a
 * developer (or the e2e test) can try the Admin actions locally without a tenant. The API checks
 * the role in the token; this only chooses which token to ask for.
 */
export const DEV_ROLE_KEY = 'gps.devRole';

export function devRole(): 'reader' | 'admin' {
  return sessionStorage.getItem(DEV_ROLE_KEY) === 'admin' ? 'admin' : 'reader';
}

export async function requestDevToken(devTokenUrl: string): Promise<string> {
  const role = devRole();
  const res = await fetch(apiUrl(devTokenUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, subject: role === 'admin' ? 'console-admin' : 'console' }),
  });
  if (!res.ok) throw new Error(`the development issuer answered HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Asks for the other role's token from now on: a reload, so that no query keeps the old one. */
export function switchDevRole(): void {
  sessionStorage.setItem(DEV_ROLE_KEY, devRole() === 'admin' ? 'reader' : 'admin');
  window.location.reload();
}
