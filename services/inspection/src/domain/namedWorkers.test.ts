import { applyDecision, isDomainError } from '@wage/domain';
import {
  completeDepositDraw,
  drawPayees,
  recordFinding,
  type Finding,
  type MoneyIntent,
  type OwedWorker,
} from './inspectionCase';
import { a, caseWith, intent, now } from './caseState.fixture';

const worker = (n: number, owedFen: number, paidFen = 0): OwedWorker => ({
  name: `工人${n}`,
  idNumberEnc: `enc-${n}`,
  idNumberHash: `hash-${n}`,
  idNumberMasked: `652301********00${n}X`,
  owedFen,
  paidFen,
});

const finding = (workers: OwedWorker[]): Finding => ({
  id: 'f1',
  employerUscc: '91652301MA0000001X',
  employerName: '某劳务公司',
  projectId: 'p',
  arrearsFen: workers.reduce((s, w) => s + w.owedFen, 0),
  workerCount: workers.length,
  massIncident: false,
  foundAt: now,
  foundBy: 'inspector',
  workers,
});

/** A pending draw (id d1) that names its payees. */
const intentFor = (payees: MoneyIntent['payees'], requestedFen: number) =>
  intent(requestedFen, { id: 'd1', payees });

describe('named workers of a deposit draw', () => {
  const three = [worker(1, 300_000), worker(2, 400_000), worker(3, 200_000)];

  it('names no one when the findings name no workers', () => {
    expect(drawPayees(caseWith({ findings: [{ ...finding([]), workers: undefined }] }), 100_000)).toEqual([]);
  });

  it('pays the named workers in order, the last one partly, adding up to the amount', () => {
    const payees = drawPayees(caseWith({ findings: [finding(three)] }), 500_000);
    if (isDomainError(payees)) throw payees;
    expect(payees.map((p) => [p.name, p.amountFen])).toEqual([
      ['工人1', 300_000],
      ['工人2', 200_000],
    ]);
  });

  it('skips what earlier draws paid and what a pending draw already asks for', () => {
    const paidOne = [worker(1, 300_000, 300_000), worker(2, 400_000), worker(3, 200_000)];
    const inFlight = intentFor(
      [
        {
          findingId: 'f1',
          index: 1,
          name: '工人2',
          idNumberEnc: 'enc-2',
          idNumberMasked: 'm',
          amountFen: 150_000,
        },
      ],
      150_000,
    );
    const payees = drawPayees(caseWith({ findings: [finding(paidOne)], draws: [inFlight] }), 300_000);
    if (isDomainError(payees)) throw payees;
    expect(payees.map((p) => [p.name, p.amountFen])).toEqual([
      ['工人2', 250_000],
      ['工人3', 50_000],
    ]);
  });

  it('refuses an amount beyond what the named workers are still owed', () => {
    const r = drawPayees(caseWith({ findings: [finding([worker(1, 300_000, 200_000)])] }), 100_001);
    expect(isDomainError(r) && r.detail).toMatch(/少于动用金额/);
    expect(
      isDomainError(drawPayees(caseWith({ findings: [finding([worker(1, 300_000, 200_000)])] }), 100_000)),
    ).toBe(false);
  });

  it('credits each worker with what the bank paid when finance drew less than asked', () => {
    const payees = drawPayees(caseWith({ findings: [finding(three)] }), 500_000);
    if (isDomainError(payees)) throw payees;
    const c = caseWith({ findings: [finding(three)], draws: [intentFor(payees, 500_000)] });
    const r = completeDepositDraw(
      c,
      'd1',
      { drawnFen: 350_000, topUpDueDate: '2026-06-29', financeId: 'x', depositBalanceFen: 0 },
      a,
    );
    if (isDomainError(r)) throw r;
    const after = applyDecision(c, r);
    expect(after.findings![0]!.workers!.map((w) => w.paidFen)).toEqual([300_000, 50_000, 0]);
    expect(after.draws![0]!.payees!.map((p) => p.paidFen)).toEqual([300_000, 50_000]);
  });

  it('keeps what draws paid a worker when the finding is corrected', () => {
    const before = caseWith({ findings: [finding([worker(1, 300_000, 100_000), worker(2, 400_000)])] });
    const corrected = finding([worker(1, 350_000), worker(2, 400_000)]);
    const r = recordFinding(before, { ...corrected, id: 'f2' }, a);
    if (isDomainError(r)) throw r;
    const after = applyDecision(before, r);
    expect(after.findings).toHaveLength(1);
    expect(after.findings![0]!.workers!.map((w) => [w.owedFen, w.paidFen])).toEqual([
      [350_000, 100_000],
      [400_000, 0],
    ]);
  });
});
