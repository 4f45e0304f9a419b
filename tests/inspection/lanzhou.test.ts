// The inspection service through the public REST contract, on real Kafka, MongoDB and Keycloak, with finance
// running. The dev realm's Lanzhou inspector sits in 620100 with no finance fund configured there, so the
// Lanzhou story (200+ workers, ¥10M+ owed, a ¥5M deposit) is told in Changji (652301) with Lanzhou's numbers.
import mongoose from 'mongoose';
import { databaseUrl, eventually, type ServiceProcess } from '@wage/testing';
import { Platform } from '../support/platform';
import { residentId, uscc } from '../support/fixtures';
import { daysFromToday, financeApi, openCase } from './support';

jest.setTimeout(300_000);
const p = new Platform();
let financeSvc: ServiceProcess;
let fin: ReturnType<typeof financeApi>;

beforeAll(async () => {
  // Connected: inspection draws through finance, finance confirms each approved request with inspection.
  await p.start('inspection', {
    connected: true,
    env: {
      inspection: {
        INSPECTION_SCAN_EVERY_MS: '1000',
        MONEY_RECOVERY_EVERY_MS: '1000',
        MONEY_RECOVERY_AGE_MS: '1000',
      },
    },
  });
  financeSvc = p.services.finance!;
  fin = financeApi(financeSvc.address, p);
});
afterAll(async () => {
  await p.stop();
});

