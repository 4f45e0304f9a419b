import { listingInForce, rate, wageRecord, type Listing } from './rating';
import type { Fact, FactKind } from './facts';
import { NATIONAL_RULES } from './rules';

const NOW = new Date('2026-06-15T04:00:00Z');
let n = 0;
function fact(kind: FactKind, daysAgo: number, over: Partial<Fact> = {}): Fact {
  return {
    eventId: `e${++n}`,
    kind,
    at: new Date(NOW.getTime() - daysAgo * 86_400_000),
    caseId: 'case-1',
    amountFen: 0,
    workerCount: 0,
    detail: '',
    source: 'inspection',
    ...over,
  };
}
const listing = (over: Partial<Listing> = {}): Listing => ({
  proposalId: 'p1',
  caseId: 'case-1',
  listedFrom: '2026-01-01',
  listedUntil: '2028-12-31',
  status: 'listed',
  ...over,
});
const rules = NATIONAL_RULES;

describe('integrity rating A/B/C', () => {
  it('is A with nothing on record', () => {
    expect(rate([fact('project_registered', 10)], [], NOW, rules)).toEqual({ rating: 'A', reasons: [] });
  });

  it('is C while listed, naming the listing', () => {
    const r = rate([], [listing()], NOW, rules);
    expect(r.rating).toBe('C');
    expect(r.reasons[0]).toMatchObject({ rule: 'listed' });
  });

  it('a removed or expired listing no longer makes it C', () => {
    expect(rate([], [listing({ status: 'removed' })], NOW, rules).rating).toBe('A');
    expect(listingInForce([listing({ listedUntil: '2026-06-14' })], NOW)).toBeUndefined();
  });

  it.each([
    'order_ignored',
    'police_referral_accepted',
    'award_unpaid',
    'agreement_unpaid',
    'deposit_drawn',
  ] as FactKind[])('is C after %s within 2 years', (kind) => {
    const r = rate([fact(kind, 100)], [], NOW, rules);
    expect(r.rating).toBe('C');
    expect(r.reasons).toEqual([expect.objectContaining({ rule: kind, caseId: 'case-1' })]);
  });

  it('is C after arrears that caused a mass incident', () => {
    expect(
      rate([fact('arrears_confirmed', 30, { massIncident: true })], [], NOW, rules).reasons.map(
        (x) => x.rule,
      ),
    ).toContain('mass_incident');
  });

  it('is C for repeated arrears within 2 years, B for one', () => {
    expect(rate([fact('arrears_confirmed', 30)], [], NOW, rules).rating).toBe('B');
    const r = rate(
      [fact('arrears_confirmed', 30), fact('arrears_confirmed', 400, { caseId: 'case-2' })],
      [],
      NOW,
      rules,
    );
    expect(r.rating).toBe('C');
    expect(r.reasons.map((x) => x.rule)).toEqual(['repeat_arrears']);
  });

  it.each([
    'arrears_confirmed',
    'penalty',
    'police_referral',
    'top_up_overdue',
    'deposit_overdue',
  ] as FactKind[])('is B after %s', (kind) => {
    expect(rate([fact(kind, 100)], [], NOW, rules)).toMatchObject({ rating: 'B', reasons: [{ rule: kind }] });
  });

  it('is B, not yet A, between 2 and 3 years after a dishonest fact; A after 3 years', () => {
    expect(rate([fact('order_ignored', 2 * 365 + 30)], [], NOW, rules)).toMatchObject({
      rating: 'B',
      reasons: [{ rule: 'not_clean_long_enough' }],
    });
    expect(rate([fact('order_ignored', 3 * 365 + 30)], [], NOW, rules).rating).toBe('A');
  });

  it('follows the configured window', () => {
    const strict = { ...rules, rating: { ...rules.rating, windowYears: 5, cleanYearsForA: 5 } };
    expect(rate([fact('order_ignored', 4 * 365)], [], NOW, strict).rating).toBe('C');
  });

  it('gives the same answer whatever order the facts arrived in', () => {
    const facts = [fact('arrears_confirmed', 50), fact('payment', 40), fact('penalty', 20)];
    expect(rate([...facts].reverse(), [], NOW, rules)).toEqual(rate(facts, [], NOW, rules));
  });
});

describe('wage record for the deposit ratio', () => {
  it('reports arrears in the last 2 years and no clean years', () => {
    expect(wageRecord([fact('arrears_confirmed', 100)], new Date('2020-01-01'), NOW, rules)).toEqual({
      arrearsLastTwoYears: true,
      cleanYears: 0,
      realNameCompliant: true,
      wageAccountCompliant: true,
    });
  });

  it('counts clean years since the last arrears, or since first known', () => {
    expect(
      wageRecord([fact('arrears_confirmed', 3 * 365 + 10)], new Date('2015-01-01'), NOW, rules),
    ).toMatchObject({ arrearsLastTwoYears: false, cleanYears: 3 });
    expect(wageRecord([fact('project_registered', 10)], new Date('2021-06-01'), NOW, rules).cleanYears).toBe(
      5,
    );
  });

  it('flags penalties for missing real-name management or dedicated account', () => {
    const w = wageRecord(
      [
        fact('penalty', 20, { detail: 'no_real_name' }),
        fact('penalty', 20, { detail: 'no_dedicated_account' }),
      ],
      new Date('2020-01-01'),
      NOW,
      rules,
    );
    expect(w).toMatchObject({
      realNameCompliant: false,
      wageAccountCompliant: false,
      arrearsLastTwoYears: false,
    });
  });
});
