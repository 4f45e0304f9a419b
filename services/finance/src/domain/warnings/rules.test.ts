import {
  belowMinimumWage,
  depositMissing,
  DEV_WARNING_RULES,
  excessivePay,
  fewerPaid,
  missingAllocation,
  monthsBetween,
  NATIONAL_DEFAULT as c,
  payrollFindings,
  topUpMissing,
  unpaidMonth,
  unpaidShare,
  warningConfigFor,
  type DepositFacts,
  type PayrollFacts,
} from './rules';

const month = (over: Partial<PayrollFacts> = {}): PayrollFacts => ({
  month: '2026-03',
  today: '2026-04-10',
  attendingWorkers: 30,
  paidAttendingWorkers: 30,
  paidWorkers: 30,
  paidTotalFen: 30 * 500_000,
  maxWorkerMonthFen: 500_000,
  maxWorkerYearFen: 1_500_000,
  ...over,
});

describe('missing labour-cost allocations', () => {
  const months = monthsBetween('2026-01', '2026-06');
  it('warns after 2 consecutive months without an allocation, not after 1', () => {
    const allocated = new Set(['2026-01', '2026-02']);
    expect(
      missingAllocation(
        { month: '2026-03', projectMonths: months, allocatedMonths: allocated, today: '2026-04-05' },
        c,
      ),
    ).toBeNull();
    expect(
      missingAllocation(
        { month: '2026-04', projectMonths: months, allocatedMonths: allocated, today: '2026-05-05' },
        c,
      )?.level,
    ).toBe('orange');
  });
  it('warns at the 3rd missing month in all, not at the 2nd when they are apart', () => {
    const allocated = new Set(['2026-02', '2026-04']);
    expect(
      missingAllocation(
        { month: '2026-03', projectMonths: months, allocatedMonths: allocated, today: '2026-04-05' },
        c,
      ),
    ).toBeNull();
    expect(
      missingAllocation(
        { month: '2026-05', projectMonths: months, allocatedMonths: allocated, today: '2026-06-05' },
        c,
      )?.rule,
    ).toBe('missing_allocation');
  });
  it('does not count a month that is not over yet', () => {
    expect(
      missingAllocation(
        { month: '2026-02', projectMonths: months, allocatedMonths: new Set(), today: '2026-02-20' },
        c,
      ),
    ).toBeNull();
  });
});

describe('unpaid month', () => {
  it('is red once the following month ended with nothing paid, not on its last day', () => {
    const unpaid = month({
      paidWorkers: 0,
      paidAttendingWorkers: 0,
      paidTotalFen: 0,
      maxWorkerMonthFen: 0,
      maxWorkerYearFen: 0,
    });
    expect(unpaidMonth({ ...unpaid, today: '2026-04-30' }, c)).toBeNull();
    expect(unpaidMonth({ ...unpaid, today: '2026-05-01' }, c)?.level).toBe('red');
  });
  it('is silent once anything was paid or nobody attended', () => {
    expect(unpaidMonth(month({ today: '2026-06-01' }), c)).toBeNull();
    expect(
      unpaidMonth(
        month({ attendingWorkers: 0, paidWorkers: 0, paidAttendingWorkers: 0, today: '2026-06-01' }),
        c,
      ),
    ).toBeNull();
  });
});

describe('attending workers without a wage record', () => {
  it('is red from 10% (3 of 30), yellow below it (2 of 30)', () => {
    expect(unpaidShare(month({ paidAttendingWorkers: 27 }), c)?.level).toBe('red');
    expect(fewerPaid(month({ paidAttendingWorkers: 27 }), c)).toBeNull();
    expect(unpaidShare(month({ paidAttendingWorkers: 28 }), c)).toBeNull();
    expect(fewerPaid(month({ paidAttendingWorkers: 28 }), c)?.level).toBe('yellow');
  });
  it('10 of 30 unpaid gives exactly one red finding', () => {
    const f = payrollFindings(
      month({ paidAttendingWorkers: 20, paidWorkers: 20, paidTotalFen: 20 * 500_000 }),
      c,
    );
    expect(f.map((x) => [x.rule, x.level])).toEqual([['unpaid_share', 'red']]);
  });
  it('is silent when everybody who attended was paid, or before any payroll arrived', () => {
    expect(payrollFindings(month(), c)).toEqual([]);
    expect(unpaidShare(month({ paidWorkers: 0, paidAttendingWorkers: 0 }), c)).toBeNull();
    expect(fewerPaid(month({ paidWorkers: 0, paidAttendingWorkers: 0 }), c)).toBeNull();
  });
});

describe('average pay below the minimum wage', () => {
  it('warns when the average is one fen below the minimum, not at the minimum', () => {
    expect(belowMinimumWage(month({ paidWorkers: 2, paidTotalFen: 2 * c.minimumWageFen }), c)).toBeNull();
    expect(
      belowMinimumWage(month({ paidWorkers: 2, paidTotalFen: 2 * c.minimumWageFen - 1 }), c)?.level,
    ).toBe('orange');
  });
});

describe('suspected fake payroll', () => {
  it('is red above ¥50,000 for one worker in a month, not at it', () => {
    expect(excessivePay(month({ maxWorkerMonthFen: 5_000_000 }), c)).toBeNull();
    expect(excessivePay(month({ maxWorkerMonthFen: 5_000_001 }), c)?.level).toBe('red');
  });
  it('is red above ¥300,000 for one worker in a year, not at it', () => {
    expect(excessivePay(month({ maxWorkerYearFen: 30_000_000 }), c)).toBeNull();
    expect(excessivePay(month({ maxWorkerYearFen: 30_000_001 }), c)?.detail).toContain('年度');
  });
});

describe('deposit', () => {
  const d = (over: Partial<DepositFacts> = {}): DepositFacts => ({
    today: '2026-04-01',
    exempt: false,
    requiredFen: 2_000_000,
    balanceFen: 0,
    depositDueDate: '2026-03-30',
    topUp: null,
    ...over,
  });
  it('warns when the deposit is missing after its due date, not on it', () => {
    expect(depositMissing(d({ today: '2026-03-30' }), c)).toBeNull();
    expect(depositMissing(d(), c)?.rule).toBe('deposit_missing');
    expect(depositMissing(d({ balanceFen: 2_000_000 }), c)).toBeNull();
    expect(depositMissing(d({ exempt: true }), c)).toBeNull();
  });
  it('warns when a draw was not topped up within its 10 working days, not before', () => {
    const topUp = { dueDate: '2026-05-15', status: 'due' as const };
    expect(topUpMissing(d({ topUp, today: '2026-05-15', balanceFen: 1_000_000 }), c)).toBeNull();
    expect(topUpMissing(d({ topUp, today: '2026-05-16', balanceFen: 1_000_000 }), c)?.rule).toBe(
      'top_up_missing',
    );
    expect(
      topUpMissing(d({ topUp: { ...topUp, status: 'met' }, today: '2026-05-16', balanceFen: 2_000_000 }), c),
    ).toBeNull();
  });
});

describe('configuration per province', () => {
  it('overrides the national default by province', () => {
    const book = {
      ...DEV_WARNING_RULES,
      provinces: { '62': { minimumWageFen: 210_000, levels: { fewer_paid: 'orange' as const } } },
    };
    expect(warningConfigFor(book, '620100').minimumWageFen).toBe(210_000);
    expect(warningConfigFor(book, '620100').levels.fewer_paid).toBe('orange');
    expect(warningConfigFor(book, '620100').levels.unpaid_share).toBe('red');
    expect(warningConfigFor(book, '110000')).toBe(book.national);
  });
});
