// The production realm template (deploy/keycloak/realm-wage-prod.json) is fit for MLPS 2.0 level 3: read
// from the file, and imported into the real Keycloak to show it is a realm Keycloak accepts as written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keycloakAdminHeaders, repoRoot, testInfra } from '@wage/testing';

/* eslint-disable @typescript-eslint/no-explicit-any */
const realm: any = JSON.parse(
  readFileSync(join(repoRoot(), 'deploy', 'keycloak', 'realm-wage-prod.json'), 'utf8'),
);
const OTP_ROLES = ['inspection-chief', 'pii-reader', 'supervisor', 'platform-admin'];
/** What a deployment sets for the template's placeholders. */
const DEPLOYMENT: Record<string, string> = {
  WAGE_PORTAL_URL: 'https://wage.example.gov.cn',
  WAGE_BANK_FEED_REGION: '650000',
  WAGE_BANK_FEED_BANK_CODE: '102',
};
const client = (id: string) => realm.clients.find((c: any) => c.clientId === id);
const flow = (alias: string) => realm.authenticationFlows.find((f: any) => f.alias === alias);

it('asks every holder of inspection-chief, pii-reader, supervisor or platform-admin for a one-time code', () => {
  // Each of those roles carries mfa-required; the browser flow's conditional step asks its holders for OTP.
  for (const name of OTP_ROLES) {
    const role = realm.roles.realm.find((r: any) => r.name === name);
    expect(role?.composites?.realm).toContain('mfa-required');
  }
  const browser = flow(realm.browserFlow);
  expect(browser.topLevel).toBe(true);
  const forms = flow(browser.authenticationExecutions.find((e: any) => e.authenticatorFlow).flowAlias);
  expect(forms.authenticationExecutions).toContainEqual(
    expect.objectContaining({ authenticator: 'auth-username-password-form', requirement: 'REQUIRED' }),
  );
  const conditional = forms.authenticationExecutions.find((e: any) => e.requirement === 'CONDITIONAL');
  const otp = flow(conditional.flowAlias).authenticationExecutions;
  const condition = otp.find((e: any) => e.authenticator === 'conditional-user-role');
  expect(condition.requirement).toBe('REQUIRED');
  const config = realm.authenticatorConfig.find((c: any) => c.alias === condition.authenticatorConfig);
  expect(config.config).toEqual({ condUserRole: 'mfa-required', negate: 'false' });
  expect(otp).toContainEqual(
    expect.objectContaining({ authenticator: 'auth-otp-form', requirement: 'REQUIRED' }),
  );
  // A user without a device is made to enrol one.
  expect(realm.requiredActions).toContainEqual(
    expect.objectContaining({ providerId: 'CONFIGURE_TOTP', enabled: true }),
  );
});

it('locks out password guessing, requires strong passwords and ends idle sessions', () => {
  expect(realm.bruteForceProtected).toBe(true);
  expect(realm.failureFactor).toBeLessThanOrEqual(5);
  expect(realm.passwordPolicy).toMatch(/length\((1[2-9]|[2-9]\d)\)/);
  for (const rule of ['upperCase', 'lowerCase', 'digits', 'specialChars', 'notUsername', 'passwordHistory'])
    expect(realm.passwordPolicy).toContain(rule);
  expect(realm.ssoSessionIdleTimeout).toBeGreaterThan(0);
  expect(realm.ssoSessionIdleTimeout).toBeLessThanOrEqual(1800);
  expect(realm.sslRequired).toBe('all');
  // Sign-in events kept as long as the platform's own audit log.
  expect(realm.eventsEnabled).toBe(true);
  expect(realm.eventsExpiration).toBeGreaterThanOrEqual(180 * 24 * 3600);
});

it('lets the portal sign in only by authorization code with PKCE S256, never by password', () => {
  const portal = client('wage-portal');
  expect(portal.publicClient).toBe(true);
  expect(portal.standardFlowEnabled).toBe(true);
  expect(portal.directAccessGrantsEnabled).toBe(false);
  expect(portal.implicitFlowEnabled).toBe(false);
  expect(portal.attributes['pkce.code.challenge.method']).toBe('S256');
  expect(portal.redirectUris.join()).not.toMatch(/127\.0\.0\.1|localhost|http:\/\//);
});

it('carries no users and no secrets', () => {
  expect(realm.users ?? []).toEqual([]);
  const text = JSON.stringify(realm);
  expect(text).not.toMatch(/"secret"\s*:/);
  expect(text).not.toMatch(/dev-secret|"demo"|credentials/);
  for (const c of realm.clients) expect(c.secret).toBeUndefined();
});

it('is a realm the real Keycloak imports, with the same flow, brute-force and portal settings', async () => {
  const { keycloakUrl } = await testInfra();
  const headers = await keycloakAdminHeaders(keycloakUrl);
  const name = `wage-prod-check-${Date.now().toString(36)}`;
  const created = await fetch(`${keycloakUrl}/admin/realms`, {
    method: 'POST',
    headers,
    // The test Keycloak speaks plain http, so this copy drops sslRequired (asserted on the file above).
    // Keycloak's --import-realm fills ${VAR} from the environment; the admin API takes literal values.
    body: JSON.stringify({ ...realm, realm: name, sslRequired: 'none' }).replace(
      /\$\{(\w+)\}/g,
      (_m, v: string) => DEPLOYMENT[v] ?? '',
    ),
  });
  try {
    expect(created.status).toBe(201);
    const imported: any = await (await fetch(`${keycloakUrl}/admin/realms/${name}`, { headers })).json();
    expect(imported.browserFlow).toBe(realm.browserFlow);
    expect(imported.bruteForceProtected).toBe(true);
    expect(imported.passwordPolicy).toBe(realm.passwordPolicy);
    const [portal] = (await (
      await fetch(`${keycloakUrl}/admin/realms/${name}/clients?clientId=wage-portal`, { headers })
    ).json()) as any[];
    expect(portal.directAccessGrantsEnabled).toBe(false);
    // The password grant is refused by the real server, not only by the file.
    const grant = await fetch(`${keycloakUrl}/realms/${name}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'wage-portal',
        username: 'x',
        password: 'y',
      }),
    });
    expect(grant.status).toBe(400);
    expect(((await grant.json()) as { error: string }).error).toBe('unauthorized_client');
    const users = (await (
      await fetch(`${keycloakUrl}/admin/realms/${name}/users`, { headers })
    ).json()) as any[];
    expect(users.filter((u) => !u.username.startsWith('service-account-'))).toEqual([]);
  } finally {
    await fetch(`${keycloakUrl}/admin/realms/${name}`, { method: 'DELETE', headers });
  }
});
