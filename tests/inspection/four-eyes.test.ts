// Four-eyes money movements (issue #13 item 1) through the public REST contract and, for the side doors,
// straight at finance's gRPC port; real Kafka, MongoDB and Keycloak, every service connected.
import { DomainError } from '@wage/kit';
import { callAsGateway, gatewayChannel } from '@wage/testing';
import { finance } from '@wage/proto';
import { Platform } from '../support/platform';
import { residentId, uscc } from '../support/fixtures';
import { createThrowawayUser } from '../support/keycloakAdmin';
import { daysFromToday, financeApi, openCase } from './support';

jest.setTimeout(300_000);
const p = new Platform();
let fin: ReturnType<typeof financeApi>;
const I = 'inspector.changji';
const CHIEF = 'chief.changji';
let both: string; // an official holding both labor-inspector and inspection-chief

beforeAll(async () => {
  await p.start('four-eyes', { connected: true });
  fin = financeApi(p.services.finance!.address, p);
  both = `both.${p.namespace}`
    .toLowerCase()
    .replace(/[^a-z0-9.]/g, '')
    .slice(0, 60);
  await createThrowawayUser(p.infra.keycloakUrl, {
    username: both,
    roles: ['labor-inspector', 'inspection-chief'],
    region: '652300',
    agency: 'hrss',
  });
});
afterAll(() => p.stop());

const post = async (user: string, path: string, body: unknown, key?: string) =>
  p.request('POST', `/api/v1${path}`, {
    token: await p.token(user),
    body,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
const get = async (user: string, path: string) =>
  p.request('GET', `/api/v1${path}`, { token: await p.token(user) });

const ON_ROSTER = [
  { name: '马建国', idNumber: residentId(6101), amountFen: 3_000_000 },
  { name: '阿依古丽', idNumber: residentId(6102), amountFen: 2_000_000 },
];

/** A case with an overdue order served on paper (back-dated), arrears owed to two rostered workers. */
async function overdueCase(n: number, depositFen: number) {
  const project = await fin.project(n, 5_000_000_000, depositFen);
  await fin.roster(project.id, ON_ROSTER);
  // Ten reporters make it a group complaint, filed the same day; the inspection names the two owed.
  const { id, caseId } = await openCase(p, 6000 + n, {
    projectId: project.id,
    workerCount: 10,
    amountFen: 5_000_000,
  });
  const finding = {
    employerUscc: uscc(6000 + n),
    employerName: '昌吉某劳务公司',
    projectId: project.id,
    arrearsFen: 5_000_000,
    workerCount: 2,
  };
  // A worker who is not on the project's real-name roster: refused, naming that row; nothing recorded.
  const offRoster = await post(I, `/inspection/cases/${id}/findings`, {
    ...finding,
    workers: [ON_ROSTER[0], { name: '李外人', idNumber: residentId(6199), amountFen: 2_000_000 }],
  });
  expect(offRoster.status).toBe(422);
  expect(offRoster.body.errors).toEqual([
    { field: 'workers[1]', message: expect.stringContaining('李外人') },
  ]);
  expect((await get(I, `/inspection/cases/${id}`)).body.arrearsFen).toBe(0);
  expect((await post(I, `/inspection/cases/${id}/findings`, { ...finding, workers: ON_ROSTER })).status).toBe(
    201,
  );
  const order = await post(I, `/inspection/cases/${id}/payment-orders`, {
    amountFen: 5_000_000,
    dueDate: daysFromToday(-2),
    servedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
  });
  expect(order.status).toBe(201);
  return { project, id, caseId };
}

it('holds an inspector draw for a chief; the requester never approves; the chief moves the money once', async () => {
  const { project, id, caseId } = await overdueCase(1, 4_000_000);

  const asked = await post(
    I,
    `/inspection/cases/${id}/deposit-draws`,
    { amountFen: 4_000_000 },
    `ask-${p.namespace}`,
  );
  expect(asked.status).toBe(202);
  expect(asked.body).toEqual({
    requestId: expect.any(String),
    status: 'pending_approval',
    amountFen: 4_000_000,
  });
  const requestId = asked.body.requestId as string;
  expect(await fin.balance(project.id)).toBe(4_000_000);

  // The approver sees the request, and that its order was back-dated (also in the case history).
  const pending = await get(CHIEF, '/inspection/money-requests?status=pending_approval');
  expect(pending.status).toBe(200);
  expect(pending.body.items.find((m: { requestId: string }) => m.requestId === requestId)).toMatchObject({
    kind: 'draw',
    caseId,
    amountFen: 4_000_000,
    requestedBy: I,
    backDated: true,
    status: 'pending_approval',
  });
  const history = (await get(I, `/inspection/cases/${id}`)).body.timeline.map(
    (t: { summary: string }) => t.summary,
  );
  expect(history.join('\n')).toMatch(/倒签补录/);

  // The inspector cannot decide at all; an official holding both roles cannot approve their own request.
  expect(
    (await post(I, `/inspection/money-requests/${requestId}/decision`, { decision: 'approved' })).status,
  ).toBe(403);
  const own = await post(both, `/inspection/cases/${id}/deposit-draws`, { amountFen: 500_000 });
  expect(own.status).toBe(202);
  const self = await post(both, `/inspection/money-requests/${own.body.requestId}/decision`, {
    decision: 'approved',
  });
  expect(self.status).toBe(422);
  expect(self.body.detail).toMatch(/四眼原则/);
  expect(await fin.balance(project.id)).toBe(4_000_000);

  // The chief approves: every rule re-checked, the money moves once.
  const key = `approve-${p.namespace}`;
  const approved = await post(
    CHIEF,
    `/inspection/money-requests/${requestId}/decision`,
    { decision: 'approved', note: '同意' },
    key,
  );
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ requestId, status: 'completed', drawnFen: 4_000_000 });
  expect(approved.body.workers.map((w: { name: string; paidFen: number }) => [w.name, w.paidFen])).toEqual([
    ['马建国', 3_000_000],
    ['阿依古丽', 1_000_000],
  ]);
  expect(approved.text).not.toContain(residentId(6101));
  expect(await fin.balance(project.id)).toBe(0);

  // Retried approvals (same key, another key, none) move nothing more.
  for (const k of [key, `approve-again-${p.namespace}`, undefined]) {
    const again = await post(
      CHIEF,
      `/inspection/money-requests/${requestId}/decision`,
      { decision: 'approved', note: '同意' },
      k,
    );
    expect(again.status).toBe(200);
    expect(again.body.drawnFen).toBe(4_000_000);
  }
  expect(await fin.balance(project.id)).toBe(0);
  const after = (await get(I, `/inspection/cases/${id}`)).body;
  expect(after.depositDraws.filter((d: { status: string }) => d.status === 'completed')).toHaveLength(1);
  expect(after.outstandingFen).toBe(1_000_000);

  // The chief rejects the other request with a note: nothing moves; it cannot be approved afterwards.
  expect(
    (await post(CHIEF, `/inspection/money-requests/${own.body.requestId}/decision`, { decision: 'rejected' }))
      .status,
  ).toBe(400);
  const rejected = await post(CHIEF, `/inspection/money-requests/${own.body.requestId}/decision`, {
    decision: 'rejected',
    note: '金额有误',
  });
  expect(rejected.status).toBe(200);
  expect(rejected.body.status).toBe('rejected');
  expect(
    (await post(CHIEF, `/inspection/money-requests/${own.body.requestId}/decision`, { decision: 'approved' }))
      .status,
  ).toBe(422);
  const listed = await get(I, '/inspection/money-requests?status=rejected');
  expect(
    listed.body.items.find((m: { requestId: string }) => m.requestId === own.body.requestId),
  ).toMatchObject({ note: '金额有误', decidedBy: CHIEF });
  expect((await fin.verify()).ok).toBe(true);
});

