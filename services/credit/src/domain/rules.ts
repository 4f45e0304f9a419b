// The numbers of credit discipline. Every one is configuration with a national default (DOMAIN.md step 8);
// a province overrides them through CREDIT_RULES. Sources: 《保障农民工工资支付条例》(国务院令第724号, the
// Regulation), 《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》(人社部令第45号, the Listing Measures),
// 最高人民法院 最高人民检察院《关于办理拒不支付劳动报酬刑事案件适用法律若干问题的解释》(法释〔2013〕3号, the
// Interpretation) for the crime amount.

import type { FactKind } from './facts';

export interface CrimeAmount {
  /** Interpretation art. 3(1): 3 months' pay of one worker, at least ¥5,000–20,000 (province figure). */
  individualFen: number;
  /** Interpretation art. 3(2): at least 10 workers owed in total ¥30,000–100,000 (province figure). */
  groupWorkers: number;
  groupFen: number;
}

export interface RatingRules {
  /** Facts older than this many years no longer make an enterprise B or C. */
  windowYears: number;
  /** A (model) needs this many years without any recorded fact against the enterprise. */
  cleanYearsForA: number;
  /** Facts that make an enterprise C (dishonest) while within the window. */
  dishonestKinds: FactKind[];
  /** Facts that make an enterprise B (compliant, with a record) while within the window. */
  recordKinds: FactKind[];
  /** This many confirmed arrears within the window make an enterprise C (a repeat offender). */
  repeatArrearsForC: number;
}

export interface CreditRules {
  crimeAmount: CrimeAmount;
  /** Listing Measures art. 9: the employer may state its case within the period of the prior notice. Working days. */
  answerWorkingDays: number;
  /** Listing Measures art. 11: a listing lasts 3 years. */
  listingYears: number;
  /** Listing Measures art. 12: early removal after at least 6 months without a new violation. */
  removalCleanMonths: number;
  rating: RatingRules;
  /** Penalty `violation` codes that mean real-name management / the dedicated wage account were missing. */
  realNameViolations: string[];
  wageAccountViolations: string[];
}

/** Kinds of fact that are wage arrears (for the deposit's wage record, DOMAIN.md five systems 4). */
export const ARREARS_KINDS: FactKind[] = [
  'arrears_confirmed',
  'order_ignored',
  'award_unpaid',
  'agreement_unpaid',
  'deposit_drawn',
  'police_referral',
  'police_referral_accepted',
];

export const NATIONAL_RULES: CreditRules = {
  // National floor of the Interpretation; provinces pick a figure in the range (see DEV_XINJIANG_RULES).
  crimeAmount: { individualFen: 500_000, groupWorkers: 10, groupFen: 3_000_000 },
  answerWorkingDays: 10,
  listingYears: 3,
  removalCleanMonths: 6,
  rating: {
    windowYears: 2,
    cleanYearsForA: 3,
    dishonestKinds: [
      'order_ignored',
      'police_referral_accepted',
      'award_unpaid',
      'agreement_unpaid',
      'deposit_drawn',
    ],
    recordKinds: ['arrears_confirmed', 'penalty', 'police_referral', 'top_up_overdue', 'deposit_overdue'],
    repeatArrearsForC: 2,
  },
  realNameViolations: ['no_real_name'],
  wageAccountViolations: ['no_dedicated_account', 'no_deposit'],
};

/** The dev configuration for Xinjiang (650000): ¥10,000 for one worker, ¥60,000 for 10 workers. */
export const DEV_XINJIANG_RULES: CreditRules = {
  ...NATIONAL_RULES,
  crimeAmount: { individualFen: 1_000_000, groupWorkers: 10, groupFen: 6_000_000 },
};
