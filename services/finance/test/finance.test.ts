// Finance against the real infrastructure (Kafka, the MongoDB-protocol server, Keycloak): the service runs
// as its own process, callers use dev-realm tokens, credit is a stand-in gRPC server (credit is not built).
import { addCalendarDays, shanghaiDate, WorkingDayCalendar } from '@wage/cn';
import { eventsTopic } from '@wage/kit';
import { refusal, ServiceProcess, testInfra, tokenFor, TopicReader, uniqueNamespace } from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import type { EventType, finance } from '@wage/proto';
import {
  APPROVED,
  FakeCredit,
  FakeInspection,
  financeClient,
  projectRequest,
  residentId,
  uscc,
  type FinanceClient,
} from './support';

jest.setTimeout(120_000);

let infra: InfraEndpoints;
let svc: ServiceProcess;
let credit: FakeCredit;
let confirmer: FakeInspection;
let api: FinanceClient;
let reader: TopicReader;
let namespace: string;
const tokens: Record<string, string> = {};
const today = shanghaiDate(new Date());
const calendar = new WorkingDayCalendar();
const FUND_BUDGET = 10_000_000; // ¥100,000 per county in this suite

beforeAll(async () => {
  infra = await testInfra();
  namespace = uniqueNamespace('finance');
  credit = await new FakeCredit().start();
  confirmer = await new FakeInspection().start();
  svc = new ServiceProcess({
    name: 'finance',
    infra,
    namespace,
    env: {
      CREDIT_GRPC: credit.address,
      INSPECTION_GRPC: confirmer.address,
      EMERGENCY_FUND_REGIONS: '652300',
      EMERGENCY_FUND_BUDGET_FEN: String(FUND_BUDGET),
    },
  });
  await svc.start();
  api = financeClient(svc.address);
  reader = await new TopicReader(TopicReader.kafka(infra.kafkaBrokers)).start(
    eventsTopic('finance', `${namespace}.`),
  );
  for (const u of [
    'housing.changji',
    'finance.changji',
    'inspector.changji',
    'inspector.lanzhou',
    'chief.changji',
    'supervisor.xinjiang',
    'clerk.changji',
  ]) {
    tokens[u] = await tokenFor(infra.keycloakUrl, u);
  }
});

afterAll(async () => {
  await reader?.stop();
  api?.close();
  await svc?.stop();
  credit?.stop();
  confirmer?.stop();
});

let seq = 100;
async function newProject(
  over: Partial<finance.CreateProjectRequest> = {},
  record?: Parameters<FakeCredit['records']['set']>[1],
) {
  const n = seq++;
  const req = projectRequest(n, { permitDate: today, contractSignedDate: today, ...over });
  if (record) credit.records.set(req.contractorUscc, record);
  return api.createProject(req, tokens['housing.changji']!, { idempotencyKey: `p-${n}` });
}

async function deposit(projectId: string, amountFen: number, key: string) {
  return api.recordDeposit(
    { projectId, amountFen: String(amountFen), form: 'cash', reference: key },
    tokens['finance.changji']!,
    { idempotencyKey: key },
  );
}

