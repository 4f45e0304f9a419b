import type { WorkingDayCalendar } from '@wage/cn';
import { ruleViolation, type Decision, type DomainError, type EventDraft } from '@wage/domain';
import { mediation as pb } from '@wage/proto';
import type { CommandRecord } from '@wage/domain';
import {
  draft,
  entry,
  fen,
  yuan,
  type Acting,
  type Employer,
  type HistoryEntry,
  type Payment,
} from './common';
import { isPastDate, mediationDeadline } from './deadlines';
import type { MediationRules } from './rules';

/**
 * A grassroots mediation case (人民调解 / 劳动争议调解): open until an agreement is reached, mediation fails,
 * or the mediation period runs out; then agreed, failed or expired. Failure and expiry send the dispute to
 * arbitration; an agreement is followed until paid, and an unpaid one may go to court for a payment order.
 */
export type MediationStatus = 'open' | 'agreed' | 'failed' | 'expired';

export interface MediationSession {
  heldAt: Date;
  mediator: string;
  note: string;
}

export interface Agreement {
  agreedFen: number;
  payBy: string;
  agreedAt: Date;
  paidFen: number;
  payments: Payment[];
  unpaidPublishedAt?: Date;
}

export interface MediationCaseState {
  _id: string;
  caseId: string;
  caseNo: string;
  status: MediationStatus;
  regionCode: string;
  employer: Employer;
  claimFen: number;
  source: 'routed' | 'direct';
  mediator: string;
  openedAt: Date;
  dueAt: Date;
  dueProvisional: boolean;
  sessions: MediationSession[];
  agreement?: Agreement;
  /** Copied from the agreement for the statistics' period match. */
  agreedAt?: Date;
  failureReason?: string;
  endedAt?: Date;
  arbitrationCaseId?: string;
  /** False between the failure and the arbitration case's creation (repaired by the scheduler if a crash hits). */
  arbitrationOpened: boolean;
  paymentOrderId?: string;
  /** False between the payment-order application and the court request's creation. */
  paymentOrderOpened?: boolean;
  history: HistoryEntry[];
  commands: CommandRecord[];
}

const notOpen = (c: MediationCaseState) =>
  ruleViolation(`调解案件已${STATUS_TEXT[c.status]}，不能再办理此项 (mediation case is ${c.status})`);

export const STATUS_TEXT: Record<MediationStatus, string> = {
  open: '在调解中',
  agreed: '达成调解协议',
  failed: '调解不成并转仲裁',
  expired: '调解期满并转仲裁',
};

export function outstandingOfAgreement(c: Pick<MediationCaseState, 'agreement'>): number {
  return c.agreement ? Math.max(0, c.agreement.agreedFen - c.agreement.paidFen) : 0;
}

const employerOf = (c: MediationCaseState) => ({ name: c.employer.name, uscc: c.employer.uscc });

export function assignMediator(c: MediationCaseState, mediator: string, a: Acting): Decision | DomainError {
  if (c.status !== 'open') return notOpen(c);
  return {
    set: { mediator },
    append: { history: [entry(a.now, 'mediation', 'mediation.MediatorAssigned', `指派调解员 ${mediator}`)] },
    events: [
      draft(
        'mediation.MediatorAssigned.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.MediatorAssigned.fromPartial({
          mediationCaseId: c._id,
          caseId: c.caseId,
          mediator,
        }),
      ),
    ],
  };
}

export function recordSession(
  c: MediationCaseState,
  heldAt: Date,
  note: string,
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'open') return notOpen(c);
  return {
    append: {
      sessions: [{ heldAt, mediator: a.by, note }],
      history: [entry(heldAt, 'mediation', 'mediation.SessionHeld', `第 ${c.sessions.length + 1} 次调解`)],
    },
    events: [
      draft(
        'mediation.SessionHeld.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.SessionHeld.fromPartial({
          mediationCaseId: c._id,
          caseId: c.caseId,
          heldAt: heldAt.toISOString(),
          mediator: a.by,
        }),
      ),
    ],
  };
}

