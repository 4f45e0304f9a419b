import {
  accounts,
  amountToTake,
  isGuardedAccount,
  plans,
  postingErrors,
  resolveUpTo,
  sumOfLines,
} from './ledger';

describe('ledger postings', () => {
  it('builds every movement as a balanced posting in whole fen', () => {
    const all = [
      plans.deposit('p1', 'cash', 12_345),
      plans.deposit('p1', 'bank_guarantee', 5_000_000_00),
      plans.draw('p1', 'c1', 70_000),
      plans.budget('652301', 2026, 500_000_000),
      plans.advance(accounts.fund('652301', 2026), 'k1', 30_000),
      plans.repayment('k1', accounts.fund('652301', 2026), 10_000),
      plans.return('p1', 99),
    ];
    for (const plan of all) {
      expect(postingErrors(plan)).toEqual([]);
      expect(sumOfLines(plan.lines)).toBe(0);
    }
  });

  it('refuses a posting whose lines do not sum to zero, or with a fraction of a fen', () => {
    expect(
      postingErrors({
        kind: 'deposit',
        lines: [
          { account: 'deposit:p', amountFen: 10 },
          { account: 'clearing:cash', amountFen: -9 },
        ],
      }),
    ).toContain('the lines do not sum to zero');
    expect(
      postingErrors({
        kind: 'deposit',
        lines: [
          { account: 'deposit:p', amountFen: 0.5 },
          { account: 'clearing:cash', amountFen: -0.5 },
        ],
      }),
    ).toContain('every line is a non-zero whole number of fen');
  });

  it('takes from a guarded account only in a guarded first line', () => {
    expect(
      postingErrors({
        kind: 'draw',
        lines: [
          { account: 'workers-payable:c', amountFen: 5 },
          { account: 'deposit:p', amountFen: -5 },
        ],
      }),
    ).toContain('the line taking from a guarded account comes first, with a guard');
    expect(
      postingErrors({
        kind: 'draw',
        lines: [
          { account: 'deposit:p', amountFen: -5 },
          { account: 'workers-payable:c', amountFen: 5 },
        ],
      }),
    ).toContain('the line taking from a guarded account comes first, with a guard');
    expect(
      postingErrors({
        kind: 'draw',
        guard: 'exact',
        lines: [
          { account: 'deposit:p', amountFen: -5 },
          { account: 'fund:652301:2026', amountFen: -5 },
          { account: 'workers-payable:c', amountFen: 10 },
        ],
      }),
    ).toContain('at most one line takes from a guarded account');
  });

  it('knows which accounts hold money for workers', () => {
    expect(['deposit:p', 'fund:652301:2026', 'recovery:k'].every(isGuardedAccount)).toBe(true);
    expect(['clearing:cash', 'budget:652301:2026', 'workers-payable:c'].some(isGuardedAccount)).toBe(false);
  });

  it('draws up to the balance, and an exact posting all or nothing', () => {
    expect(amountToTake('up_to', 1_000, 400)).toBe(400);
    expect(amountToTake('up_to', 1_000, 4_000)).toBe(1_000);
    expect(amountToTake('up_to', 1_000, 0)).toBe(0);
    expect(amountToTake('up_to', 1_000, -5)).toBe(0);
    expect(amountToTake('exact', 1_000, 999)).toBe(0);
    expect(amountToTake('exact', 1_000, 1_000)).toBe(1_000);
  });

  it('resolves an up-to posting to the amount taken, still balanced', () => {
    const lines = resolveUpTo(plans.draw('p1', 'c1', 70_000).lines, 25_000);
    expect(lines).toEqual([
      { account: 'deposit:p1', amountFen: -25_000 },
      { account: 'workers-payable:c1', amountFen: 25_000 },
    ]);
    expect(sumOfLines(lines)).toBe(0);
  });
});
