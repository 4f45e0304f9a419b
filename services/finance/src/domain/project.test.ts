import { WorkingDayCalendar } from '@wage/cn';
import { applyDecision } from '@wage/domain';
import { finance } from '@wage/proto';
import {
  compliance,
  dedicatedAccountStatus,
  depositDrawn,
  depositReceived,
  initialDedicatedAccount,
  returnNoticed,
  returnReviewable,
  reviewDeadlines,
  type ProjectState,
} from './project';

const calendar = new WorkingDayCalendar();

function project(over: Partial<ProjectState> = {}): ProjectState {
  return {
    _id: 'p1',
    name: '昌吉某住宅项目',
    regionCode: '652301',
    contractor: { uscc: '91652301MA0000001X', name: '某建筑公司' },
    contractPriceFen: 1_000_000_000,
    permitDate: '2025-03-03',
    requirement: {
      requiredDepositFen: 20_000_000,
      ratioBp: 200,
      baseRatioBp: 200,
      multiplierBp: 10_000,
      capped: false,
      exempt: false,
      basis: '',
      provisional: false,
      provisionalReason: '',
    },
    depositDueDate: '2025-03-31',
    depositBalanceFen: 0,
    complianceStatus: 'awaiting_deposit',
    depositCompliant: true,
    topUp: null,
    dedicatedAccount: initialDedicatedAccount('2025-02-01'),
    status: 'active',
    completedOn: '',
    depositReturn: null,
    ...over,
  };
}

describe('deposit compliance', () => {
  it('is awaiting within the 20 working days, overdue after, compliant once the deposit is in place', () => {
    const p = project();
    expect(compliance(p, 0, '2025-03-31')).toEqual({ status: 'awaiting_deposit', compliant: true });
    expect(compliance(p, 19_999_999, '2025-04-01')).toEqual({ status: 'deposit_overdue', compliant: false });
    expect(compliance(p, 20_000_000, '2025-04-01')).toEqual({ status: 'compliant', compliant: true });
  });

  it('treats an exempt project as compliant without a deposit', () => {
    const p = project({ requirement: { ...project().requirement, exempt: true, requiredDepositFen: 0 } });
    expect(compliance(p, 0, '2030-01-01')).toEqual({ status: 'exempt', compliant: true });
  });
});

