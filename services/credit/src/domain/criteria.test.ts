import { crimeAmountReached, listingCriteria } from './criteria';
import type { Fact, FactKind } from './facts';
import { DEV_XINJIANG_RULES, NATIONAL_RULES } from './rules';

const t = DEV_XINJIANG_RULES.crimeAmount; // ¥10,000 one worker; 10 workers ¥60,000
let n = 0;
const fact = (kind: FactKind, over: Partial<Fact> = {}): Fact => ({
  eventId: `e${++n}`,
  kind,
  at: new Date('2026-03-01T02:00:00Z'),
  caseId: 'c',
  amountFen: 0,
  workerCount: 0,
  detail: '',
  source: 'inspection',
  ...over,
});

describe('crime amount of 拒不支付劳动报酬罪 (Xinjiang dev figures)', () => {
  it('one worker owed ¥10,000 reaches it; ¥9,999.99 does not', () => {
    expect(crimeAmountReached(1_000_000, 1, t)).toBe(true);
    expect(crimeAmountReached(999_999, 1, t)).toBe(false);
  });
  it('10 workers owed ¥60,000 together reach it; 9 workers or ¥59,999.99 do not', () => {
    expect(crimeAmountReached(6_000_000, 10, t)).toBe(true);
    expect(crimeAmountReached(5_999_999, 10, t)).toBe(false);
    expect(crimeAmountReached(5_999_999, 9, t)).toBe(false);
  });
  it('several workers reach it when the average owed is the one-worker figure', () => {
    expect(crimeAmountReached(5_000_000, 5, t)).toBe(true);
    expect(crimeAmountReached(4_000_000, 5, t)).toBe(false);
  });
  it('is configured per province (national floor ¥5,000 / ¥30,000)', () => {
    expect(crimeAmountReached(500_000, 1, NATIONAL_RULES.crimeAmount)).toBe(true);
    expect(crimeAmountReached(500_000, 1, t)).toBe(false);
  });
});

describe('listing criteria', () => {
  const crime = fact('arrears_confirmed', { amountFen: 12_000_000, workerCount: 12 });
  const ignored = fact('order_ignored', { amountFen: 12_000_000, detail: '2026-02-20' });

  it('hold with arrears at the crime amount and an ignored order', () => {
    expect(listingCriteria([crime, ignored], t)).toMatchObject({ ok: true, missing: [] });
  });
  it('hold with a mass incident below the crime amount and an ignored order', () => {
    expect(
      listingCriteria(
        [fact('arrears_confirmed', { amountFen: 100_000, workerCount: 3, massIncident: true }), ignored],
        t,
      ).ok,
    ).toBe(true);
  });
  it('hold with a police referral and an ignored order', () => {
    expect(listingCriteria([fact('police_referral'), ignored], t).ok).toBe(true);
  });
  it('name the ignored order when only the amount holds', () => {
    const r = listingCriteria([crime], t);
    expect(r.ok).toBe(false);
    expect(r.missing.map((m) => m.criterion)).toEqual(['ignored_payment_order']);
  });
  it('name the crime amount when only the ignored order holds', () => {
    const r = listingCriteria(
      [fact('arrears_confirmed', { amountFen: 200_000, workerCount: 4 }), ignored],
      t,
    );
    expect(r.missing.map((m) => m.criterion)).toEqual(['crime_amount_or_mass_incident']);
    expect(r.missing[0]?.text).toContain('¥60,000.00');
  });
  it('name both with no facts on the case', () => {
    expect(listingCriteria([], t).missing.map((m) => m.criterion)).toEqual([
      'crime_amount_or_mass_incident',
      'ignored_payment_order',
    ]);
  });
});