const post = async (user: string, path: string, body: unknown, key?: string) =>
  p.request('POST', `/api/v1${path}`, {
    token: await p.token(user),
    body,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
/**
 * Four-eyes: the inspector's draw or advance is a request (202 pending_approval); chief.changji approves it and
 * the decision answers what moved. A refused request is answered as it is; the same key replays both steps.
 */
async function moved(user: string, path: string, body: unknown, key?: string) {
  const asked = await post(user, path, body, key && `${key}-request`);
  if (asked.status !== 202) return asked;
  expect(asked.body).toMatchObject({ status: 'pending_approval', requestId: expect.any(String) });
  return post(
    'chief.changji',
    `/inspection/money-requests/${asked.body.requestId}/decision`,
    { decision: 'approved', note: '经审核同意' },
    key,
  );
}
const get = async (user: string, path: string) =>
  p.request('GET', `/api/v1${path}`, { token: await p.token(user) });

const DEPOSIT = 500_000_000; // ¥5,000,000: the province's cap
const ARREARS = 1_050_000_000; // ¥10.5M owed to 210 workers

it('the Lanzhou story: order ignored, deposit drawn to its balance, the rest partly advanced, referral accepted, case closed', async () => {
  const project = await fin.project(1, 60_000_000_000, DEPOSIT);
  expect(await fin.balance(project.id)).toBe(DEPOSIT);
  const { id, caseId } = await openCase(p, 5001, {
    projectId: project.id,
    workerCount: 210,
    amountFen: ARREARS,
    employer: { name: '兰州某建设劳务公司', uscc: uscc(5001) },
  });
  const I = 'inspector.changji';

  expect((await post(I, `/inspection/cases/${id}/assignment`, {})).status).toBe(200);
  const joint = await post('housing.changji', `/inspection/cases/${id}/compliance-checks`, {
    violations: ['no_dedicated_account', 'holding_cards'],
  });
  expect(joint.status).toBe(201);
  const gaps = joint.body.complianceChecks[0].gaps;
  expect(gaps.find((g: { violation: string }) => g.violation === 'no_dedicated_account')).toMatchObject({
    penaltyMinFen: 5_000_000,
    penaltyMaxFen: 10_000_000,
    workStoppage: true,
  });
  expect(gaps.find((g: { violation: string }) => g.violation === 'holding_cards')).toMatchObject({
    penaltyMinFen: 2_000_000,
    penaltyMaxFen: 5_000_000,
  });

  // No payment order yet: the deposit cannot be drawn.
  const early = await moved(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 100 });
  expect(early.status).toBe(422);
  expect(early.body.detail).toMatch(/责令支付/);

  const found = await post(I, `/inspection/cases/${id}/findings`, {
    employerUscc: uscc(5001),
    employerName: '兰州某建设劳务公司',
    projectId: project.id,
    arrearsFen: ARREARS,
    workerCount: 210,
  });
  expect(found.status).toBe(201);
  expect(found.body).toMatchObject({ arrearsFen: ARREARS, outstandingFen: ARREARS });

  // The order was served on paper ten days ago and its date has passed unmet.
  const order = await post(I, `/inspection/cases/${id}/payment-orders`, {
    amountFen: ARREARS,
    dueDate: daysFromToday(-2),
    servedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
  });
  expect(order.status).toBe(201);
  expect(order.body).toEqual({ orderId: expect.any(String), dueDate: daysFromToday(-2) });

  // Asked for ¥6M, finance draws the ¥5M balance; the replay answers the same and draws nothing more.
  const draw = await moved(
    I,
    `/inspection/cases/${id}/deposit-draws`,
    { amountFen: 600_000_000 },
    `draw-${p.namespace}`,
  );
  expect(draw.status).toBe(200);
  expect(draw.body).toMatchObject({
    drawnFen: DEPOSIT,
    remainingArrearsFen: ARREARS - DEPOSIT,
    topUpDueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  });
  const replay = await moved(
    I,
    `/inspection/cases/${id}/deposit-draws`,
    { amountFen: 600_000_000 },
    `draw-${p.namespace}`,
  );
  expect(replay.status).toBe(200);
  expect(replay.body).toEqual(draw.body);
  expect(await fin.balance(project.id)).toBe(0);
  const again = await moved(
    I,
    `/inspection/cases/${id}/deposit-draws`,
    { amountFen: 1_000 },
    `draw2-${p.namespace}`,
  );
  expect(again.status).toBe(422);
  expect(await fin.balance(project.id)).toBe(0);

  const advance = await moved(
    I,
    `/inspection/cases/${id}/emergency-advances`,
    { amountFen: 300_000_000 },
    `adv-${p.namespace}`,
  );
  expect(advance.status).toBe(200);
  expect(advance.body).toMatchObject({ advancedFen: 300_000_000, recoveryClaimId: expect.any(String) });

  const referral = await post(I, `/inspection/cases/${id}/police-referrals`, {
    reason: '经责令支付逾期拒不支付，涉嫌拒不支付劳动报酬罪',
  });
  expect(referral.status).toBe(201);
  const referralId = referral.body.referralId;
  const seenByPolice = await get('police.changji', `/police/referrals/${referralId}`);
  expect(seenByPolice.status).toBe(200);
  expect(seenByPolice.body).toMatchObject({
    status: 'sent',
    caseId,
    transferDueAt: expect.any(String),
    policeReviewDueAt: expect.any(String),
    agencyDecisionDueAt: expect.any(String),
  });
  expect(
    (await get('police.changji', '/police/referrals')).body.items.map((r: { id: string }) => r.id),
  ).toContain(referralId);
  expect((await post(I, `/police/referrals/${referralId}/decision`, { decision: 'accepted' })).status).toBe(
    403,
  );
  const decided = await post('police.changji', `/police/referrals/${referralId}/decision`, {
    decision: 'accepted',
  });
  expect(decided.status).toBe(200);
  expect(decided.body.status).toBe('accepted');
  expect((await get(I, `/police/referrals/${referralId}`)).body.status).toBe('accepted');

  const recovered = DEPOSIT + 300_000_000;
  const closed = await post(I, `/inspection/cases/${id}/close`, {
    outcome: 'referred_to_police',
    recoveredFen: recovered,
    workersPaid: 210,
  });
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({
    status: 'closed',
    recoveredFen: recovered,
    lookBack: { status: 'due' },
  });
  const lookBacks = await get(I, '/inspection/cases?lookBackDue=true&limit=200');
  expect(lookBacks.body.items.map((c: { id: string }) => c.id)).toContain(id);

  const types = [
    'inspection.opened',
    'inspection.assigned',
    'inspection.compliance_checked',
    'inspection.arrears_confirmed',
    'inspection.payment_ordered',
    'inspection.order_overdue',
    'inspection.payment_recorded',
    'inspection.police_referral_sent',
    'inspection.police_referral_decided',
    'inspection.closed',
  ];
  const tl = await eventually(async () => {
    const r = await get('supervisor.xinjiang', `/cases/${caseId}/timeline`);
    const have = new Set(r.body.items?.map((i: { type: string }) => i.type));
    const missing = types.filter((t) => !have.has(t));
    if (missing.length > 0)
      throw new Error(`not yet on the timeline: ${missing.join(', ')} (missing services: ${r.body.missing})`);
    return r;
  }, 60_000);
  const summaries = tl.body.items.map((i: { summary: string }) => i.summary).join('\n');
  expect(summaries).toMatch(/工资保证金/);
  expect(summaries).toMatch(/应急周转金/);

  const ledger = await fin.verify();
  expect(ledger.ok).toBe(true);
});

it('refuses a draw before the order is overdue, and a referral below the threshold or without an ignored order, with reasons', async () => {
  const project = await fin.project(2, 5_000_000_000, 10_000_000);
  // Ten reporters make it a group complaint (filed the same day); the inspection finds five workers owed.
  const { id } = await openCase(p, 5002, { projectId: project.id, workerCount: 10, amountFen: 2_000_000 });
  const I = 'inspector.changji';
  expect(
    (
      await post(I, `/inspection/cases/${id}/findings`, {
        employerUscc: uscc(5002),
        employerName: '昌吉小型劳务队',
        projectId: project.id,
        arrearsFen: 2_000_000,
        workerCount: 5,
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await post(I, `/inspection/cases/${id}/payment-orders`, {
        amountFen: 2_000_000,
        dueDate: daysFromToday(10),
      })
    ).status,
  ).toBe(201);
  const draw = await moved(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 1_000_000 });
  expect(draw.status).toBe(422);
  expect(draw.body.detail).toMatch(/尚未届满/);
  expect(await fin.balance(project.id)).toBe(10_000_000);
  const referral = await post(I, `/inspection/cases/${id}/police-referrals`, { reason: '拒不支付' });
  expect(referral.status).toBe(422);
  expect(referral.body.detail).toMatch(/未达本省拒不支付劳动报酬罪数额标准/);
  expect(referral.body.detail).toMatch(/逾期仍不支付/);
  // A penalty outside the statutory range, or before any order to correct, is refused.
  const penalty = await post(I, `/inspection/cases/${id}/penalties`, {
    violation: 'no_deposit',
    amountFen: 1_000,
  });
  expect(penalty.status).toBe(422);
});

it('keeps a Changji case out of sight and reach of a Lanzhou inspector', async () => {
  const { id, caseId } = await openCase(p, 5003, { workerCount: 12, amountFen: 3_000_000 });
  const L = 'inspector.lanzhou';
  expect((await get(L, `/inspection/cases/${id}`)).status).toBe(404);
  expect(
    (await get(L, '/inspection/cases?limit=200')).body.items.map((c: { caseId: string }) => c.caseId),
  ).not.toContain(caseId);
  expect(
    (
      await post(L, `/inspection/cases/${id}/findings`, {
        employerUscc: uscc(5003),
        employerName: '昌吉建筑公司',
        arrearsFen: 1,
        workerCount: 1,
      })
    ).status,
  ).toBe(404);
  expect((await moved(L, `/inspection/cases/${id}/deposit-draws`, { amountFen: 1 })).status).toBe(404);
  expect(
    (
      await post(L, `/inspection/cases/${id}/close`, {
        outcome: 'withdrawn',
        recoveredFen: 0,
        workersPaid: 0,
      })
    ).status,
  ).toBe(404);
  expect((await get('inspector.changji', `/inspection/cases/${id}`)).status).toBe(200);
});

it('draws a random inspection plan reproducibly from its recorded seed', async () => {
  for (let n = 10; n < 14; n++) await fin.project(n, 2_000_000_000, 0);
  const I = 'inspector.changji';
  const one = await post(I, '/inspection/plans', {
    regionCode: '652301',
    projectCount: 2,
    inspectorCount: 2,
    seed: `audit-${p.namespace}`,
  });
  expect(one.status).toBe(201);
  const two = await post(I, '/inspection/plans', {
    regionCode: '652301',
    projectCount: 2,
    inspectorCount: 2,
    seed: `audit-${p.namespace}`,
  });
  expect(two.body.projectIds).toEqual(one.body.projectIds);
  expect(two.body.inspectors).toEqual(one.body.inspectors);
  expect(one.body.seed).toBe(`audit-${p.namespace}`);
  expect((await get(I, `/inspection/plans/${one.body.id}`)).body.projectIds).toEqual(one.body.projectIds);
});

it('never loses or doubles money when inspection is killed in the middle of a draw', async () => {
  const BAL = 100_000_000;
  const project = await fin.project(3, 5_000_000_000, BAL);
  const { id } = await openCase(p, 5004, { projectId: project.id, workerCount: 30, amountFen: 150_000_000 });
  const I = 'inspector.changji';
  await post(I, `/inspection/cases/${id}/findings`, {
    employerUscc: uscc(5004),
    employerName: '昌吉某劳务公司',
    projectId: project.id,
    arrearsFen: 150_000_000,
    workerCount: 30,
  });
  await post(I, `/inspection/cases/${id}/payment-orders`, {
    amountFen: 150_000_000,
    dueDate: daysFromToday(-1),
    servedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
  });

  const svc = p.services.inspection!;
  await svc.stop();
  await svc.start({ WAGE_FAULT: 'finance-pause:after:20000' });
  const key = `crash-${p.namespace}`;
  const inFlight = moved(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 60_000_000 }, key);
  // Finance has drawn; inspection has not yet recorded it: kill it there.
  await eventually(async () => ((await fin.balance(project.id)) < BAL ? true : undefined), 30_000);
  await svc.kill();
  const lost = await inFlight;
  expect(lost.status).toBeGreaterThanOrEqual(500);
  await svc.start({ WAGE_FAULT: '' });

  // The job completes the pending draw with finance's first answer.
  const done = await eventually(async () => {
    const r = await get(I, `/inspection/cases/${id}`);
    return r.body.depositDraws?.[0]?.status === 'completed' ? r.body : undefined;
  }, 30_000);
  expect(done.depositDraws).toHaveLength(1);
  expect(done.depositDraws[0].drawnFen).toBe(60_000_000);
  expect(done.outstandingFen).toBe(90_000_000);
  // The retry answers the same draw; nothing is drawn twice.
  const retry = await moved(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 60_000_000 }, key);
  expect(retry.status).toBe(200);
  expect(retry.body.drawnFen).toBe(60_000_000);
  expect(await fin.balance(project.id)).toBe(BAL - 60_000_000);
  const after = (await get(I, `/inspection/cases/${id}`)).body;
  const drawnTotal = after.depositDraws.reduce((s: number, d: { drawnFen: number }) => s + d.drawnFen, 0);
  expect(drawnTotal).toBe(BAL - (await fin.balance(project.id)));
  expect((await fin.verify()).ok).toBe(true);
});

