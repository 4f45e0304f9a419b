// Mediation, arbitration and the court through the public REST contract (gateway + real services).
import { Platform } from '../support/platform';
import { residentId, uscc } from '../support/fixtures';

jest.setTimeout(180_000);
const p = new Platform();
beforeAll(() => p.start('mediation-flow'));
afterAll(() => p.stop());

// Xinjiang dev minimum wage ¥1,900/month: 12 months = ¥22,800 = 2,280,000 fen.
const THRESHOLD_FEN = 2_280_000;

async function toArbitration(n: number, claimFen: number) {
  const mediator = await p.token('mediator.changji');
  const opened = await p.request('POST', '/api/v1/mediation/cases', {
    token: mediator,
    body: {
      regionCode: '652301',
      applicant: {
        name: `申请人${n}`,
        idNumber: residentId(3000 + n),
        phone: `137${String(n).padStart(8, '0')}`,
      },
      employer: { name: `昌吉劳务公司${n}`, uscc: uscc(3000 + n) },
      claimFen,
    },
  });
  expect(opened.status).toBe(201);
  expect(opened.body.applicant.idNumber).toMatch(/^\d{6}\*{8}\w{4}$/);
  const failed = await p.request('POST', `/api/v1/mediation/cases/${opened.body.id}/failure`, {
    token: mediator,
    body: { reason: '用人单位拒绝调解' },
    headers: { 'idempotency-key': `fail-${p.namespace}-${n}` },
  });
  expect(failed.status).toBe(200);
  return {
    mediationId: opened.body.id as string,
    caseId: opened.body.caseId as string,
    arbitrationCaseId: failed.body.arbitrationCaseId as string,
  };
}

it('a failed mediation opens exactly one arbitration case, also when the request is retried', async () => {
  const { mediationId, arbitrationCaseId } = await toArbitration(1, 500_000);
  const mediator = await p.token('mediator.changji');
  const retried = await p.request('POST', `/api/v1/mediation/cases/${mediationId}/failure`, {
    token: mediator,
    body: { reason: '用人单位拒绝调解' },
    headers: { 'idempotency-key': `fail-${p.namespace}-1` },
  });
  expect(retried.status).toBe(200);
  expect(retried.body.arbitrationCaseId).toBe(arbitrationCaseId);
  const again = await p.request('POST', `/api/v1/mediation/cases/${mediationId}/failure`, {
    token: mediator,
    body: { reason: '再次' },
  });
  expect(again.status).toBeGreaterThanOrEqual(409);
  expect(again.status).toBeLessThan(500);
  const list = await p.request('GET', '/api/v1/arbitration/cases?limit=200', {
    token: await p.token('arbitrator.changji'),
  });
  expect(
    list.body.items.filter((a: { mediationCaseId: string }) => a.mediationCaseId === mediationId),
  ).toHaveLength(1);
});

it.each([
  [THRESHOLD_FEN, true],
  [THRESHOLD_FEN + 1, false],
])('an award on a claim of %i fen is final for the employer: %s', async (claimFen, final) => {
  const { arbitrationCaseId, caseId } = await toArbitration(claimFen === THRESHOLD_FEN ? 2 : 3, claimFen);
  const arbitrator = await p.token('arbitrator.changji');
  const accepted = await p.request('POST', `/api/v1/arbitration/cases/${arbitrationCaseId}/acceptance`, {
    token: arbitrator,
    body: { decision: 'accepted' },
  });
  expect(accepted.status).toBe(200);
  const hearing = await p.request('POST', `/api/v1/arbitration/cases/${arbitrationCaseId}/hearings`, {
    token: arbitrator,
    body: {
      hearingAt: new Date(Date.now() + 86_400_000).toISOString(),
      place: '昌吉市劳动人事争议仲裁院第一仲裁庭',
    },
  });
  expect(hearing.status).toBe(200);
  const award = await p.request('POST', `/api/v1/arbitration/cases/${arbitrationCaseId}/award`, {
    token: arbitrator,
    body: { awardFen: claimFen },
  });
  expect(award.status).toBe(200);
  expect(award.body).toMatchObject({ final, thresholdFen: THRESHOLD_FEN });
  const tl = await p.request('GET', `/api/v1/cases/${caseId}/timeline`, {
    token: await p.token('supervisor.xinjiang'),
  });
  expect(tl.body.items.map((i: { service: string }) => i.service)).toContain('mediation');
});

it('keeps arbitration to arbitrators and court decisions to judges', async () => {
  const { arbitrationCaseId } = await toArbitration(4, 100_000);
  const mediator = await p.token('mediator.changji');
  expect(
    (
      await p.request('POST', `/api/v1/arbitration/cases/${arbitrationCaseId}/award`, {
        token: mediator,
        body: { awardFen: 1 },
      })
    ).status,
  ).toBe(403);
  const lanzhou = await p.token('inspector.lanzhou');
  expect(
    (await p.request('GET', `/api/v1/arbitration/cases/${arbitrationCaseId}`, { token: lanzhou })).status,
  ).toBe(403);
});
