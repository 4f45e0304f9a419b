import { addCalendarDays, shanghaiDate } from '@wage/cn';

/**
 * What the credit office knows of an enterprise: dated facts, each from one event of inspection, mediation
 * or finance. Ratings, the wage record and the listing criteria are computed from them, never accumulated,
 * so the same events give the same answers whatever order they arrive in.
 */
export type FactKind =
  | 'arrears_confirmed' // inspection found arrears
  | 'order_ignored' // an order to pay passed its due date unmet
  | 'penalty' // administrative penalty
  | 'police_referral' // transferred to the police as a suspected crime
  | 'police_referral_accepted'
  | 'police_referral_rejected'
  | 'payment' // the employer (or someone for it) paid
  | 'case_closed'
  | 'award_unpaid'
  | 'agreement_unpaid'
  | 'deposit_drawn' // the wage guarantee deposit had to pay the workers
  | 'top_up_overdue'
  | 'deposit_overdue'
  | 'project_registered';

export interface Fact {
  eventId: string;
  kind: FactKind;
  at: Date;
  caseId: string;
  /** Arrears, unpaid amount, penalty, payment or drawn amount, in fen. */
  amountFen: number;
  workerCount: number;
  /** What is still owed on this case after the fact, when the fact says so. */
  outstandingFen?: number;
  /** Arrears that caused a mass or extreme incident. */
  massIncident?: boolean;
  /** Penalty violation code, referral reason, outcome. */
  detail: string;
  /** `inspection` | `mediation` | `finance`: outstanding amounts are tracked per case and source. */
  source: string;
}

export const byTime = (a: Fact, b: Fact) =>
  new Date(a.at).getTime() - new Date(b.at).getTime() || a.eventId.localeCompare(b.eventId);

/** The date `years` years after `date` (29 Feb → 28 Feb). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return clampDate(y + years, m, d);
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  return clampDate(Math.floor(total / 12), (total % 12) + 1, d);
}

function clampDate(y: number, m: number, d: number): string {
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Full years from `from` to `to` (dates). */
export function fullYearsBetween(from: string, to: string): number {
  let n = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  if (addYears(from, n) > to) n -= 1;
  return Math.max(0, n);
}

export const dateOf = (d: Date) => shanghaiDate(new Date(d));

/** Facts on or after the day `years` years before `asOf`. */
export function within(facts: readonly Fact[], asOf: Date, years: number): Fact[] {
  const since = addYears(dateOf(asOf), -years);
  return facts.filter((f) => dateOf(f.at) >= since && new Date(f.at) <= asOf);
}

/**
 * What the enterprise still owes, by the latest fact that states an amount on each case and source: arrears
 * found, unpaid awards and agreements, payments and closures with their outstanding balance.
 */
export function outstandingFen(facts: readonly Fact[]): number {
  const last = new Map<string, number>();
  for (const f of [...facts].sort(byTime)) {
    const key = `${f.source}:${f.caseId}`;
    if (f.outstandingFen !== undefined && f.outstandingFen !== null) last.set(key, f.outstandingFen);
  }
  return [...last.values()].reduce((s, n) => s + n, 0);
}

export { addCalendarDays };