it('never loses or doubles money when finance is killed in the middle of a draw', async () => {
  const BAL = 80_000_000;
  const project = await fin.project(4, 4_000_000_000, BAL);
  const { id } = await openCase(p, 5005, { projectId: project.id, workerCount: 20, amountFen: 120_000_000 });
  const I = 'inspector.changji';
  await post(I, `/inspection/cases/${id}/findings`, {
    employerUscc: uscc(5005),
    employerName: '昌吉某劳务公司',
    projectId: project.id,
    arrearsFen: 120_000_000,
    workerCount: 20,
  });
  await post(I, `/inspection/cases/${id}/payment-orders`, {
    amountFen: 120_000_000,
    dueDate: daysFromToday(-1),
    servedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
  });

  // Finance records the draw's posting and dies before applying it or answering (an injected SIGKILL).
  await financeSvc.stop();
  await financeSvc.start({ WAGE_FAULT: 'ledger-crash:1' });
  const key = `finance-crash-${p.namespace}`;
  const lost = await moved(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 50_000_000 }, key);
  expect(lost.status).toBeGreaterThanOrEqual(500);
  await financeSvc.waitExit();
  // Read straight from inspection's database: an inspector opening the case would complete it with their token.
  const conn = await mongoose
    .createConnection(databaseUrl(p.infra.mongoUrl, `${p.namespace}-inspection`))
    .asPromise();
  const drawStatuses = async () =>
    ((await conn.collection('inspection_cases').findOne({ _id: id as never }))?.draws ?? []).map(
      (d: { status: string }) => d.status,
    );
  try {
    expect(await drawStatuses()).toEqual(['pending']);
    // Finance comes back and completes its half-done posting; inspection's own account asks again under the
    // same key and records finance's one answer.
    await financeSvc.start({ WAGE_FAULT: '' });
    await eventually(async () => ((await drawStatuses())[0] === 'completed' ? true : undefined), 60_000);
  } finally {
    await conn.close();
  }
  expect(await fin.balance(project.id)).toBe(BAL - 50_000_000);
  const retry = await moved(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 50_000_000 }, key);
  expect(retry.status).toBe(200);
  expect(retry.body.drawnFen).toBe(50_000_000);
  const after = (await get(I, `/inspection/cases/${id}`)).body;
  expect(after.depositDraws).toHaveLength(1);
  expect(after.outstandingFen).toBe(70_000_000);
  expect(await fin.balance(project.id)).toBe(BAL - 50_000_000);
  expect((await fin.verify()).ok).toBe(true);
});

