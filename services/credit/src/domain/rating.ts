import { yuanText } from './text';
import { ARREARS_KINDS, type CreditRules } from './rules';
import { addYears, byTime, dateOf, fullYearsBetween, within, type Fact, type FactKind } from './facts';

/**
 * Integrity rating (诚信等级): A model, B compliant, C dishonest. The rule set, in order:
 *  C  listed on the blacklist (失信联合惩戒对象名单) today;
 *  C  a dishonest fact within the window (default 2 years): an order to pay ignored, a police referral
 *     accepted, an award or mediation agreement left unpaid, the wage deposit drawn to pay the workers;
 *  C  arrears that caused a mass or extreme incident within the window;
 *  C  arrears confirmed `repeatArrearsForC` (2) times or more within the window (repeat offender);
 *  B  any other fact on record within the window (arrears found and paid, a penalty, a referral, a deposit
 *     lodged or topped up late);
 *  B  a fact of either kind within `cleanYearsForA` (3) years: not yet clean long enough for A;
 *  A  otherwise.
 * Every rule that holds at the resulting level is given as a reason.
 */
export type Rating = 'A' | 'B' | 'C';

export interface RatingReason {
  rule: string;
  rating: Rating;
  text: string;
  factDate: string;
  caseId: string;
}

export interface Listing {
  proposalId: string;
  caseId: string;
  listedFrom: string;
  listedUntil: string;
  status: 'listed' | 'removed' | 'expired';
}

export interface RatingResult {
  rating: Rating;
  reasons: RatingReason[];
}

const KIND_TEXT: Record<FactKind, string> = {
  arrears_confirmed: '查实拖欠工资',
  order_ignored: '责令限期支付逾期未支付',
  penalty: '受到行政处罚',
  police_referral: '涉嫌拒不支付劳动报酬罪移送公安',
  police_referral_accepted: '公安机关立案侦查拒不支付劳动报酬罪',
  police_referral_rejected: '移送公安未予立案',
  payment: '支付拖欠工资',
  case_closed: '案件办结',
  award_unpaid: '仲裁裁决逾期未履行',
  agreement_unpaid: '调解协议逾期未履行',
  deposit_drawn: '动用工资保证金支付工资',
  top_up_overdue: '工资保证金未按期补足',
  deposit_overdue: '工资保证金未按期存储',
  project_registered: '登记工程项目',
};

export function factText(f: Fact): string {
  const amount =
    f.amountFen > 0 ? `（${yuanText(f.amountFen)}${f.workerCount > 0 ? `，${f.workerCount} 人` : ''}）` : '';
  return `${dateOf(f.at)} ${KIND_TEXT[f.kind]}${amount}`;
}

/** The listing in force on `asOf`, if any. */
export function listingInForce(listings: readonly Listing[], asOf: Date): Listing | undefined {
  const today = dateOf(asOf);
  return listings.find((l) => l.status === 'listed' && l.listedFrom <= today && today <= l.listedUntil);
}

export function rate(
  facts: readonly Fact[],
  listings: readonly Listing[],
  asOf: Date,
  rules: CreditRules,
): RatingResult {
  const r = rules.rating;
  const sorted = [...facts].sort(byTime);
  const recent = within(sorted, asOf, r.windowYears);
  const reason = (rule: string, rating: Rating, text: string, f?: Fact): RatingReason => ({
    rule,
    rating,
    text,
    factDate: f ? dateOf(f.at) : '',
    caseId: f?.caseId ?? '',
  });

  const c: RatingReason[] = [];
  const listed = listingInForce(listings, asOf);
  if (listed)
    c.push(
      reason('listed', 'C', `列入拖欠农民工工资失信联合惩戒对象名单（至 ${listed.listedUntil}）`, undefined),
    );
  for (const f of recent.filter((x) => r.dishonestKinds.includes(x.kind)))
    c.push(reason(f.kind, 'C', factText(f), f));
  for (const f of recent.filter((x) => x.kind === 'arrears_confirmed' && x.massIncident)) {
    c.push(reason('mass_incident', 'C', `${factText(f)}，引发群体性或极端事件`, f));
  }
  const arrears = recent.filter((x) => x.kind === 'arrears_confirmed');
  if (arrears.length >= r.repeatArrearsForC) {
    c.push(
      reason(
        'repeat_arrears',
        'C',
        `${r.windowYears} 年内 ${arrears.length} 次查实拖欠工资`,
        arrears[arrears.length - 1],
      ),
    );
  }
  if (c.length > 0) return { rating: 'C', reasons: c };

  const b: RatingReason[] = recent
    .filter((x) => r.recordKinds.includes(x.kind))
    .map((f) => reason(f.kind, 'B', factText(f), f));
  if (b.length > 0) return { rating: 'B', reasons: b };

  const adverse = [...r.dishonestKinds, ...r.recordKinds];
  const lastAdverse = within(sorted, asOf, r.cleanYearsForA)
    .filter((x) => adverse.includes(x.kind))
    .pop();
  if (lastAdverse) {
    return {
      rating: 'B',
      reasons: [
        reason(
          'not_clean_long_enough',
          'B',
          `${factText(lastAdverse)}，无不良记录未满 ${r.cleanYearsForA} 年`,
          lastAdverse,
        ),
      ],
    };
  }
  return { rating: 'A', reasons: [] };
}

export interface WageRecord {
  arrearsLastTwoYears: boolean;
  cleanYears: number;
  realNameCompliant: boolean;
  wageAccountCompliant: boolean;
}

/**
 * What the deposit rules need (DOMAIN.md five systems 4): arrears in the last 2 years; full years without
 * arrears up to today (since the last arrears, or since the enterprise is first known); no penalty for
 * missing real-name management or a missing dedicated wage account / deposit within the window.
 */
export function wageRecord(
  facts: readonly Fact[],
  firstSeenAt: Date,
  asOf: Date,
  rules: CreditRules,
): WageRecord {
  const sorted = [...facts].sort(byTime).filter((f) => new Date(f.at) <= asOf);
  const arrears = sorted.filter((f) => ARREARS_KINDS.includes(f.kind));
  const lastArrears = arrears[arrears.length - 1];
  const today = dateOf(asOf);
  const since = lastArrears ? dateOf(lastArrears.at) : dateOf(firstSeenAt);
  const recent = within(sorted, asOf, rules.rating.windowYears);
  const penalised = (codes: string[]) => recent.some((f) => f.kind === 'penalty' && codes.includes(f.detail));
  return {
    arrearsLastTwoYears: arrears.some((f) => dateOf(f.at) >= addYears(today, -2)),
    cleanYears: fullYearsBetween(since, today),
    realNameCompliant: !penalised(rules.realNameViolations),
    wageAccountCompliant: !penalised(rules.wageAccountViolations),
  };
}
