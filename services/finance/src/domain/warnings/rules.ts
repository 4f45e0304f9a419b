/**
 * 监控预警: graded warning rules over one project and month (DOMAIN.md, Early warning). Each rule is a small
 * pure function of the month's facts and the province's configuration; it answers a finding (level + detail)
 * or null. The service raises a warning once per project, rule and month, and closes it when a later
 * evaluation of the same month no longer finds it (later data cured it).
 */

export type WarningLevel = 'red' | 'orange' | 'yellow';

export const RULES = [
  'missing_allocation',
  'unpaid_month',
  'fewer_paid',
  'unpaid_share',
  'below_minimum_wage',
  'excessive_pay',
  'deposit_missing',
  'top_up_missing',
] as const;
export type WarningRule = (typeof RULES)[number];

export interface Finding {
  rule: WarningRule;
  level: WarningLevel;
  detail: string;
}

/** One province's thresholds and levels (the national default fills what a province leaves out). */
export interface WarningConfig {
  /** No labour-cost allocation for this many consecutive months, or this many months in all. */
  missingAllocationConsecutive: number;
  missingAllocationCumulative: number;
  /** Share of attending workers without a wage record (basis points) from which the month is red. */
  unpaidShareBp: number;
  /** Local monthly minimum wage (fen): the average paid per worker must reach it. */
  minimumWageFen: number;
  /** One worker paid more than this in a month, or in a year: suspected fake payroll. */
  workerMonthCapFen: number;
  workerYearCapFen: number;
  levels: Record<WarningRule, WarningLevel>;
}

export const NATIONAL_DEFAULT: WarningConfig = {
  missingAllocationConsecutive: 2,
  missingAllocationCumulative: 3,
  unpaidShareBp: 1_000,
  minimumWageFen: 190_000,
  workerMonthCapFen: 5_000_000,
  workerYearCapFen: 30_000_000,
  levels: {
    missing_allocation: 'orange',
    unpaid_month: 'red',
    fewer_paid: 'yellow',
    unpaid_share: 'red',
    below_minimum_wage: 'orange',
    excessive_pay: 'red',
    deposit_missing: 'orange',
    top_up_missing: 'orange',
  },
};

export interface WarningRuleBook {
  national: WarningConfig;
  /** By province code (2 digits), partial overrides of the national default. */
  provinces: Record<
    string,
    Partial<Omit<WarningConfig, 'levels'>> & { levels?: Partial<Record<WarningRule, WarningLevel>> }
  >;
}

/** Dev book: Xinjiang's first-tier minimum wage ¥1,900 a month (2021 table). */
export const DEV_WARNING_RULES: WarningRuleBook = {
  national: NATIONAL_DEFAULT,
  provinces: { '65': { minimumWageFen: 190_000 } },
};

export function warningConfigFor(book: WarningRuleBook, regionCode: string): WarningConfig {
  const p = book.provinces[regionCode.slice(0, 2)];
  if (!p) return book.national;
  return { ...book.national, ...p, levels: { ...book.national.levels, ...(p.levels ?? {}) } };
}

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

/** `YYYY-MM` of the month after. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Last day (`YYYY-MM-DD`) of a month. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 600; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * 人工费用拨付: the months of the project so far (first month to `month`) and those with an allocation.
 * A month counts as missing only once it is over. Fires for `month` when it is missing and ends a run of
 * `consecutive` missing months, or is the `cumulative`-th missing month.
 */
export function missingAllocation(
  f: { month: string; projectMonths: string[]; allocatedMonths: ReadonlySet<string>; today: string },
  c: WarningConfig,
): Finding | null {
  const over = (m: string) => lastDayOf(m) < f.today;
  const months = f.projectMonths.filter((m) => m <= f.month);
  if (!over(f.month) || f.allocatedMonths.has(f.month)) return null;
  let run = 0;
  for (let i = months.length - 1; i >= 0 && !f.allocatedMonths.has(months[i]!) && over(months[i]!); i--)
    run++;
  const total = months.filter((m) => over(m) && !f.allocatedMonths.has(m)).length;
  if (run < c.missingAllocationConsecutive && total < c.missingAllocationCumulative) return null;
  return {
    rule: 'missing_allocation',
    level: c.levels.missing_allocation,
    detail: `人工费用未按月拨付至工资专用账户：连续${run}个月、累计${total}个月未拨付`,
  };
}

/** The month's wage facts: attending workers (by keyed hash) and what each was paid for it. */
export interface PayrollFacts {
  month: string;
  today: string;
  attendingWorkers: number;
  /** Attending workers with at least one payment for the month. */
  paidAttendingWorkers: number;
  /** Distinct workers paid for the month (attending or not). */
  paidWorkers: number;
  paidTotalFen: number;
  /** The largest total paid to one worker for the month, and in the month's calendar year. */
  maxWorkerMonthFen: number;
  maxWorkerYearFen: number;
}

