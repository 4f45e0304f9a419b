// The double-entry ledger under every money movement: a movement is one posting whose lines sum to zero, in
// fen. An account's balance is the sum of the lines applied to it. Signs: money held in an account is
// positive there (a project's deposit, a county's fund, an employer's debt to the fund); the account it came
// from goes down by the same amount (clearing accounts and budgets run negative: they count what came in).

export type PostingKind = 'deposit' | 'draw' | 'budget' | 'advance' | 'repayment' | 'return';

export const DEPOSIT_FORMS = ['cash', 'bank_guarantee'] as const;
export type DepositForm = (typeof DEPOSIT_FORMS)[number];

/** The chart of accounts. */
export const accounts = {
  /** A project's wage guarantee deposit (cash and bank guarantees). */
  deposit: (projectId: string) => `deposit:${projectId}`,
  /** Paid from a deposit to a case's workers; the bank pays them from here within 5 working days. */
  workersPayable: (caseId: string) => `workers-payable:${caseId}`,
  /** A county's emergency revolving fund for one budget year: what is available for advances. */
  fund: (county: string, year: number) => `fund:${county}:${year}`,
  /** The government budget line that funds a county's emergency fund for a year. */
  budget: (county: string, year: number) => `budget:${county}:${year}`,
  /** What an employer owes the fund for one advance. */
  recovery: (claimId: string) => `recovery:${claimId}`,
  /** Money (or guarantees) that came in from contractors, by form; runs negative. */
  clearing: (form: DepositForm) => `clearing:${form}`,
  /** Deposits returned to contractors after completion. */
  refunds: () => 'clearing:refunds',
};

/** Accounts that hold money for workers and may never go below zero. */
export function isGuardedAccount(account: string): boolean {
  return account.startsWith('deposit:') || account.startsWith('fund:') || account.startsWith('recovery:');
}

export interface Line {
  account: string;
  /** Signed fen: positive adds to the account's balance, negative takes from it. */
  amountFen: number;
}

/**
 * How the first line, the one taking money out of a guarded account, is applied: `exact` takes the whole
 * amount or refuses the posting; `up_to` takes what the balance allows (a draw pays workers up to the
 * deposit's balance) and refuses only when the balance is zero.
 */
export type GuardMode = 'exact' | 'up_to';

export interface PostingPlan {
  kind: PostingKind;
  lines: Line[];
  guard?: GuardMode;
}

/** The reasons a plan is not a valid posting; empty when it is one. */
export function postingErrors(plan: PostingPlan): string[] {
  const errors: string[] = [];
  const { lines } = plan;
  if (lines.length < 2) errors.push('a posting has at least two lines');
  if (lines.some((l) => !Number.isSafeInteger(l.amountFen) || l.amountFen === 0))
    errors.push('every line is a non-zero whole number of fen');
  if (sumOfLines(lines) !== 0) errors.push('the lines do not sum to zero');
  if (new Set(lines.map((l) => l.account)).size !== lines.length) errors.push('an account appears twice');
  const takes = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => isGuardedAccount(l.account) && l.amountFen < 0);
  if (takes.length > 1) errors.push('at most one line takes from a guarded account');
  if (takes.length === 1 && (takes[0]!.i !== 0 || !plan.guard))
    errors.push('the line taking from a guarded account comes first, with a guard');
  if (plan.guard && takes.length === 0)
    errors.push('a guard needs a first line taking from a guarded account');
  if (plan.guard === 'up_to' && lines.length !== 2) errors.push('an up-to posting has exactly two lines');
  return errors;
}

export function sumOfLines(lines: readonly Line[]): number {
  return lines.reduce((s, l) => s + l.amountFen, 0);
}

/** An up-to posting once its guarded line is decided: both lines carry the amount actually taken. */
export function resolveUpTo(lines: readonly Line[], takenFen: number): Line[] {
  const [from, to] = lines;
  return [
    { account: from!.account, amountFen: -takenFen },
    { account: to!.account, amountFen: takenFen },
  ];
}

/** What the guarded line takes from a balance: the whole amount or nothing (`exact`), or what there is (`up_to`). */
export function amountToTake(mode: GuardMode, requestedFen: number, balanceFen: number): number {
  if (mode === 'exact') return balanceFen >= requestedFen ? requestedFen : 0;
  return Math.max(0, Math.min(requestedFen, balanceFen));
}

export const plans = {
  deposit: (projectId: string, form: DepositForm, amountFen: number): PostingPlan => ({
    kind: 'deposit',
    lines: [
      { account: accounts.deposit(projectId), amountFen },
      { account: accounts.clearing(form), amountFen: -amountFen },
    ],
  }),
  draw: (projectId: string, caseId: string, requestedFen: number): PostingPlan => ({
    kind: 'draw',
    guard: 'up_to',
    lines: [
      { account: accounts.deposit(projectId), amountFen: -requestedFen },
      { account: accounts.workersPayable(caseId), amountFen: requestedFen },
    ],
  }),
  budget: (county: string, year: number, budgetFen: number): PostingPlan => ({
    kind: 'budget',
    lines: [
      { account: accounts.fund(county, year), amountFen: budgetFen },
      { account: accounts.budget(county, year), amountFen: -budgetFen },
    ],
  }),
  /** The fund's money becomes the employer's debt to it: recovered later, it flows back. */
  advance: (fundAccount: string, claimId: string, amountFen: number): PostingPlan => ({
    kind: 'advance',
    guard: 'exact',
    lines: [
      { account: fundAccount, amountFen: -amountFen },
      { account: accounts.recovery(claimId), amountFen },
    ],
  }),
  /** Never more than the employer still owes; the fund is restored by the amount. */
  repayment: (claimId: string, fundAccount: string, amountFen: number): PostingPlan => ({
    kind: 'repayment',
    guard: 'exact',
    lines: [
      { account: accounts.recovery(claimId), amountFen: -amountFen },
      { account: fundAccount, amountFen },
    ],
  }),
  return: (projectId: string, amountFen: number): PostingPlan => ({
    kind: 'return',
    guard: 'exact',
    lines: [
      { account: accounts.deposit(projectId), amountFen: -amountFen },
      { account: accounts.refunds(), amountFen },
    ],
  }),
};
