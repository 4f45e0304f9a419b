// Who may call is settled before the body is read: an anonymous or forbidden 7 MB POST is answered while the
// client has sent only its first 64 KB, and the gateway closes the connection instead of draining the rest
// (real gateway process, real Keycloak and MongoDB-protocol server).
import { request } from 'node:http';
import { ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import { documentCount } from '../support/fixtures';

jest.setTimeout(180_000);
let gateway: ServiceProcess;
let namespace: string;
let infra: Awaited<ReturnType<typeof testInfra>>;

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('cheap');
  gateway = await new ServiceProcess({ name: 'gateway', infra, namespace }).start();
});
afterAll(() => gateway.stop());

const SEVEN_MB = 7 * 1024 * 1024;
const FIRST_CHUNK = 64 * 1024;

/**
 * Declares a 7 MB JSON body, sends 64 KB of it and then nothing more. A gateway that read the body before
 * deciding would never answer; one that decides first answers and closes the socket.
 */
function postHugeBody(
  path: string,
  token?: string,
): Promise<{ status: number; body: string; sent: number; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, gateway.url);
    let sent = 0;
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(SEVEN_MB),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        // The client never ends its request: a close now can only come from the server.
        const socket = req.socket;
        if (!socket || socket.destroyed) return resolve({ status, body, sent, closedByServer: true });
        socket.once('close', () => resolve({ status, body, sent, closedByServer: true }));
      });
    });
    req.write(`{"padding":"${'x'.repeat(FIRST_CHUNK - 13)}`, () => (sent += FIRST_CHUNK));
  });
}

const collectionCount = (name: string) => documentCount(infra.mongoUrl, `${namespace}-gateway`, name);

it('answers an anonymous 7 MB POST with 401 before reading its body', async () => {
  const r = await postHugeBody('/api/v1/clues');
  expect(r.status).toBe(401);
  expect(JSON.parse(r.body).type).toContain('unauthenticated');
  expect(r.sent).toBeLessThan(SEVEN_MB);
  expect(r.closedByServer).toBe(true);
  // Nothing was recorded for it: no idempotency record, no audit entry (there is no one to name).
  expect(await collectionCount('idempotency_keys')).toBe(0);
  expect(await collectionCount('audit_log')).toBe(0);
});

it('answers a forbidden 7 MB POST with 403 before reading its body, and audits the attempt', async () => {
  const mediator = await tokenFor(infra.keycloakUrl, 'mediator.changji');
  const r = await postHugeBody('/api/v1/clues', mediator);
  expect(r.status).toBe(403);
  expect(r.sent).toBeLessThan(SEVEN_MB);
  expect(r.closedByServer).toBe(true);
  expect(await collectionCount('audit_log')).toBe(1);
});

it('refuses a permitted caller whose declared body exceeds the route limit, unread (413)', async () => {
  const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
  const r = await postHugeBody('/api/v1/clues', clerk);
  expect(r.status).toBe(413);
  expect(JSON.parse(r.body).errors).toEqual([{ field: '(body)', message: '请求体过大' }]);
  expect(r.sent).toBeLessThan(SEVEN_MB);
  expect(r.closedByServer).toBe(true);
  expect(await collectionCount('idempotency_keys')).toBe(0);
});
