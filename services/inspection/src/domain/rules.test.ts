import { applyDecision, isDomainError } from '@wage/domain';
import { decidePenalty, referToPolice, requestDepositDraw } from './inspectionCase';
import { a, caseWith, intent, now } from './caseState.fixture';
import { crimeAmountReached, crimeThresholdFor, DEV_CRIME_THRESHOLDS, NATIONAL_CRIME_FLOOR } from './rules';

const order = (dueDate: string, paidFen = 0) => ({
  id: 'o',
  kind: 'payment' as const,
  amountFen: 1_000_000_000,
  paidFen,
  dueDate,
  issuedAt: now,
  overdue: false,
  violations: [],
  met: false,
});
const detail = (r: unknown) => (isDomainError(r) ? r.detail : '');

describe('deposit draw', () => {
  it('refuses a deposit draw before the payment order is overdue', () => {
    expect(detail(requestDepositDraw(caseWith({ orders: [order('2026-06-20')] }), intent(1), a))).toMatch(
      /尚未届满/,
    );
  });
  it('refuses a deposit draw without any payment order', () => {
    expect(detail(requestDepositDraw(caseWith(), intent(1), a))).toMatch(/没有逾期未履行/);
  });
  it('allows a draw once the order is overdue and unpaid, within what is still owed', () => {
    const c = caseWith({ orders: [order('2026-06-10')] });
    expect(isDomainError(requestDepositDraw(c, intent(500_000_000), a))).toBe(false);
    expect(detail(requestDepositDraw(c, intent(1_000_000_001), a))).toMatch(/超过尚欠/);
  });
  it('counts a pending draw against what is still owed', () => {
    const c = caseWith({ orders: [order('2026-06-10')], draws: [intent(800_000_000)] });
    expect(detail(requestDepositDraw(c, intent(300_000_000), a))).toMatch(/超过尚欠/);
  });
});

describe('police referral', () => {
  const t = crimeThresholdFor('652301', DEV_CRIME_THRESHOLDS);
  it('uses the province figure, else the national floor', () => {
    expect(t.individualFen).toBe(1_000_000);
    expect(crimeThresholdFor('110101', DEV_CRIME_THRESHOLDS)).toEqual(NATIONAL_CRIME_FLOOR);
  });
  it('takes one worker by the average owed, or ten workers by the total', () => {
    expect(crimeAmountReached(1_000_000, 1, t)).toBe(true);
    expect(crimeAmountReached(999_999, 1, t)).toBe(false);
    expect(crimeAmountReached(6_000_000, 10, t)).toBe(true);
    expect(crimeAmountReached(5_999_999, 10, t)).toBe(false);
  });
  it('refuses a referral below the threshold, naming the figure', () => {
    const c = caseWith({
      arrearsFen: 5_000_000,
      confirmedWorkerCount: 10,
      outstandingFen: 5_000_000,
      orders: [order('2026-06-10')],
    });
    expect(detail(referToPolice(c, { id: 'r', reason: 'x' }, t, a))).toMatch(/未达本省.*10 人以上合计/);
  });
  it('refuses a referral without an ignored payment order', () => {
    expect(
      detail(referToPolice(caseWith({ orders: [order('2026-06-20')] }), { id: 'r', reason: 'x' }, t, a)),
    ).toMatch(/责令支付后逾期/);
  });
  it('sends a referral with the statutory deadlines', () => {
    const c = caseWith({ orders: [order('2026-06-10')] });
    const d = referToPolice(c, { id: 'r', reason: 'x' }, t, a);
    if (isDomainError(d)) throw d;
    const r = applyDecision(c, d).referrals!.at(-1)!;
    expect(r.transferDueAt.getTime() - now.getTime()).toBe(24 * 3_600_000);
    expect(r.policeReviewDueAt.getTime() - now.getTime()).toBe(3 * 86_400_000);
    expect(d.events[0]!.type).toBe('inspection.PoliceReferralSent.v1');
  });
});

describe('administrative penalty', () => {
  const rect = (dueDate: string) => ({
    ...order(dueDate),
    kind: 'rectification' as const,
    amountFen: 0,
    violations: ['no_dedicated_account'],
  });
  it('is refused before the order to correct expires', () => {
    expect(
      detail(
        decidePenalty(
          caseWith({ orders: [rect('2026-06-20')] }),
          { id: 'p', violation: 'no_dedicated_account', amountFen: 6_000_000, legalBasis: '' },
          a,
        ),
      ),
    ).toMatch(/责令改正/);
  });
  it('must lie within the statutory range', () => {
    expect(
      detail(
        decidePenalty(
          caseWith({ orders: [rect('2026-06-01')] }),
          { id: 'p', violation: 'no_dedicated_account', amountFen: 4_000_000, legalBasis: '' },
          a,
        ),
      ),
    ).toMatch(/¥50,000|50,000|5万|之间/);
    expect(
      isDomainError(
        decidePenalty(
          caseWith({ orders: [rect('2026-06-01')] }),
          { id: 'p', violation: 'no_dedicated_account', amountFen: 8_000_000, legalBasis: '' },
          a,
        ),
      ),
    ).toBe(false);
  });
});
