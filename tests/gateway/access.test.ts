// Authentication at the gateway, against the real Keycloak and services: every kind of bad token is a 401,
// and a prefecture supervisor's statistics stop at its prefecture. (Every route × every caller: matrix.test.ts.)
import { createHmac } from 'node:crypto';
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { Platform, clueBody } from '../support/platform';
import { realmPublicKeyPem, tokenFromThrowawayClient } from '../support/keycloakAdmin';

jest.setTimeout(240_000);
const p = new Platform();
const tokens: Record<string, string> = {};

beforeAll(async () => {
  await p.start('gw-access');
  for (const u of ['clerk.changji', 'inspector.changji', 'supervisor.changji']) tokens[u] = await p.token(u);
  const created = await p.request('POST', '/api/v1/clues', {
    token: tokens['clerk.changji'],
    body: clueBody(900),
  });
  expect(created.status).toBe(201);
});
afterAll(() => p.stop());

describe('jurisdiction of statistics', () => {
  it("lets a prefecture supervisor see its own prefecture's statistics but not its province's", async () => {
    const own = await p.request('GET', '/api/v1/stats?regionCode=652300', {
      token: tokens['supervisor.changji'],
    });
    expect(own.status).toBe(200);
    expect(own.body.clues.received).toBeGreaterThanOrEqual(1);
    const above = await p.request('GET', '/api/v1/stats?regionCode=650000', {
      token: tokens['supervisor.changji'],
    });
    expect(above.status).toBe(403);
  });
});

describe('bad tokens are 401', () => {
  const attempt = (token: string) => p.request('GET', '/api/v1/inspection/cases', { token });

  it('refuses a token signed with another key', async () => {
    const real = tokens['inspector.changji']!;
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(real))
      .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(real).kid! })
      .sign(privateKey);
    const r = await attempt(forged);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ status: 401, type: expect.stringContaining('unauthenticated') });
  });

  it('refuses alg: none', async () => {
    const [, payload] = tokens['inspector.changji']!.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect((await attempt(`${header}.${payload}.`)).status).toBe(401);
  });

  it('refuses HS256 signed with the realm public key', async () => {
    const [, payload] = tokens['inspector.changji']!.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const pem = await realmPublicKeyPem(p.infra.keycloakUrl);
    const sig = createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url');
    expect((await attempt(`${header}.${payload}.${sig}`)).status).toBe(401);
  });

  it('refuses a real token for another audience', async () => {
    const token = await tokenFromThrowawayClient(p.infra.keycloakUrl, {
      username: 'inspector.changji',
      gatewayAudience: false,
    });
    expect((await attempt(token)).status).toBe(401);
  });

  it('refuses a real token once it has expired', async () => {
    const token = await tokenFromThrowawayClient(p.infra.keycloakUrl, {
      username: 'inspector.changji',
      lifespanSeconds: 2,
      gatewayAudience: true,
    });
    expect((await attempt(token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, decodeJwt(token).exp! * 1000 - Date.now() + 1_500));
    expect((await attempt(token)).status).toBe(401);
  });

  it('refuses garbage and a missing token', async () => {
    expect((await attempt('not-a-jwt')).status).toBe(401);
    expect((await p.request('GET', '/api/v1/inspection/cases')).status).toBe(401);
  });
});