/** A mediation agreement with its payment date ends mediation. */
export function recordAgreement(
  c: MediationCaseState,
  input: { agreedFen: number; payBy: string },
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'open') return notOpen(c);
  const agreement: Agreement = {
    agreedFen: input.agreedFen,
    payBy: input.payBy,
    agreedAt: a.now,
    paidFen: 0,
    payments: [],
  };
  return {
    set: { status: 'agreed', agreement, agreedAt: a.now },
    append: {
      history: [
        entry(
          a.now,
          'mediation',
          'mediation.AgreementReached',
          `达成调解协议：${yuan(input.agreedFen)}，${input.payBy} 前支付`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.AgreementReached.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.AgreementReached.fromPartial({
          mediationCaseId: c._id,
          caseId: c.caseId,
          regionCode: c.regionCode,
          employer: employerOf(c),
          claimFen: fen(c.claimFen),
          agreedFen: fen(input.agreedFen),
          payBy: input.payBy,
        }),
      ),
    ],
  };
}

/**
 * No agreement: recorded by the mediator (failed) or found by the scheduler after the mediation period
 * (expired). Either way the dispute goes to arbitration, as the one arbitration case named here.
 */
export function endWithoutAgreement(
  c: MediationCaseState,
  input: { reason: string; expired: boolean; arbitrationCaseId: string },
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'open') return notOpen(c);
  if (input.expired && !(a.now.getTime() > c.dueAt.getTime())) {
    return ruleViolation('调解期限尚未届满 (the mediation period has not ended)');
  }
  const status: MediationStatus = input.expired ? 'expired' : 'failed';
  const summary = input.expired
    ? `调解期满未达成协议，转劳动争议仲裁`
    : `调解不成（${input.reason}），转劳动争议仲裁`;
  return {
    set: {
      status,
      failureReason: input.reason,
      endedAt: a.now,
      arbitrationCaseId: input.arbitrationCaseId,
      arbitrationOpened: false,
    },
    append: { history: [entry(a.now, 'mediation', 'mediation.MediationFailed', summary)] },
    events: [
      draft(
        'mediation.MediationFailed.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.MediationFailed.fromPartial({
          mediationCaseId: c._id,
          caseId: c.caseId,
          regionCode: c.regionCode,
          reason: input.reason,
          expired: input.expired,
          arbitrationCaseId: input.arbitrationCaseId,
        }),
      ),
    ],
  };
}

export function recordAgreementPayment(
  c: MediationCaseState,
  input: { paidFen: number; paidAt: Date },
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'agreed' || !c.agreement)
    return ruleViolation('没有可支付的调解协议 (no mediation agreement to pay)');
  const outstanding = outstandingOfAgreement(c);
  if (outstanding === 0) return ruleViolation('调解协议款项已全部支付 (the agreement is paid in full)');
  if (input.paidFen > outstanding) {
    return ruleViolation(
      `支付金额超过未付余额 ${yuan(outstanding)} (payment exceeds the outstanding amount)`,
      [{ field: 'paidFen', message: `不能超过 ${outstanding} 分` }],
    );
  }
  const totalPaid = c.agreement.paidFen + input.paidFen;
  const payment: Payment = {
    paidFen: input.paidFen,
    paidAt: input.paidAt,
    via: 'employer',
    recordedBy: a.by,
  };
  return {
    set: { agreement: { ...c.agreement, paidFen: totalPaid, payments: [...c.agreement.payments, payment] } },
    append: {
      history: [
        entry(
          a.now,
          'mediation',
          'mediation.PaymentRecorded',
          `用人单位按调解协议支付 ${yuan(input.paidFen)}，尚欠 ${yuan(outstanding - input.paidFen)}`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.PaymentRecorded.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.PaymentRecorded.fromPartial({
          caseId: c.caseId,
          regionCode: c.regionCode,
          subjectKind: 'agreement',
          subjectId: c._id,
          employer: employerOf(c),
          paidFen: fen(input.paidFen),
          totalPaidFen: fen(totalPaid),
          outstandingFen: fen(outstanding - input.paidFen),
          paidAt: input.paidAt.toISOString(),
          via: 'employer',
        }),
      ),
    ],
  };
}

/** An agreement still (partly) unpaid after its date: due for the unpaid event, once. */
export function isAgreementUnpaid(c: Pick<MediationCaseState, 'status' | 'agreement'>, now: Date): boolean {
  return (
    c.status === 'agreed' &&
    !!c.agreement &&
    !c.agreement.unpaidPublishedAt &&
    outstandingOfAgreement(c) > 0 &&
    isPastDate(c.agreement.payBy, now)
  );
}