describe('a draw and the top-up it opens', () => {
  const draw = {
    drawId: 'd1',
    caseId: 'c1',
    requestedFen: 5_000_000,
    drawnFen: 5_000_000,
    workerCount: 3,
    drawnOn: '2025-09-26',
  };

  it('opens a top-up due 10 working days after the draw and publishes the draw and the obligation', () => {
    const p = project({ depositBalanceFen: 20_000_000, complianceStatus: 'compliant' });
    const d = depositDrawn(p, draw, 15_000_000, '2025-09-26', calendar);
    const after = applyDecision(p, d);
    expect(after.topUp).toMatchObject({
      caseId: 'c1',
      dueDate: '2025-10-16',
      shortfallFen: 5_000_000,
      status: 'due',
    });
    expect(after.complianceStatus).toBe('top_up_due');
    expect(d.events.map((e) => e.type)).toEqual(['finance.DepositDrawn.v1', 'finance.TopUpDue.v1']);
    expect(d.events[0]!.caseId).toBe('c1');
    expect((d.events[1]!.payload as finance.TopUpDue).dueDate).toBe('2025-10-16');
  });

  it('keeps the earlier due date when a second draw comes before the top-up', () => {
    const open = {
      caseId: 'c1',
      openedOn: '2025-09-26',
      dueDate: '2025-10-16',
      dueProvisional: false,
      shortfallFen: 5_000_000,
      status: 'due' as const,
    };
    const p = project({ depositBalanceFen: 15_000_000, topUp: open });
    const d = depositDrawn(
      p,
      { ...draw, drawId: 'd2', caseId: 'c2', drawnOn: '2025-10-10' },
      10_000_000,
      '2025-10-10',
      calendar,
    );
    expect(applyDecision(p, d).topUp).toMatchObject({
      caseId: 'c1',
      dueDate: '2025-10-16',
      shortfallFen: 10_000_000,
    });
    expect(d.events.map((e) => e.type)).toEqual(['finance.DepositDrawn.v1']);
  });

  it('needs no top-up when the balance still covers the requirement', () => {
    const p = project({ requirement: { ...project().requirement, requiredDepositFen: 1_000 } });
    const d = depositDrawn(p, draw, 15_000_000, '2025-09-26', calendar);
    expect(d.events.map((e) => e.type)).toEqual(['finance.DepositDrawn.v1']);
  });

  it('meets the top-up when a deposit restores the requirement', () => {
    const open = {
      caseId: 'c1',
      openedOn: '2025-09-26',
      dueDate: '2025-10-16',
      dueProvisional: false,
      shortfallFen: 5_000_000,
      status: 'due' as const,
    };
    const p = project({ topUp: open });
    const d = depositReceived(
      p,
      { depositId: 'x', amountFen: 5_000_000, form: 'cash', reference: 'r' },
      20_000_000,
      '2025-10-15',
    );
    expect(applyDecision(p, d)).toMatchObject({
      complianceStatus: 'compliant',
      topUp: { status: 'met' },
    });
  });

  it('turns an unmet top-up overdue once, after its due date', () => {
    const open = {
      caseId: 'c1',
      openedOn: '2025-09-26',
      dueDate: '2025-10-16',
      dueProvisional: false,
      shortfallFen: 5_000_000,
      status: 'due' as const,
    };
    const p = project({ depositBalanceFen: 15_000_000, topUp: open, complianceStatus: 'top_up_due' });
    expect(reviewDeadlines(p, 15_000_000, '2025-10-16')).toBeNull();
    const d = reviewDeadlines(p, 15_000_000, '2025-10-17')!;
    expect(d.events.map((e) => e.type)).toEqual(['finance.TopUpOverdue.v1']);
    const after = applyDecision(p, d);
    expect(after.complianceStatus).toBe('top_up_overdue');
    expect(reviewDeadlines(after, 15_000_000, '2025-10-20')).toBeNull();
  });

  it('reports a deposit not lodged within 20 working days once', () => {
    const p = project();
    const d = reviewDeadlines(p, 0, '2025-04-01')!;
    expect(d.events.map((e) => e.type)).toEqual(['finance.DepositOverdue.v1']);
    const after = applyDecision(p, d);
    expect(reviewDeadlines(after, 0, '2025-04-02')).toBeNull();
  });
});

describe('dedicated wage account', () => {
  it('is due 30 days after the contract, then to be filed within 30 days of opening', () => {
    const a = initialDedicatedAccount('2025-02-01');
    expect(a.openingDueDate).toBe('2025-03-03');
    expect(dedicatedAccountStatus(a, '2025-03-03')).toBe('awaiting_opening');
    expect(dedicatedAccountStatus(a, '2025-03-04')).toBe('opening_overdue');
    expect(
      dedicatedAccountStatus({ ...a, openedOn: '2025-02-20', filingDueDate: '2025-03-22' }, '2025-03-23'),
    ).toBe('filing_overdue');
  });
});

describe('returning the deposit after completion', () => {
  it('announces the return for 30 days and lets the review decide only afterwards', () => {
    const done = project({ status: 'completed', completedOn: '2026-01-10' });
    expect(returnNoticed(project(), '2026-01-12', 100)).toBeInstanceOf(Error);
    const d = returnNoticed(done, '2026-01-12', 100);
    if (d instanceof Error) throw d;
    const noticed = {
      ...done,
      depositReturn: {
        status: 'noticed' as const,
        noticeEndsOn: '2026-02-11',
        decidedOn: '',
        reason: '',
        returnedFen: 0,
      },
    };
    expect(applyDecision(done, d).depositReturn?.noticeEndsOn).toBe('2026-02-11');
    expect(returnReviewable(noticed, '2026-02-11')).toBeInstanceOf(Error);
    expect(returnReviewable(noticed, '2026-02-12')).toBeNull();
  });
});