/** 未按时足额支付: people worked in the month and nothing was paid by the end of the following month. */
export function unpaidMonth(f: PayrollFacts, c: WarningConfig): Finding | null {
  if (f.attendingWorkers === 0 || f.paidWorkers > 0) return null;
  if (f.today <= lastDayOf(nextMonth(f.month))) return null;
  return {
    rule: 'unpaid_month',
    level: c.levels.unpaid_month,
    detail: `${f.month}有${f.attendingWorkers}人出勤，至次月底仍未通过专用账户发放工资`,
  };
}

function unpaidAttending(f: PayrollFacts) {
  return Math.max(0, f.attendingWorkers - f.paidAttendingWorkers);
}

/** 10% or more of the attending workers have no wage record for the month (checked once payroll arrived). */
export function unpaidShare(f: PayrollFacts, c: WarningConfig): Finding | null {
  const unpaid = unpaidAttending(f);
  if (f.paidWorkers === 0 || unpaid === 0) return null;
  if (unpaid * 10_000 < f.attendingWorkers * c.unpaidShareBp) return null;
  return {
    rule: 'unpaid_share',
    level: c.levels.unpaid_share,
    detail: `${f.month}出勤${f.attendingWorkers}人中${unpaid}人无工资发放记录（${Math.round((unpaid * 1000) / f.attendingWorkers) / 10}%）`,
  };
}

/** Fewer paid than attended, below the red share (the red rule covers the rest). */
export function fewerPaid(f: PayrollFacts, c: WarningConfig): Finding | null {
  const unpaid = unpaidAttending(f);
  if (f.paidWorkers === 0 || unpaid === 0) return null;
  if (unpaid * 10_000 >= f.attendingWorkers * c.unpaidShareBp) return null;
  return {
    rule: 'fewer_paid',
    level: c.levels.fewer_paid,
    detail: `${f.month}发放工资${f.paidAttendingWorkers}人，少于出勤${f.attendingWorkers}人`,
  };
}

/** The average paid per paid worker is below the local monthly minimum wage. */
export function belowMinimumWage(f: PayrollFacts, c: WarningConfig): Finding | null {
  if (f.paidWorkers === 0) return null;
  if (f.paidTotalFen >= c.minimumWageFen * f.paidWorkers) return null;
  return {
    rule: 'below_minimum_wage',
    level: c.levels.below_minimum_wage,
    detail: `${f.month}人均发放${yuan(Math.floor(f.paidTotalFen / f.paidWorkers))}，低于当地最低工资${yuan(c.minimumWageFen)}`,
  };
}

/** 疑似虚假工资单: one worker paid more than ¥50k in the month or ¥300k in the year. */
export function excessivePay(f: PayrollFacts, c: WarningConfig): Finding | null {
  const month = f.maxWorkerMonthFen > c.workerMonthCapFen;
  const year = f.maxWorkerYearFen > c.workerYearCapFen;
  if (!month && !year) return null;
  return {
    rule: 'excessive_pay',
    level: c.levels.excessive_pay,
    detail: month
      ? `单人当月工资${yuan(f.maxWorkerMonthFen)}，超过${yuan(c.workerMonthCapFen)}，疑似虚假工资单`
      : `单人年度工资${yuan(f.maxWorkerYearFen)}，超过${yuan(c.workerYearCapFen)}，疑似虚假工资单`,
  };
}

/** The project's deposit position, as part I keeps it. */
export interface DepositFacts {
  today: string;
  exempt: boolean;
  requiredFen: number;
  balanceFen: number;
  /** 20 working days after the permit. */
  depositDueDate: string;
  topUp: { dueDate: string; status: 'due' | 'met' | 'overdue' } | null;
}

/** Deposit not made within 20 working days of the permit (month = the month of the due date). */
export function depositMissing(f: DepositFacts, c: WarningConfig): Finding | null {
  if (
    f.exempt ||
    f.topUp ||
    !f.depositDueDate ||
    f.today <= f.depositDueDate ||
    f.balanceFen >= f.requiredFen
  )
    return null;
  return {
    rule: 'deposit_missing',
    level: c.levels.deposit_missing,
    detail: `工资保证金应于${f.depositDueDate}前存储${yuan(f.requiredFen)}，现余额${yuan(f.balanceFen)}`,
  };
}

/** Not topped up within 10 working days after a draw (month = the month of the top-up due date). */
export function topUpMissing(f: DepositFacts, c: WarningConfig): Finding | null {
  if (!f.topUp || f.topUp.status === 'met' || f.today <= f.topUp.dueDate || f.balanceFen >= f.requiredFen)
    return null;
  return {
    rule: 'top_up_missing',
    level: c.levels.top_up_missing,
    detail: `工资保证金动用后应于${f.topUp.dueDate}前补足，现余额${yuan(f.balanceFen)}，应存${yuan(f.requiredFen)}`,
  };
}

/** The payroll rules of one project-month, in one place: what the service evaluates after each batch. */
export function payrollFindings(f: PayrollFacts, c: WarningConfig): Finding[] {
  return [unpaidMonth, unpaidShare, fewerPaid, belowMinimumWage, excessivePay]
    .map((rule) => rule(f, c))
    .filter((x): x is Finding => x !== null);
}

export const PAYROLL_RULES: WarningRule[] = [
  'unpaid_month',
  'unpaid_share',
  'fewer_paid',
  'below_minimum_wage',
  'excessive_pay',
];