describe('project wage profiles', () => {
  it('registers a project with the required deposit from the Xinjiang table and the contractor record, due 20 working days after the permit', async () => {
    const p = await newProject(
      { contractPriceFen: String(100_000_000_00) },
      {
        rating: 'B',
        wageRecord: {
          arrearsLastTwoYears: true,
          cleanYears: 0,
          realNameCompliant: true,
          wageAccountCompliant: true,
        },
      },
    );
    expect(p).toMatchObject({
      requiredDepositFen: '150000000',
      depositRatioBp: 150,
      depositRatio: 0.015,
      depositExempt: false,
      ratioProvisional: false,
      depositDueDate: calendar.addWorkingDays(today, 20).date,
      depositBalanceFen: '0',
      complianceStatus: 'awaiting_deposit',
      depositCompliant: true,
      regionCode: '652301',
    });
    expect(p.ratioBasis).toContain('近2年有拖欠 ×1.5');
    expect(p.dedicatedAccount).toMatchObject({
      status: 'awaiting_opening',
      openingDueDate: addCalendarDays(today, 30),
    });
    const again = await api.getProject({ id: p.id }, tokens['inspector.changji']!);
    expect(again.id).toBe(p.id);
  });

  it('doubles the ratio for a blacklisted contractor and caps the amount at ¥5M last', async () => {
    const p = await newProject(
      { contractPriceFen: String(300_000_000_00) },
      { blacklisted: true, rating: 'C' },
    );
    expect(p).toMatchObject({ requiredDepositFen: '500000000', depositRatioBp: 200, depositCapped: true });
  });

  it('uses the plain band for a contractor credit has no record of', async () => {
    const p = await newProject({ contractPriceFen: String(10_000_000_00) });
    expect(p).toMatchObject({ requiredDepositFen: '20000000', depositRatioBp: 200, ratioProvisional: false });
  });

  it('registers the project while credit is down, as if the contractor had arrears, and recomputes once credit answers', async () => {
    credit.down = true;
    const p = await newProject({ contractPriceFen: String(10_000_000_00) });
    credit.down = false;
    expect(p).toMatchObject({ requiredDepositFen: '30000000', depositRatioBp: 300, ratioProvisional: true });
    expect(p.ratioProvisionalReason).toContain('暂按近2年有拖欠计算');
    credit.records.set(p.contractorUscc, {
      wageRecord: {
        arrearsLastTwoYears: false,
        cleanYears: 2,
        realNameCompliant: true,
        wageAccountCompliant: false,
      },
    });
    const r = await api.recompute({ id: p.id }, tokens['housing.changji']!);
    expect(r).toMatchObject({
      requiredDepositFen: '10000000',
      depositRatioBp: 100,
      ratioProvisional: false,
      ratioProvisionalReason: '',
    });
  });

  it('answers a retried registration with the same project and refuses the key with another body', async () => {
    const req = projectRequest(900, { permitDate: today });
    const a = await api.createProject(req, tokens['housing.changji']!, { idempotencyKey: 'same-key' });
    const b = await api.createProject(req, tokens['housing.changji']!, { idempotencyKey: 'same-key' });
    expect(b.id).toBe(a.id);
    const err = await refusal(
      api.createProject({ ...req, name: '另一个项目' }, tokens['housing.changji']!, {
        idempotencyKey: 'same-key',
      }),
    );
    expect(err.kind).toBe('rule_violation');
  });

  it('refuses bad input field by field, the wrong role, and hides a Changji project from Lanzhou', async () => {
    const bad = await refusal(
      api.createProject(
        projectRequest(901, {
          regionCode: '999999',
          contractPriceFen: '-5',
          contractorUscc: '91652301MA0000000X',
          permitDate: '2026-02-30',
        }),
        tokens['housing.changji']!,
      ),
    );
    expect(bad.kind).toBe('invalid_argument');
    expect(bad.errors.map((e) => e.field).sort()).toEqual([
      'contractPriceFen',
      'contractorUscc',
      'permitDate',
      'regionCode',
    ]);
    expect((await refusal(api.createProject(projectRequest(902), tokens['clerk.changji']!))).kind).toBe(
      'permission_denied',
    );
    const outside = await refusal(
      api.createProject(projectRequest(903, { regionCode: '620102' }), tokens['housing.changji']!),
    );
    expect(outside.kind).toBe('permission_denied');
    const p = await newProject();
    expect((await refusal(api.getProject({ id: p.id }, tokens['inspector.lanzhou']!))).kind).toBe(
      'not_found',
    );
    const list = await api.listProjects(
      { limit: 200, regionCode: '', complianceStatus: '', cursor: '' },
      tokens['inspector.lanzhou']!,
    );
    expect(list.items).toEqual([]);
  });

  it('records the dedicated wage account with its filing deadline', async () => {
    const p = await newProject();
    const r = await api.recordDedicatedAccount(
      {
        projectId: p.id,
        bankName: '中国建设银行昌吉分行',
        accountNumber: '6217000012345678',
        openedOn: today,
        tripartiteAgreement: true,
        filedOn: '',
      },
      tokens['housing.changji']!,
    );
    expect(r.dedicatedAccount).toMatchObject({
      status: 'opened',
      accountNumberMasked: '************5678',
      filingDueDate: addCalendarDays(today, 30),
      tripartiteAgreement: true,
    });
  });
});

