// The numbers of mediation, arbitration and the court steps. Every one is configuration with a national
// default (DOMAIN.md); a province overrides them through MEDIATION_RULES. Sources: 劳动争议调解仲裁法 (LDMAL),
// 劳动人事争议仲裁办案规则 (2017, the arbitration rules), 民事诉讼法 (CPL).
//
// Calendar or working days: the law writes “日”. The arbitration rules say in their closing provisions that
// their “三日”“五日”“十日” are working days and their “十五日”“四十五日” natural (calendar) days. Every period
// starts the day after the event, and a period whose last day is a day off ends on the next working day
// (CPL on periods, applied to arbitration by the rules). So: mediation 15 calendar days, arbitration
// acceptance 5 working days, decision 45 (+15) calendar days, all with the official holiday calendar.

export interface MediationRules {
  /** LDMAL art. 14: no agreement within 15 days of the mediation application → arbitration. Calendar days. */
  mediationDays: number;
  /** LDMAL art. 29: the commission accepts or rejects within 5 days of the application. Working days. */
  acceptanceWorkingDays: number;
  /** LDMAL art. 43: the award within 45 days of acceptance. Calendar days. */
  decisionDays: number;
  /** LDMAL art. 43: one extension of at most 15 days, approved by the commission's director. Calendar days. */
  extensionDays: number;
  /** LDMAL art. 47: claims within 12 months of the local monthly minimum wage are final for the employer. */
  finalAwardMonths: number;
  /** LDMAL art. 50: a non-final award takes effect when no party sues within 15 days of receiving it. */
  awardChallengeDays: number;
  /** Awards order payment “within 10 days of the award taking effect” unless they name a date. */
  awardPaymentDays: number;
  /** CPL 督促程序: the debtor pays or objects within 15 days of receiving the payment order. */
  paymentOrderResponseDays: number;
}

export const NATIONAL_RULES: MediationRules = {
  mediationDays: 15,
  acceptanceWorkingDays: 5,
  decisionDays: 45,
  extensionDays: 15,
  finalAwardMonths: 12,
  awardChallengeDays: 15,
  awardPaymentDays: 10,
  paymentOrderResponseDays: 15,
};
