// The walking skeleton through the backbone, on real Kafka, the MongoDB-protocol server and Keycloak:
// a command to intake over gRPC changes an aggregate and emits events through its outbox; inspection
// consumes them and stores a case; a gRPC query to inspection returns it.
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { eventually, refusal, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import { clueRequest, inspectionClient, intakeClient } from '../support/fixtures';
import { tokenFromThrowawayClient } from '../support/keycloakAdmin';

jest.setTimeout(180_000);

let infra: InfraEndpoints;
let intakeSvc: ServiceProcess;
let inspectionSvc: ServiceProcess;

beforeAll(async () => {
  infra = await testInfra();
  const namespace = uniqueNamespace('skeleton');
  intakeSvc = new ServiceProcess({ name: 'intake', infra, namespace });
  inspectionSvc = new ServiceProcess({ name: 'inspection', infra, namespace });
  await Promise.all([intakeSvc.start(), inspectionSvc.start()]);
});

afterAll(async () => {
  await Promise.all([intakeSvc?.stop(), inspectionSvc?.stop()]);
});

describe('walking skeleton', () => {
  it('a clue filed with intake opens an inspection case that inspection returns over gRPC', async () => {
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    const inspector = await tokenFor(infra.keycloakUrl, 'inspector.changji');
    const clue = await intakeClient(intakeSvc.address).fileClue(clueRequest(1), clerk);
    expect(clue.caseNo).toMatch(/^652301-\d{4}-\d{6}$/);
    expect(clue.status).toBe('received');

    const insp = inspectionClient(inspectionSvc.address);
    const found = await eventually(() =>
      insp.getCase({ caseId: clue.caseId }, inspector).catch(() => undefined),
    );
    expect(found).toMatchObject({
      caseId: clue.caseId,
      caseNo: clue.caseNo,
      status: 'investigating',
      regionCode: '652301',
      claimedArrearsFen: '1200001',
      industryRegulator: 'housing',
    });
  });

  it('hides a Changji case from a Lanzhou inspector (not found, existence not revealed)', async () => {
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    const clue = await intakeClient(intakeSvc.address).fileClue(clueRequest(2), clerk);
    const changji = await tokenFor(infra.keycloakUrl, 'inspector.changji');
    const insp = inspectionClient(inspectionSvc.address);
    await eventually(() => insp.getCase({ caseId: clue.caseId }, changji).catch(() => undefined));
    const lanzhou = await tokenFor(infra.keycloakUrl, 'inspector.lanzhou');
    const err = await refusal(insp.getCase({ caseId: clue.caseId }, lanzhou));
    expect(err.kind).toBe('not_found');
  });

  it('refuses a command from a role that may not file clues', async () => {
    const inspector = await tokenFor(infra.keycloakUrl, 'inspector.changji');
    const err = await refusal(intakeClient(intakeSvc.address).fileClue(clueRequest(3), inspector));
    expect(err.kind).toBe('permission_denied');
  });

  it('rejects a bad clue with field-level reasons and stores nothing', async () => {
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    const bad = clueRequest(4, { regionCode: '999999', workerCount: 0 });
    bad.reporter!.idNumber = '652301199001011230';
    const err = await refusal(intakeClient(intakeSvc.address).fileClue(bad, clerk));
    expect(err.kind).toBe('invalid_argument');
    expect(err.errors.map((e) => e.field).sort()).toEqual(['regionCode', 'reporter.idNumber', 'workerCount']);
  });

  it('refuses a forged token signed with another key, even with the real key id and claims', async () => {
    const real = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(decodeJwt(real))
      .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(real).kid! })
      .sign(privateKey);
    const err = await refusal(intakeClient(intakeSvc.address).fileClue(clueRequest(5), forged));
    expect(err.kind).toBe('unauthenticated');
  });

  it('refuses an unsigned (alg: none) token and a missing token', async () => {
    const real = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    const [h, p] = real.split('.');
    const header = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(h!, 'base64url').toString()), alg: 'none' }),
    ).toString('base64url');
    const none = `${header}.${p}.`;
    expect((await refusal(intakeClient(intakeSvc.address).fileClue(clueRequest(6), none))).kind).toBe(
      'unauthenticated',
    );
    expect((await refusal(intakeClient(intakeSvc.address).fileClue(clueRequest(6), ''))).kind).toBe(
      'unauthenticated',
    );
  });

  it('refuses an expired token from the real realm', async () => {
    const token = await tokenFromThrowawayClient(infra.keycloakUrl, {
      username: 'clerk.changji',
      lifespanSeconds: 2,
      gatewayAudience: true,
    });
    const { exp } = decodeJwt(token);
    // wait past expiry plus the verifier's 5 s clock tolerance
    await new Promise((r) => setTimeout(r, Math.max(0, exp! * 1000 - Date.now()) + 6_500));
    const err = await refusal(intakeClient(intakeSvc.address).fileClue(clueRequest(7), token));
    expect(err.kind).toBe('unauthenticated');
    expect(err.detail).toMatch(/exp/);
  });
});
