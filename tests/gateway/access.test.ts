// Authentication and authorisation at the gateway, against the real Keycloak and services: every route ×
// every dev-realm role gets exactly the status the contract says, and every kind of bad token is a 401.
import { createHmac } from 'node:crypto';
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { clientToken, eventually } from '@wage/testing';
import { Platform, clueBody } from '../support/platform';
import { realmPublicKeyPem, tokenFromThrowawayClient } from '../support/keycloakAdmin';

jest.setTimeout(240_000);
const p = new Platform();
let clue: { id: string; caseId: string };
let inspectionCaseId: string;

const USERS = [
  'clerk.changji',
  'inspector.changji',
  'inspector.lanzhou',
  'housing.changji',
  'police.changji',
  'mediator.changji',
  'arbitrator.changji',
  'judge.changji',
  'finance.changji',
  'credit.xinjiang',
  'supervisor.xinjiang',
  'supervisor.changji',
  'bank-feed',
  'anonymous',
] as const;
type Caller = (typeof USERS)[number];
const tokens = {} as Record<Caller, string | undefined>;

beforeAll(async () => {
  await p.start('gw-access');
  for (const u of USERS) {
    tokens[u] =
      u === 'anonymous'
        ? undefined
        : u === 'bank-feed'
          ? await clientToken(p.infra.keycloakUrl, 'bank-feed', 'bank-feed-dev-secret')
          : await p.token(u);
  }
  const created = await p.request('POST', '/api/v1/clues', {
    token: tokens['clerk.changji'],
    body: clueBody(900),
  });
  expect(created.status).toBe(201);
  clue = created.body;
  inspectionCaseId = await eventually(async () => {
    const r = await p.request('GET', '/api/v1/inspection/cases', { token: tokens['inspector.changji'] });
    return r.body.items?.find((c: { caseId: string }) => c.caseId === clue.caseId)?.id as string | undefined;
  });
});
afterAll(() => p.stop());

/** Statuses from API.md: 401 without a token, 403 without the role, 404 outside the caller's region. */
function expected(route: string, caller: Caller): number {
  if (caller === 'anonymous') return 401;
  const any = (...users: Caller[]) => users.includes(caller);
  const lanzhou = caller === 'inspector.lanzhou';
  switch (route) {
    case 'POST /clues':
      return caller === 'clerk.changji' ? 201 : 403;
    case 'GET /clues/{id}':
      if (lanzhou) return 404;
      return any(
        'clerk.changji',
        'inspector.changji',
        'mediator.changji',
        'supervisor.xinjiang',
        'supervisor.changji',
      )
        ? 200
        : 403;
    case 'GET /inspection/cases':
      return any(
        'inspector.changji',
        'inspector.lanzhou',
        'housing.changji',
        'police.changji',
        'supervisor.xinjiang',
        'supervisor.changji',
      )
        ? 200
        : 403;
    case 'GET /inspection/cases/{id}':
      if (lanzhou) return 404;
      return any(
        'inspector.changji',
        'housing.changji',
        'police.changji',
        'supervisor.xinjiang',
        'supervisor.changji',
      )
        ? 200
        : 403;
    case 'GET /cases/{caseId}/timeline':
      if (caller === 'bank-feed') return 403;
      return lanzhou ? 404 : 200;
    case 'GET /stats':
      return any('supervisor.xinjiang', 'supervisor.changji') ? 200 : 403;
    case 'GET /stats?regionCode=620100':
      return 403; // outside every caller's jurisdiction (Lanzhou), or no supervisor role
    default:
      throw new Error(route);
  }
}

describe('route × role matrix', () => {
  const routes = [
    'POST /clues',
    'GET /clues/{id}',
    'GET /inspection/cases',
    'GET /inspection/cases/{id}',
    'GET /cases/{caseId}/timeline',
    'GET /stats',
    'GET /stats?regionCode=620100',
  ];
  it.each(routes)('%s answers each caller as the contract says', async (route) => {
    const [method, template] = route.split(' ') as [string, string];
    const path = `/api/v1${template
      .replace('{id}', route.includes('inspection') ? inspectionCaseId : clue.id)
      .replace('{caseId}', clue.caseId)}`;
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    let n = 1000;
    for (const caller of USERS) {
      const body = method === 'POST' ? clueBody(n++) : undefined;
      const r = await p.request(method, path, { token: tokens[caller], ...(body ? { body } : {}) });
      got[caller] = r.status;
      want[caller] = expected(route, caller);
      if (r.status >= 400) expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(got).toEqual(want);
  });

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
