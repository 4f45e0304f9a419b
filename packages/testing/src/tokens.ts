const cache = new Map<string, { token: string; until: number }>();

/** The dev realm's demo users all have password `demo`. */
export const DEMO_PASSWORD = 'demo';

/** An access token for a dev-realm user from the real Keycloak (password grant on the portal client). */
export async function tokenFor(
  keycloakUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const key = `${keycloakUrl}|${username}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.token;
  const res = await fetch(`${keycloakUrl}/realms/wage/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'wage-portal', username, password }),
  });
  if (!res.ok) throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  cache.set(key, { token: body.access_token, until: Date.now() + (body.expires_in - 30) * 1000 });
  return body.access_token;
}

/** A machine-feed token (client credentials), e.g. for `bank-feed`. */
export async function clientToken(keycloakUrl: string, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${keycloakUrl}/realms/wage/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  if (!res.ok) throw new Error(`client login of ${clientId} failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Headers for the real Keycloak's admin API, as the local bootstrap admin (test infrastructure only). */
export async function keycloakAdminHeaders(keycloakUrl: string): Promise<Record<string, string>> {
  const res = await fetch(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: 'admin',
    }),
  });
  if (!res.ok) throw new Error(`Keycloak admin login failed: ${res.status}`);
  const { access_token } = (await res.json()) as { access_token: string };
  return { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
}
