/** A token from the API's local development issuer (GPS_AUTH_MODE=local, loopback only). */
export async function devToken(
  api: { url: string },
  role: 'reader' | 'admin',
  subject?: string,
): Promise<string> {
  const res = await fetch(`${api.url}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, subject }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
