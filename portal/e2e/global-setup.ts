// The real platform for the browser tests: every service, connected as `npm start` connects them, and the
// gateway serving the built portal, on the shared test infrastructure (real Kafka, MongoDB, Keycloak).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Platform } from '../../tests/support/platform';
import { changeWebOrigin } from './keycloak';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(__dirname, '..', 'dist', 'index.html'))) {
    throw new Error('portal not built: run `npx turbo run build --filter=@wage/portal` first');
  }
  const p = new Platform();
  await p.start('portal-e2e', { connected: true, env: { gateway: { PUBLIC_RATE_LIMIT: '10000' } } });
  process.env.PORTAL_URL = p.gateway.url;
  process.env.KEYCLOAK_TEST_URL = p.infra.keycloakUrl;
  await changeWebOrigin(p.infra.keycloakUrl, p.gateway.url, true);
  return async () => {
    await changeWebOrigin(p.infra.keycloakUrl, p.gateway.url, false).catch(() => undefined);
    await p.stop();
  };
}