describe('deposits and draws', () => {
  it('records a deposit once however often it is retried, and the project becomes compliant', async () => {
    const p = await newProject({ contractPriceFen: String(10_000_000_00) }); // requires ¥200,000
    const first = await deposit(p.id, 20_000_000, 'dep-1');
    const again = await deposit(p.id, 20_000_000, 'dep-1');
    expect(first).toMatchObject({ depositBalanceFen: '20000000', depositCompliant: true });
    expect(again).toEqual(first);
    const err = await refusal(deposit(p.id, 1, 'dep-1'));
    expect(err.kind).toBe('rule_violation');
    expect(await api.getProject({ id: p.id }, tokens['finance.changji']!)).toMatchObject({
      depositBalanceFen: '20000000',
      complianceStatus: 'compliant',
    });
    expect(
      (
        await refusal(
          api.recordDeposit(
            { projectId: p.id, amountFen: '5', form: 'cash', reference: 'x' },
            tokens['housing.changji']!,
          ),
        )
      ).kind,
    ).toBe('permission_denied');
  });

  it('never draws more than the balance: pays the named workers in order up to it and opens a 10-working-day top-up', async () => {
    const p = await newProject({ contractPriceFen: String(10_000_000_00) }); // requires ¥200,000
    await deposit(p.id, 100_000, 'dep-draw');
    const workers = [
      { name: '张三', idNumber: residentId(1), amountFen: '60000' },
      { name: '李四', idNumber: residentId(2), amountFen: '50000' },
      { name: '王五', idNumber: residentId(3), amountFen: '40000' },
    ];
    const d = await api.drawDeposit(
      { requestId: APPROVED, caseId: 'case-draw-1', projectId: p.id, amountFen: '150000', workers },
      tokens['chief.changji']!,
      { idempotencyKey: 'draw-1' },
    );
    expect(d).toMatchObject({
      requestedFen: '150000',
      drawnFen: '100000',
      undrawnFen: '50000',
      depositBalanceFen: '0',
      topUpDueDate: calendar.addWorkingDays(today, 10).date,
    });
    expect(d.workers).toEqual([
      {
        name: '张三',
        idNumberMasked: `${residentId(1).slice(0, 6)}********${residentId(1).slice(14)}`,
        amountFen: '60000',
      },
      {
        name: '李四',
        idNumberMasked: `${residentId(2).slice(0, 6)}********${residentId(2).slice(14)}`,
        amountFen: '40000',
      },
      {
        name: '王五',
        idNumberMasked: `${residentId(3).slice(0, 6)}********${residentId(3).slice(14)}`,
        amountFen: '0',
      },
    ]);
    // the same draw again: the same answer, nothing paid twice
    expect(
      await api.drawDeposit(
        { requestId: APPROVED, caseId: 'case-draw-1', projectId: p.id, amountFen: '150000', workers },
        tokens['chief.changji']!,
        { idempotencyKey: 'draw-1' },
      ),
    ).toEqual(d);
    const empty = await refusal(
      api.drawDeposit(
        { requestId: APPROVED, caseId: 'case-draw-1', projectId: p.id, amountFen: '1', workers: [] },
        tokens['chief.changji']!,
        { idempotencyKey: 'draw-2' },
      ),
    );
    expect(empty.kind).toBe('rule_violation');
    const proj = await api.getProject({ id: p.id }, tokens['inspector.changji']!);
    expect(proj).toMatchObject({
      depositBalanceFen: '0',
      complianceStatus: 'top_up_due',
      topUp: { caseId: 'case-draw-1', status: 'due', shortfallFen: '20000000' },
    });
    expect(
      (
        await refusal(
          api.drawDeposit(
            { requestId: APPROVED, caseId: 'c', projectId: p.id, amountFen: '1', workers: [] },
            tokens['finance.changji']!,
          ),
        )
      ).kind,
    ).toBe('permission_denied');
    expect(
      (
        await refusal(
          api.drawDeposit(
            { requestId: APPROVED, caseId: 'c', projectId: p.id, amountFen: '1', workers: [] },
            tokens['inspector.lanzhou']!,
          ),
        )
      ).kind,
    ).toBe('permission_denied'); // an inspector alone moves no money (四眼原则)
    // A request inspection does not confirm (invented case or unapproved request) moves nothing.
    const unconfirmed = await refusal(
      api.drawDeposit(
        { requestId: 'invented', caseId: 'case-draw-1', projectId: p.id, amountFen: '1', workers: [] },
        tokens['chief.changji']!,
        { idempotencyKey: 'draw-invented' },
      ),
    );
    expect(unconfirmed.kind).toBe('rule_violation');
    expect(unconfirmed.detail).toContain('未确认');
    expect((await api.getProject({ id: p.id }, tokens['finance.changji']!)).depositBalanceFen).toBe('0');
  });

  it('lets 50 concurrent draws on one project take exactly the balance and never overdraw it', async () => {
    const p = await newProject();
    const balance = 1_234_567;
    await deposit(p.id, balance, 'dep-50');
    const amounts = Array.from({ length: 50 }, (_, i) => 20_000 + ((i * 7919) % 40_000)); // ~¥20,000 asked in all
    expect(amounts.reduce((a, b) => a + b, 0)).toBeGreaterThan(balance);
    const draw = (i: number) =>
      api
        .drawDeposit(
          {
            requestId: APPROVED,
            caseId: `case-50-${i % 5}`,
            projectId: p.id,
            amountFen: String(amounts[i]),
            workers: [],
          },
          tokens['chief.changji']!,
          {
            idempotencyKey: `d50-${i}`,
            deadlineMs: 60_000,
          },
        )
        .then((r) => Number(r.drawnFen))
        .catch((e: { kind?: string }) => {
          if (e.kind === 'rule_violation') return 0; // the balance was already gone
          throw e;
        });
    const drawn = await Promise.all(amounts.map((_, i) => draw(i)));
    expect(drawn.reduce((a, b) => a + b, 0)).toBe(balance);
    drawn.forEach((d, i) => expect(d).toBeLessThanOrEqual(amounts[i]!));
    expect(drawn.filter((d, i) => d > 0 && d < amounts[i]!).length).toBeLessThanOrEqual(1);
    expect((await api.getProject({ id: p.id }, tokens['finance.changji']!)).depositBalanceFen).toBe('0');
    // replaying all 50 changes nothing
    const replay = await Promise.all(amounts.map((_, i) => draw(i)));
    expect(replay).toEqual(drawn);
    const v = await api.verifyLedger({}, tokens['supervisor.xinjiang']!);
    expect(v).toMatchObject({ ok: true, unbalancedPostings: [], mismatches: [], negativeAccounts: [] });
  });

  it('returns the deposit after completion, the 30-day notice and the review', async () => {
    const p = await newProject();
    await deposit(p.id, 50_000, 'dep-ret');
    expect((await refusal(api.noticeDepositReturn({ id: p.id }, tokens['finance.changji']!))).kind).toBe(
      'rule_violation',
    );
    const done = await api.completeProject(
      { projectId: p.id, completedOn: today },
      tokens['housing.changji']!,
      { idempotencyKey: 'complete-1' },
    );
    expect(
      await api.completeProject({ projectId: p.id, completedOn: today }, tokens['housing.changji']!, {
        idempotencyKey: 'complete-1',
      }),
    ).toEqual(done);
    const reused = await refusal(
      api.completeProject({ projectId: p.id, completedOn: '2020-01-01' }, tokens['housing.changji']!, {
        idempotencyKey: 'complete-1',
      }),
    );
    expect(reused.kind).toBe('rule_violation');
    expect(
      (
        await refusal(
          api.completeProject({ projectId: p.id, completedOn: today }, tokens['housing.changji']!),
        )
      ).detail,
    ).toContain('已竣工');
    const noticed = await api.noticeDepositReturn({ id: p.id }, tokens['finance.changji']!);
    expect(noticed.depositReturn).toMatchObject({ status: 'noticed' });
    const early = await refusal(
      api.reviewDepositReturn({ projectId: p.id, approve: true, reason: '' }, tokens['finance.changji']!),
    );
    expect(early.kind).toBe('rule_violation');
    expect(early.detail).toContain('期满后方可审核');
  });
});

