// Real tokens with unusual properties, made by the real Keycloak through its admin API.
import { keycloakAdminHeaders } from '@wage/testing';

const form = (o: Record<string, string>) => new URLSearchParams(o);

/**
 * Logs `username` in through a throw-away public client of realm `wage`, created with the given token
 * lifespan and with or without the gateway audience.
 */
export async function tokenFromThrowawayClient(
  keycloakUrl: string,
  opts: { username: string; lifespanSeconds?: number; gatewayAudience: boolean },
): Promise<string> {
  const clientId = `throwaway-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const created = await fetch(`${keycloakUrl}/admin/realms/wage/clients`, {
    method: 'POST',
    headers: await keycloakAdminHeaders(keycloakUrl),
    body: JSON.stringify({
      clientId,
      publicClient: true,
      directAccessGrantsEnabled: true,
      attributes: opts.lifespanSeconds ? { 'access.token.lifespan': String(opts.lifespanSeconds) } : {},
      protocolMappers: opts.gatewayAudience
        ? [
            {
              name: 'gateway-audience',
              protocol: 'openid-connect',
              protocolMapper: 'oidc-audience-mapper',
              config: { 'included.client.audience': 'wage-gateway', 'access.token.claim': 'true' },
            },
          ]
        : [],
    }),
  });
  if (created.status !== 201) throw new Error(`could not create a throw-away client: ${created.status}`);
  const res = await fetch(`${keycloakUrl}/realms/wage/protocol/openid-connect/token`, {
    method: 'POST',
    body: form({ grant_type: 'password', client_id: clientId, username: opts.username, password: 'demo' }),
  });
  if (!res.ok) throw new Error(`login through ${clientId} failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The realm's RSA public key as PEM (what an attacker can read), for the HS256-with-public-key attack. */
export async function realmPublicKeyPem(keycloakUrl: string): Promise<string> {
  const realm = (await (await fetch(`${keycloakUrl}/realms/wage`)).json()) as { public_key: string };
  const lines = realm.public_key.match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`;
}

/**
 * A throw-away user of realm `wage` (password `demo`) holding the given realm roles in a region: e.g. one
 * official with two roles, which no dev user is.
 */
export async function createThrowawayUser(
  keycloakUrl: string,
  opts: { username: string; roles: string[]; region: string; agency: string },
): Promise<void> {
  const headers = { ...(await keycloakAdminHeaders(keycloakUrl)), 'content-type': 'application/json' };
  const base = `${keycloakUrl}/admin/realms/wage`;
  const created = await fetch(`${base}/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      username: opts.username,
      enabled: true,
      emailVerified: true,
      email: `${opts.username}@example.invalid`,
      firstName: '测试',
      lastName: '用户',
      attributes: { region: [opts.region], agency: [opts.agency] },
      credentials: [{ type: 'password', value: 'demo', temporary: false }],
    }),
  });
  if (created.status !== 201) throw new Error(`could not create ${opts.username}: ${created.status}`);
  const id = (created.headers.get('location') ?? '').split('/').pop()!;
  const roles = await Promise.all(
    opts.roles.map(async (r) => (await fetch(`${base}/roles/${r}`, { headers })).json() as Promise<object>),
  );
  const mapped = await fetch(`${base}/users/${id}/role-mappings/realm`, {
    method: 'POST',
    headers,
    body: JSON.stringify(roles),
  });
  if (!mapped.ok) throw new Error(`could not give ${opts.username} its roles: ${mapped.status}`);
}
