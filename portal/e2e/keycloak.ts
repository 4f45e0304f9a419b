// The test gateway listens on a free port; Keycloak answers the browser's token calls (CORS) only for the
// client's web origins, which name fixed ports. The run adds its own origin and takes it away again.
import { keycloakAdminHeaders } from '@wage/testing';

export async function changeWebOrigin(keycloakUrl: string, origin: string, add: boolean): Promise<void> {
  const headers = await keycloakAdminHeaders(keycloakUrl);
  const base = `${keycloakUrl}/admin/realms/wage/clients`;
  const [client] = (await (await fetch(`${base}?clientId=wage-portal`, { headers })).json()) as Array<{
    id: string;
    webOrigins?: string[];
  }>;
  if (!client) throw new Error('client wage-portal not found in realm wage');
  const others = (client.webOrigins ?? []).filter((o) => o !== origin);
  const res = await fetch(`${base}/${client.id}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ ...client, webOrigins: add ? [...others, origin] : others }),
  });
  if (!res.ok) throw new Error(`could not update wage-portal's web origins: ${res.status}`);
}
