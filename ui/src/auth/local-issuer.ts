/**
 * The API's development issuer (GPS_AUTH_MODE=local): it answers loopback clients only, so this
 * works for a console opened on the machine that runs `npm start`, and nowhere else.
 */
export async function requestDevToken(devTokenUrl: string): Promise<string> {
  const res = await fetch(devTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'reader', subject: 'console' }),
  });
  if (!res.ok) throw new Error(`the development issuer answered HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
