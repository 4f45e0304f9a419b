import { addCalendarDays, endOfShanghaiDay, shanghaiDate, type WorkingDayCalendar } from '@wage/cn';
import type { MediationRules } from './rules';

/** A deadline: the last Shanghai calendar day, the instant it ends, and whether a provisional year was used. */
export interface Deadline {
  date: string;
  dueAt: Date;
  provisional: boolean;
}

/**
 * `days` calendar days after `start` (the start day is not counted); a period ending on a day off (weekend
 * or holiday per the official calendar) ends on the next working day.
 */
export function calendarDayDeadline(start: string, days: number, calendar: WorkingDayCalendar): Deadline {
  const r = calendar.addWorkingDays(addCalendarDays(start, days), 0);
  return { date: r.date, dueAt: endOfShanghaiDay(r.date), provisional: r.provisional };
}

/** The `n`-th working day after `start`. */
export function workingDayDeadline(start: string, n: number, calendar: WorkingDayCalendar): Deadline {
  const r = calendar.addWorkingDays(start, n);
  return { date: r.date, dueAt: endOfShanghaiDay(r.date), provisional: r.provisional };
}

/** End of the mediation period, counted from the day the case was opened (the application received). */
export function mediationDeadline(
  openedAt: Date,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): Deadline {
  return calendarDayDeadline(shanghaiDate(openedAt), rules.mediationDays, calendar);
}

/** The commission's acceptance decision is due 5 working days after the application. */
export function acceptanceDeadline(
  appliedAt: Date,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): Deadline {
  return workingDayDeadline(shanghaiDate(appliedAt), rules.acceptanceWorkingDays, calendar);
}

/** The award is due 45 calendar days after acceptance, 60 once extended (the total period, then rolled). */
export function decisionDeadline(
  acceptedAt: Date,
  extended: boolean,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): Deadline {
  const days = rules.decisionDays + (extended ? rules.extensionDays : 0);
  return calendarDayDeadline(shanghaiDate(acceptedAt), days, calendar);
}

/**
 * When an award takes effect: a final award (一裁终局) the day it is made; any other award once the 15 days to
 * sue have passed. The award is taken as served the day it is made (service is not tracked).
 */
export function awardEffectiveDate(
  awardedOn: string,
  final: boolean,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): string {
  return final ? awardedOn : calendarDayDeadline(awardedOn, rules.awardChallengeDays, calendar).date;
}

/** The date by which an award must be paid when it names none: the configured days after it takes effect. */
export function awardPayBy(
  effectiveDate: string,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): string {
  return calendarDayDeadline(effectiveDate, rules.awardPaymentDays, calendar).date;
}

/** The employer pays or objects to a payment order (支付令) within 15 days of receiving it. */
export function paymentOrderDueDate(
  issuedOn: string,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): string {
  return calendarDayDeadline(issuedOn, rules.paymentOrderResponseDays, calendar).date;
}

/** True once the whole Shanghai day `date` has passed at `now`. */
export function isPastDate(date: string, now: Date): boolean {
  return now.getTime() > endOfShanghaiDay(date).getTime();
}
