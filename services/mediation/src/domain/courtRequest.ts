import { shanghaiDate, type WorkingDayCalendar } from '@wage/cn';
import { ruleViolation, type Decision, type DomainError, type EventDraft } from '@wage/domain';
import { mediation as pb } from '@wage/proto';
import type { ArbitrationCaseState } from './arbitrationCase';
import { outstandingOfAward } from './arbitrationCase';
import type { CommandRecord } from '@wage/domain';
import { draft, entry, fen, yuan, type Acting, type Employer, type HistoryEntry } from './common';
import { paymentOrderDueDate } from './deadlines';
import { outstandingOfAgreement, type MediationCaseState } from './mediationCase';
import type { MediationRules } from './rules';

/**
 * A matter before the court. Enforcement of an award: requested → accepted or rejected by the judge →
 * enforced (money recovered) or terminated (终结执行). A payment order (支付令) on an unpaid mediation agreement:
 * requested → issued (the employer pays or objects within 15 days) or rejected.
 */
export type CourtKind = 'enforcement' | 'payment_order';
export type CourtStatus = 'requested' | 'accepted' | 'issued' | 'rejected' | 'enforced' | 'terminated';

export interface CourtRequestState {
  _id: string;
  kind: CourtKind;
  caseId: string;
  caseNo: string;
  regionCode: string;
  sourceId: string;
  employer: Employer;
  amountFen: number;
  status: CourtStatus;
  requestedAt: Date;
  decisionReason?: string;
  decidedAt?: Date;
  dueDate?: string;
  recoveredFen: number;
  concludedAt?: Date;
  /** False until money recovered by enforcement is recorded as a payment of the award. */
  recoveryApplied?: boolean;
  history: HistoryEntry[];
  commands: CommandRecord[];
}

const employerOf = (c: { employer: Employer }) => ({ name: c.employer.name, uscc: c.employer.uscc });

type NewCourtRequest = { state: Omit<CourtRequestState, 'commands'>; events: EventDraft[] };

export function newEnforcement(arb: ArbitrationCaseState, id: string, now: Date): NewCourtRequest {
  const amountFen = outstandingOfAward(arb);
  return {
    state: {
      _id: id,
      kind: 'enforcement',
      caseId: arb.caseId,
      caseNo: arb.caseNo,
      regionCode: arb.regionCode,
      sourceId: arb._id,
      employer: arb.employer,
      amountFen,
      status: 'requested',
      requestedAt: now,
      recoveredFen: 0,
      history: [
        entry(
          now,
          'court',
          'mediation.EnforcementRequested',
          `申请人民法院强制执行仲裁裁决，执行标的 ${yuan(amountFen)}`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.EnforcementRequested.v1',
        id,
        arb.caseId,
        arb.regionCode,
        pb.EnforcementRequested.fromPartial({
          enforcementId: id,
          arbitrationCaseId: arb._id,
          caseId: arb.caseId,
          regionCode: arb.regionCode,
          employer: employerOf(arb),
          amountFen: fen(amountFen),
        }),
      ),
    ],
  };
}

export function newPaymentOrder(m: MediationCaseState, id: string, now: Date): NewCourtRequest {
  const amountFen = outstandingOfAgreement(m);
  return {
    state: {
      _id: id,
      kind: 'payment_order',
      caseId: m.caseId,
      caseNo: m.caseNo,
      regionCode: m.regionCode,
      sourceId: m._id,
      employer: m.employer,
      amountFen,
      status: 'requested',
      requestedAt: now,
      recoveredFen: 0,
      history: [
        entry(
          now,
          'court',
          'mediation.PaymentOrderRequested',
          `就未履行的调解协议申请支付令，金额 ${yuan(amountFen)}`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.PaymentOrderRequested.v1',
        id,
        m.caseId,
        m.regionCode,
        pb.PaymentOrderRequested.fromPartial({
          paymentOrderId: id,
          mediationCaseId: m._id,
          caseId: m.caseId,
          regionCode: m.regionCode,
          employer: employerOf(m),
          amountFen: fen(amountFen),
        }),
      ),
    ],
  };
}

const notKind = (kind: CourtKind) =>
  ruleViolation(
    kind === 'enforcement'
      ? '这不是强制执行申请 (not an enforcement request)'
      : '这不是支付令申请 (not a payment order)',
  );

export function decideEnforcement(
  c: CourtRequestState,
  input: { decision: 'accepted' | 'rejected'; reason: string },
  a: Acting,
): Decision | DomainError {
  if (c.kind !== 'enforcement') return notKind('enforcement');
  if (c.status !== 'requested') return ruleViolation('该执行申请已作出决定 (already decided)');
  const summary =
    input.decision === 'accepted' ? '人民法院受理强制执行申请' : `人民法院驳回强制执行申请：${input.reason}`;
  return {
    set: { status: input.decision, decisionReason: input.reason, decidedAt: a.now },
    append: { history: [entry(a.now, 'court', 'mediation.EnforcementDecided', summary)] },
    events: [
      draft(
        'mediation.EnforcementDecided.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.EnforcementDecided.fromPartial({
          enforcementId: c._id,
          caseId: c.caseId,
          decision: input.decision,
          reason: input.reason,
          employer: employerOf(c),
          amountFen: fen(c.amountFen),
        }),
      ),
    ],
  };
}