it('pays the workers the findings name, by name, across draws and a top-up', async () => {
  const project = await fin.project(5, 2_000_000_000, 500_000);
  // Thirty reported it together (a group clue is filed the same day); the inspection names the three owed.
  const { id } = await openCase(p, 5006, { projectId: project.id, workerCount: 30, amountFen: 900_000 });
  const I = 'inspector.changji';
  const named = [
    { name: '马建国', idNumber: residentId(5061), amountFen: 300_000 },
    { name: '阿依古丽', idNumber: residentId(5062), amountFen: 400_000 },
    { name: '王小兵', idNumber: residentId(5063), amountFen: 200_000 },
  ];
  // The named workers are on the project's real-name roster (the finding is refused otherwise).
  await fin.roster(project.id, named);
  const mismatched = await post(I, `/inspection/cases/${id}/findings`, {
    employerUscc: uscc(5006),
    employerName: '昌吉某劳务公司',
    projectId: project.id,
    arrearsFen: 1_000_000,
    workerCount: 3,
    workers: named,
  });
  expect(mismatched.status).toBe(400);
  expect(mismatched.body.errors.map((e: { field: string }) => e.field)).toContain('workers');
  const found = await post(I, `/inspection/cases/${id}/findings`, {
    employerUscc: uscc(5006),
    employerName: '昌吉某劳务公司',
    projectId: project.id,
    arrearsFen: 900_000,
    workerCount: 3,
    workers: named,
  });
  expect(found.status).toBe(201);
  expect(found.text).not.toContain(residentId(5061));
  await post(I, `/inspection/cases/${id}/payment-orders`, {
    amountFen: 900_000,
    dueDate: daysFromToday(-1),
    servedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
  });

  // ¥7,000 asked, the ¥5,000 balance drawn: the first worker in full, the second in part.
  const first = await moved(
    I,
    `/inspection/cases/${id}/deposit-draws`,
    { amountFen: 700_000 },
    `named-1-${p.namespace}`,
  );
  expect(first.status).toBe(200);
  expect(first.body.drawnFen).toBe(500_000);
  expect(first.body.workers.map((w: { name: string; paidFen: number }) => [w.name, w.paidFen])).toEqual([
    ['马建国', 300_000],
    ['阿依古丽', 200_000],
  ]);
  expect(first.text).not.toContain(residentId(5062));

  // The contractor tops the deposit up; the next draw pays what each named worker is still owed.
  await fin.deposit(project.id, 1_000_000, `TOPUP-${p.namespace}`);
  const beyond = await moved(I, `/inspection/cases/${id}/deposit-draws`, { amountFen: 400_001 });
  expect(beyond.status).toBe(422);
  const second = await moved(
    I,
    `/inspection/cases/${id}/deposit-draws`,
    { amountFen: 400_000 },
    `named-2-${p.namespace}`,
  );
  expect(second.status).toBe(200);
  expect(second.body.workers.map((w: { name: string; paidFen: number }) => [w.name, w.paidFen])).toEqual([
    ['阿依古丽', 200_000],
    ['王小兵', 200_000],
  ]);
  const after = (await get(I, `/inspection/cases/${id}`)).body;
  expect(after.findings[0].workers.map((w: { owedFen: number; paidFen: number }) => w.paidFen)).toEqual([
    300_000, 400_000, 200_000,
  ]);
  expect(after.outstandingFen).toBe(0);
  expect(await fin.balance(project.id)).toBe(1_500_000 - 900_000);
  expect((await fin.verify()).ok).toBe(true);
});
