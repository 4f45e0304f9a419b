// Services are not a side door (issue #13 item 3): a caller who reaches a service's gRPC port directly gets
// nothing without the platform's client certificate, nothing with a portal user's own Keycloak token, and
// nothing from the public clue service unless it is the gateway. Real intake process, real Keycloak and
// MongoDB-protocol server; every refusal is checked to have stored nothing.
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { AssertionSigner, callUnary, platformChannel, tlsIdentity, TokenVerifier } from '@wage/kit';
import { intake } from '@wage/proto';
import {
  asGateway,
  gatewayChannel,
  ServiceProcess,
  testInfra,
  tokenFor,
  uniqueNamespace,
} from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import { clueRequest, documentCount } from '../support/fixtures';

jest.setTimeout(180_000);

let infra: InfraEndpoints;
let namespace: string;
let svc: ServiceProcess;
let clerk: string;

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('sidedoor');
  svc = await new ServiceProcess({ name: 'intake', infra, namespace }).start();
  clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
});
afterAll(() => svc?.stop());

const clueCount = () => documentCount(infra.mongoUrl, `${namespace}-intake`, 'clues');

function fileClue(creds: ChannelCredentials, token: string, n: number) {
  const c = new intake.IntakeServiceClient(svc.address, creds);
  return callUnary(c.fileClue.bind(c), clueRequest(n), { token, deadlineMs: 10_000 }).finally(() =>
    c.close(),
  );
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { kind?: string }) => e.kind,
  );

test('a connection without a client certificate is refused, plaintext or TLS, and files nothing', async () => {
  const assertion = await asGateway(clerk);
  const { ca } = tlsIdentity('gateway');
  expect(await codeOf(fileClue(credentials.createSsl(ca), assertion, 901))).toBe('unavailable');
  expect(await codeOf(fileClue(credentials.createInsecure(), assertion, 902))).toBe('unavailable');
  expect(await clueCount()).toBe(0);
});

test("a portal user's own token sent straight to the service port is refused, even over a platform certificate", async () => {
  expect(await codeOf(fileClue(gatewayChannel(), clerk, 903))).toBe('unauthenticated');
  expect(await codeOf(fileClue(platformChannel('inspection'), clerk, 904))).toBe('unauthenticated');
  expect(await clueCount()).toBe(0);
});

test('an assertion not signed with the gateway certificate is refused; the gateway one is served', async () => {
  const principal = await new TokenVerifier({
    keycloakUrl: infra.keycloakUrl,
    realm: 'wage',
    audience: 'wage-gateway',
  }).verify(clerk);
  const forged = await new AssertionSigner(tlsIdentity('inspection')).sign(principal);
  expect(await codeOf(fileClue(platformChannel('inspection'), forged, 905))).toBe('unauthenticated');
  expect(await clueCount()).toBe(0);

  expect(await codeOf(fileClue(gatewayChannel(), await asGateway(clerk), 906))).toBe('ok');
  expect(await clueCount()).toBe(1);
});

test('the public clue service answers the gateway only', async () => {
  const track = (creds: ChannelCredentials) => {
    const c = new intake.PublicClueServiceClient(svc.address, creds);
    return callUnary(
      c.trackPublicClue.bind(c),
      { trackingCode: 'NO-SUCH-CODE', accessCode: 'x' },
      { deadlineMs: 10_000 },
    ).finally(() => c.close());
  };
  const refused = await track(platformChannel('finance')).catch((e: { kind?: string; detail?: string }) => e);
  expect(refused).toMatchObject({ kind: 'permission_denied', detail: '公开服务只接受网关的调用' });
  // Through the gateway's certificate the call reaches the handler, which does not know the code.
  expect(await codeOf(track(gatewayChannel()))).toBe('not_found');
});

test("unmasking is granted only over the gateway's certificate (the gateway audits the read)", async () => {
  const clue = (await fileClue(gatewayChannel(), await asGateway(clerk), 907)) as intake.Clue;
  const reader = await asGateway(await tokenFor(infra.keycloakUrl, 'supervisor.xinjiang'));
  const get = (creds: ChannelCredentials) => {
    const c = new intake.IntakeServiceClient(svc.address, creds);
    return callUnary(c.getClue.bind(c), { id: clue.id }, { token: reader, unmask: true }).finally(() =>
      c.close(),
    );
  };
  const idNumber = clueRequest(907).reporter!.idNumber;
  // Another platform process relaying a pii-reader's assertion gets the masked view, never the full number.
  expect((await get(platformChannel('inspection'))).reporter?.idNumber).not.toBe(idNumber);
  expect((await get(gatewayChannel())).reporter?.idNumber).toBe(idNumber);
});