/** The enforcement's outcome; money recovered is then recorded as a payment of the award. */
export function concludeEnforcement(
  c: CourtRequestState,
  input: { outcome: 'enforced' | 'terminated'; recoveredFen: number },
  a: Acting,
): Decision | DomainError {
  if (c.kind !== 'enforcement') return notKind('enforcement');
  if (c.status !== 'accepted')
    return ruleViolation(
      '只有已受理的执行案件可以登记执行结果 (enforcement not accepted or already concluded)',
    );
  if (input.recoveredFen > c.amountFen) {
    return ruleViolation(`执行到位金额不能超过执行标的 ${yuan(c.amountFen)}`, [
      { field: 'recoveredFen', message: `不能超过 ${c.amountFen} 分` },
    ]);
  }
  if (input.outcome === 'enforced' && input.recoveredFen === 0) {
    return ruleViolation('执行完毕须登记执行到位金额 (an enforced outcome needs the amount recovered)', [
      { field: 'recoveredFen', message: '必须大于 0' },
    ]);
  }
  const summary =
    input.outcome === 'enforced'
      ? `强制执行完毕，执行到位 ${yuan(input.recoveredFen)}`
      : `终结执行，执行到位 ${yuan(input.recoveredFen)}`;
  return {
    set: {
      status: input.outcome,
      recoveredFen: input.recoveredFen,
      concludedAt: a.now,
      recoveryApplied: input.recoveredFen === 0,
    },
    append: { history: [entry(a.now, 'court', 'mediation.EnforcementConcluded', summary)] },
    events: [
      draft(
        'mediation.EnforcementConcluded.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.EnforcementConcluded.fromPartial({
          enforcementId: c._id,
          caseId: c.caseId,
          outcome: input.outcome,
          recoveredFen: fen(input.recoveredFen),
          employer: employerOf(c),
        }),
      ),
    ],
  };
}

export function decidePaymentOrder(
  c: CourtRequestState,
  input: { decision: 'issued' | 'rejected'; reason: string },
  a: Acting,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): Decision | DomainError {
  if (c.kind !== 'payment_order') return notKind('payment_order');
  if (c.status !== 'requested') return ruleViolation('该支付令申请已作出决定 (already decided)');
  const dueDate =
    input.decision === 'issued' ? paymentOrderDueDate(shanghaiDate(a.now), rules, calendar) : '';
  const summary =
    input.decision === 'issued'
      ? `人民法院发出支付令：${yuan(c.amountFen)}，用人单位应于 ${dueDate} 前清偿或提出异议`
      : `人民法院驳回支付令申请：${input.reason}`;
  return {
    set: {
      status: input.decision,
      decisionReason: input.reason,
      decidedAt: a.now,
      ...(dueDate ? { dueDate } : {}),
    },
    append: { history: [entry(a.now, 'court', 'mediation.PaymentOrderDecided', summary)] },
    events: [
      draft(
        'mediation.PaymentOrderDecided.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.PaymentOrderDecided.fromPartial({
          paymentOrderId: c._id,
          caseId: c.caseId,
          decision: input.decision,
          reason: input.reason,
          dueDate,
          employer: employerOf(c),
          amountFen: fen(c.amountFen),
        }),
      ),
    ],
  };
}
