import { byTime, dateOf, type Fact } from './facts';
import type { CrimeAmount } from './rules';
import { yuanText } from './text';

/**
 * Listing criteria (人社部令第45号 art. 5; DOMAIN.md step 8): on the case proposed,
 *  (1) arrears at the crime amount of 拒不支付劳动报酬罪 (法释〔2013〕3号 art. 3: one worker owed at least the
 *      province's figure, or at least 10 workers owed together at least the province's figure), or arrears
 *      that caused a mass or extreme incident; AND
 *  (2) the employer ignored an order to pay (责令限期支付 passed its due date unmet).
 * Arrears are known per finding as a total and a head count: the one-worker figure is taken as met when the
 * average owed per worker reaches it (then at least one worker is owed that much). A police referral, which
 * inspection sends only at the crime amount, also proves (1).
 */
export type CriterionName = 'crime_amount_or_mass_incident' | 'ignored_payment_order';

export interface CriteriaResult {
  ok: boolean;
  held: string[];
  missing: Array<{ criterion: CriterionName; text: string }>;
}

export function crimeAmountReached(arrearsFen: number, workerCount: number, t: CrimeAmount): boolean {
  if (workerCount >= t.groupWorkers && arrearsFen >= t.groupFen) return true;
  return workerCount >= 1 && arrearsFen / workerCount >= t.individualFen;
}

export function listingCriteria(caseFacts: readonly Fact[], t: CrimeAmount): CriteriaResult {
  const facts = [...caseFacts].sort(byTime);
  const held: string[] = [];
  const crime = facts.find(
    (f) => f.kind === 'arrears_confirmed' && crimeAmountReached(f.amountFen, f.workerCount, t),
  );
  const referral = facts.find((f) => f.kind === 'police_referral' || f.kind === 'police_referral_accepted');
  const incident = facts.find((f) => f.kind === 'arrears_confirmed' && f.massIncident);
  if (crime)
    held.push(
      `${dateOf(crime.at)} 查实拖欠 ${crime.workerCount} 名农民工工资 ${yuanText(crime.amountFen)}，达到拒不支付劳动报酬罪数额标准`,
    );
  if (referral) held.push(`${dateOf(referral.at)} 涉嫌拒不支付劳动报酬罪移送公安机关`);
  if (incident) held.push(`${dateOf(incident.at)} 拖欠工资引发群体性或极端事件`);
  const ignored = facts.find((f) => f.kind === 'order_ignored');
  if (ignored)
    held.push(
      `经责令限期支付，逾期（${ignored.detail || dateOf(ignored.at)}）仍未支付 ${yuanText(ignored.amountFen)}`,
    );

  const missing: CriteriaResult['missing'] = [];
  if (!crime && !referral && !incident) {
    missing.push({
      criterion: 'crime_amount_or_mass_incident',
      text:
        `欠薪未达到拒不支付劳动报酬罪数额标准（单人 ${yuanText(t.individualFen)}，或 ${t.groupWorkers} 人以上合计 ` +
        `${yuanText(t.groupFen)}），也未引发群体性、极端事件`,
    });
  }
  if (!ignored)
    missing.push({ criterion: 'ignored_payment_order', text: '未查明用人单位经责令限期支付后逾期仍未支付' });
  return { ok: missing.length === 0, held, missing };
}

/** The facts found on the case, as the notice and the disclosure state them. */
export function factsStatement(caseFacts: readonly Fact[], held: readonly string[]): string {
  const arrears = [...caseFacts]
    .sort(byTime)
    .filter((f) => f.kind === 'arrears_confirmed')
    .pop();
  const head = arrears
    ? `经查，该单位拖欠 ${arrears.workerCount} 名农民工工资共计 ${yuanText(arrears.amountFen)}`
    : '经查';
  return [head, ...held.filter((h) => !h.includes('查实拖欠'))].join('；') + '。';
}