describe('emergency revolving fund', () => {
  const employer = { name: '昌吉某劳务公司', uscc: uscc(77) };

  it('advances within the county fund, one allocation per case, and repayments restore the fund', async () => {
    const inspector = tokens['inspector.changji']!;
    const chief = tokens['chief.changji']!;
    const before = await api.fundBalance({ regionCode: '652302', year: 0 }, inspector);
    expect(before).toMatchObject({
      budgetFen: String(FUND_BUDGET),
      balanceFen: String(FUND_BUDGET),
      advancedFen: '0',
    });
    const a = await api.advance(
      { requestId: APPROVED, caseId: 'case-adv-1', regionCode: '652302', amountFen: '3000000', employer },
      chief,
      { idempotencyKey: 'adv-1' },
    );
    expect(a).toMatchObject({
      advancedFen: '3000000',
      fundBalanceFen: String(FUND_BUDGET - 3_000_000),
      regionCode: '652302',
    });
    expect(
      await api.advance(
        { requestId: APPROVED, caseId: 'case-adv-1', regionCode: '652302', amountFen: '3000000', employer },
        chief,
        { idempotencyKey: 'adv-1' },
      ),
    ).toEqual(a);
    const second = await refusal(
      api.advance(
        { requestId: APPROVED, caseId: 'case-adv-1', regionCode: '652302', amountFen: '100', employer },
        chief,
        {
          idempotencyKey: 'adv-1b',
        },
      ),
    );
    expect(second.detail).toContain('一案一拨');
    const tooMuch = await refusal(
      api.advance(
        {
          requestId: APPROVED,
          caseId: 'case-adv-2',
          regionCode: '652302',
          amountFen: String(FUND_BUDGET),
          employer,
        },
        chief,
        { idempotencyKey: 'adv-2' },
      ),
    );
    expect(tooMuch.kind).toBe('rule_violation');
    expect(tooMuch.detail).toContain('不足垫付');
    // the refused case may try again for less
    const retry = await api.advance(
      { requestId: APPROVED, caseId: 'case-adv-2', regionCode: '652302', amountFen: '1000000', employer },
      chief,
      { idempotencyKey: 'adv-2b' },
    );
    expect(retry.advancedFen).toBe('1000000');

    const fin = tokens['finance.changji']!;
    const part = await api.repay(
      { claimId: a.recoveryClaimId, amountFen: '1000000', reference: 'bank-1' },
      fin,
      { idempotencyKey: 'rep-1' },
    );
    expect(part).toMatchObject({
      outstandingFen: '2000000',
      fullyRepaid: false,
      fundBalanceFen: String(FUND_BUDGET - 3_000_000 - 1_000_000 + 1_000_000),
    });
    expect(
      await api.repay({ claimId: a.recoveryClaimId, amountFen: '1000000', reference: 'bank-1' }, fin, {
        idempotencyKey: 'rep-1',
      }),
    ).toEqual(part);
    expect(
      (
        await refusal(
          api.repay({ claimId: a.recoveryClaimId, amountFen: '2000001', reference: 'bank-2' }, fin, {
            idempotencyKey: 'rep-2',
          }),
        )
      ).detail,
    ).toContain('超过尚欠金额');
    const rest = await api.repay(
      { claimId: a.recoveryClaimId, amountFen: '2000000', reference: 'bank-3' },
      fin,
      { idempotencyKey: 'rep-3' },
    );
    expect(rest).toMatchObject({ outstandingFen: '0', fullyRepaid: true });
    expect(await api.getClaim({ id: a.recoveryClaimId }, fin)).toMatchObject({
      status: 'repaid',
      advancedFen: '3000000',
      repaidFen: '3000000',
      outstandingFen: '0',
    });
    expect(await api.fundBalance({ regionCode: '652302', year: 0 }, fin)).toMatchObject({
      budgetFen: String(FUND_BUDGET),
      balanceFen: String(FUND_BUDGET - 1_000_000),
      advancedFen: '4000000',
      repaidFen: '3000000',
      outstandingClaimsFen: '1000000',
    });
    expect(
      (
        await refusal(
          api.advance(
            { requestId: APPROVED, caseId: 'x', regionCode: '620102', amountFen: '1', employer },
            tokens['inspector.lanzhou']!,
          ),
        )
      ).kind,
    ).toBe('permission_denied');
    expect((await refusal(api.getClaim({ id: a.recoveryClaimId }, tokens['inspector.lanzhou']!))).kind).toBe(
      'not_found',
    );
  });
});