export function markAgreementUnpaid(c: MediationCaseState, a: Acting): Decision | DomainError {
  if (!isAgreementUnpaid(c, a.now) || !c.agreement)
    return ruleViolation('调解协议未逾期未付 (agreement not unpaid past its date)');
  const outstanding = outstandingOfAgreement(c);
  return {
    set: { agreement: { ...c.agreement, unpaidPublishedAt: a.now } },
    append: {
      history: [
        entry(
          a.now,
          'mediation',
          'mediation.AgreementUnpaid',
          `调解协议逾期未履行：${c.agreement.payBy} 到期，尚欠 ${yuan(outstanding)}`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.AgreementUnpaid.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.AgreementUnpaid.fromPartial({
          mediationCaseId: c._id,
          caseId: c.caseId,
          regionCode: c.regionCode,
          employer: employerOf(c),
          amountFen: fen(outstanding),
          agreedFen: fen(c.agreement.agreedFen),
          payBy: c.agreement.payBy,
        }),
      ),
    ],
  };
}

/**
 * LDMAL art. 16: a wage agreement the employer does not honour by its date may go straight to court for a
 * payment order (支付令). One per agreement; the court request itself carries the event.
 */
export function linkPaymentOrder(
  c: MediationCaseState,
  paymentOrderId: string,
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'agreed' || !c.agreement)
    return ruleViolation('只有调解协议可以申请支付令 (a payment order needs a mediation agreement)');
  if (c.paymentOrderId)
    return ruleViolation('该调解协议已申请支付令 (a payment order was already applied for)');
  if (outstandingOfAgreement(c) === 0)
    return ruleViolation('调解协议款项已全部支付 (the agreement is paid in full)');
  if (!isPastDate(c.agreement.payBy, a.now)) {
    return ruleViolation(
      `调解协议约定 ${c.agreement.payBy} 前支付，期限未到不能申请支付令 (the agreement is not yet due)`,
    );
  }
  return { set: { paymentOrderId, paymentOrderOpened: false }, events: [] };
}

export interface NewMediation {
  id: string;
  caseId: string;
  caseNo: string;
  regionCode: string;
  employer: Employer;
  claimFen: number;
  source: 'routed' | 'direct';
  mediator: string;
  summary: string;
}

/** A new mediation case; the mediation period runs from the day it is opened. */
export function openMediation(
  input: NewMediation,
  now: Date,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): { state: Omit<MediationCaseState, 'commands'>; events: EventDraft[] } {
  const due = mediationDeadline(now, rules, calendar);
  const state: Omit<MediationCaseState, 'commands'> = {
    _id: input.id,
    caseId: input.caseId,
    caseNo: input.caseNo,
    status: 'open',
    regionCode: input.regionCode,
    employer: input.employer,
    claimFen: input.claimFen,
    source: input.source,
    mediator: input.mediator,
    openedAt: now,
    dueAt: due.dueAt,
    dueProvisional: due.provisional,
    sessions: [],
    arbitrationOpened: false,
    history: [
      entry(
        now,
        'mediation',
        'mediation.CaseOpened',
        `${input.summary}，请求 ${yuan(input.claimFen)}；${due.date} 前调解终结`,
      ),
    ],
  };
  return {
    state,
    events: [
      draft(
        'mediation.CaseOpened.v1',
        input.id,
        input.caseId,
        input.regionCode,
        pb.CaseOpened.fromPartial({
          mediationCaseId: input.id,
          caseId: input.caseId,
          caseNo: input.caseNo,
          regionCode: input.regionCode,
          employer: { name: input.employer.name, uscc: input.employer.uscc },
          claimFen: fen(input.claimFen),
          source: input.source,
          mediator: input.mediator,
          dueAt: due.dueAt.toISOString(),
          dueProvisional: due.provisional,
        }),
      ),
    ],
  };
}

/** Number of a mediation case opened directly (without an intake case): 652301-2026-M000042. */
export function formatMediationNo(countyCode: string, year: number, seq: number): string {
  return `${countyCode}-${year}-M${String(seq).padStart(6, '0')}`;
}
