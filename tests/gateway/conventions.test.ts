// The gateway's shared conventions: OpenAPI 3.1 and its docs page, security headers, request ids that travel
// to the services, readiness that depends on every service.
import { eventually } from '@wage/testing';
import { Platform, clueBody } from '../support/platform';

jest.setTimeout(180_000);
const p = new Platform();
beforeAll(() => p.start('gw-conv'));
afterAll(() => p.stop());

it('serves an OpenAPI 3.1 document describing every route, and a browsable page', async () => {
  const doc = (await p.request('GET', '/api/openapi.json')).body;
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/clues',
      '/api/v1/clues/{id}',
      '/api/v1/inspection/cases',
      '/api/v1/cases/{caseId}/timeline',
      '/api/v1/stats',
    ]),
  );
  const post = doc.paths['/api/v1/clues'].post;
  expect(post.requestBody.content['application/json'].schema).toBeDefined();
  expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '422']));
  const page = await p.request('GET', '/api/docs');
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(page.text).toContain('/api/openapi.json');
});

it('sets security headers and answers unknown routes with problem+json 404', async () => {
  const r = await p.request('GET', '/api/v1/nothing-here');
  expect(r.status).toBe(404);
  expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(r.headers.get('content-security-policy')).toBeTruthy();
  expect(r.headers.get('x-powered-by')).toBeNull();
});

it('gives every request an id that reaches the service handling it', async () => {
  const requestId = `req-${p.namespace}`;
  const r = await p.request('POST', '/api/v1/clues', {
    token: await p.token('clerk.changji'),
    body: clueBody(5),
    headers: { 'x-request-id': requestId },
  });
  expect(r.status).toBe(201);
  expect(r.headers.get('x-request-id')).toBe(requestId);
  await eventually(async () => (p.services.intake!.log().includes(requestId) ? true : undefined), 10_000);
  await eventually(async () => (p.gateway.log().includes(requestId) ? true : undefined), 10_000);
  const line = p.gateway
    .log()
    .split('\n')
    .find((l) => l.includes(requestId) && l.includes('"msg":"request"'));
  expect(JSON.parse(line!)).toMatchObject({ method: 'POST', path: '/api/v1/clues', status: 201, requestId });
});

it('is ready only while every service answers its health check', async () => {
  expect((await p.request('GET', '/readyz')).status).toBe(200);
  await p.services.inspection!.stop();
  const r = await p.request('GET', '/readyz');
  expect(r.status).toBe(503);
  expect(r.body.checks).toEqual(expect.arrayContaining([{ service: 'inspection', ok: false }]));
  expect((await p.request('GET', '/healthz')).status).toBe(200);
  await p.services.inspection!.start();
  await eventually(
    async () => ((await p.request('GET', '/readyz')).status === 200 ? true : undefined),
    15_000,
  );
});