describe('what finance tells the others', () => {
  it('answers the case timeline and the county statistics', async () => {
    const p = await newProject();
    await deposit(p.id, 10_000, 'dep-tl');
    await api.drawDeposit(
      { requestId: APPROVED, caseId: 'case-tl', projectId: p.id, amountFen: '4000', workers: [] },
      tokens['chief.changji']!,
      { idempotencyKey: 'tl-1' },
    );
    await api.advance(
      {
        requestId: APPROVED,
        caseId: 'case-tl',
        regionCode: '652301',
        amountFen: '5000',
        employer: { name: '某公司', uscc: '' },
      },
      tokens['chief.changji']!,
      { idempotencyKey: 'tl-2' },
    );
    const t = await api.timeline({ caseId: 'case-tl' }, tokens['supervisor.xinjiang']!);
    expect(t.items.map((i) => i.type)).toEqual(['finance.draw', 'finance.advance']);
    expect(t.items[0]!.summary).toContain('¥40.00');
    expect((await api.timeline({ caseId: 'case-tl' }, tokens['inspector.lanzhou']!)).items).toEqual([]);
    const s = await api.statistics(
      { regionCode: '652300', from: today, to: today },
      tokens['supervisor.xinjiang']!,
    );
    const changji = s.byRegion.find((r) => r.regionCode === '652301')!;
    expect(Number(changji.figures['projects.monitored'])).toBeGreaterThan(5);
    expect(Number(changji.figures['projects.depositCompliant'])).toBeGreaterThan(0);
    expect(Number(changji.figures['deposits.drawnFen'])).toBeGreaterThanOrEqual(4000);
  });

  it('publishes registrations, deposits, draws, top-ups, advances and repayments through the outbox', async () => {
    const wanted: EventType[] = [
      'finance.ProjectRegistered.v1',
      'finance.DepositRequirementRecomputed.v1',
      'finance.DepositReceived.v1',
      'finance.DepositDrawn.v1',
      'finance.TopUpDue.v1',
      'finance.EmergencyAdvanced.v1',
      'finance.RecoveryRepaid.v1',
      'finance.DedicatedAccountRecorded.v1',
      'finance.ProjectCompleted.v1',
      'finance.DepositReturnNoticed.v1',
    ];
    for (const type of wanted) await reader.waitFor(type);
    const drawn = await reader.waitFor('finance.DepositDrawn.v1', (e) => e.envelope.caseId === 'case-draw-1');
    expect(drawn.payload).toMatchObject({ requestedFen: '150000', drawnFen: '100000', workerCount: 3 });
    const events = reader.events;
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain(residentId(1));
  });

  it('verifies the whole ledger', async () => {
    const v = await api.verifyLedger({}, tokens['finance.changji']!);
    expect(v).toMatchObject({
      ok: true,
      pending: 0,
      unbalancedPostings: [],
      mismatches: [],
      negativeAccounts: [],
    });
    expect(v.applied).toBeGreaterThan(20);
    expect((await refusal(api.verifyLedger({}, tokens['inspector.changji']!))).kind).toBe(
      'permission_denied',
    );
  });
});