it('re-checks every rule on approval: a request the employer paid in the meantime moves nothing', async () => {
  const { project, id } = await overdueCase(2, 5_000_000);
  const asked = await post(I, `/inspection/cases/${id}/emergency-advances`, { amountFen: 5_000_000 });
  expect(asked.status).toBe(202);
  expect(
    (await post(I, `/inspection/cases/${id}/payments`, { paidFen: 5_000_000, payer: 'employer' })).status,
  ).toBe(200);
  const approved = await post(CHIEF, `/inspection/money-requests/${asked.body.requestId}/decision`, {
    decision: 'approved',
  });
  expect(approved.status).toBe(422);
  expect(approved.body.detail).toMatch(/复核/);
  expect((await get(I, `/inspection/cases/${id}`)).body.emergencyAdvances[0].status).toBe('pending_approval');
  expect(await fin.balance(project.id)).toBe(5_000_000);
});

it('finance refuses a draw it cannot confirm with inspection: invented case, unapproved request, inspector token', async () => {
  const { project, id, caseId } = await overdueCase(3, 3_000_000);
  const asked = await post(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 1_000_000 });
  expect(asked.status).toBe(202);
  const c = new finance.FinanceServiceClient(p.services.finance!.address, gatewayChannel());
  const draw = async (user: string, caseIdSent: string, requestId: string) => {
    try {
      await callAsGateway(
        c.drawDeposit.bind(c),
        finance.DrawDepositRequest.fromPartial({
          caseId: caseIdSent,
          projectId: project.id,
          amountFen: '1000000',
          requestId,
        }),
        { token: await p.token(user), idempotencyKey: `side-${Math.random()}`, deadlineMs: 15_000 },
      );
      return 'drawn';
    } catch (e) {
      return e instanceof DomainError ? e.kind : String(e);
    }
  };
  try {
    expect(await draw(CHIEF, 'CASE-INVENTED-1', 'req-invented')).toBe('rule_violation');
    expect(await draw(CHIEF, caseId, asked.body.requestId)).toBe('rule_violation'); // not approved yet
    expect(await draw(I, caseId, asked.body.requestId)).toBe('permission_denied');
  } finally {
    c.close();
  }
  expect(await fin.balance(project.id)).toBe(3_000_000);
  expect((await fin.verify()).ok).toBe(true);
});
