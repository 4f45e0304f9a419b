import { shanghaiDate, type MinimumWage, type WorkingDayCalendar } from '@wage/cn';
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
import {
  acceptanceDeadline,
  awardEffectiveDate,
  awardPayBy,
  decisionDeadline,
  isPastDate,
} from './deadlines';
import { awardFinality } from './finality';
import type { MediationCaseState } from './mediationCase';
import type { MediationRules } from './rules';

/**
 * A labour arbitration case (劳动争议仲裁): applied → accepted or rejected (within 5 working days) → hearing →
 * awarded (within 45 days of acceptance, 60 when extended). Wages may be ordered paid before the award
 * (先予执行). An award is followed until paid; an unpaid one goes to court for enforcement.
 */
export type ArbitrationStatus = 'applied' | 'accepted' | 'rejected' | 'hearing' | 'awarded';

export interface Hearing {
  hearingAt: Date;
  place: string;
}

export interface InterimOrder {
  id: string;
  amountFen: number;
  reason: string;
  orderedAt: Date;
}

export interface Award {
  awardFen: number;
  final: boolean;
  thresholdFen: number;
  minimumWageFen: number;
  awardedAt: Date;
  effectiveDate: string;
  payBy: string;
  paidFen: number;
  payments: Payment[];
  unpaidPublishedAt?: Date;
}

export interface ArbitrationCaseState {
  _id: string;
  caseId: string;
  caseNo: string;
  mediationCaseId: string;
  status: ArbitrationStatus;
  regionCode: string;
  employer: Employer;
  claimFen: number;
  appliedAt: Date;
  acceptanceDueAt: Date;
  acceptedAt?: Date;
  decisionDueAt?: Date;
  extended: boolean;
  rejectionReason?: string;
  hearings: Hearing[];
  interimOrders: InterimOrder[];
  award?: Award;
  awardedAt?: Date;
  enforcementId?: string;
  /** False between the enforcement application and the court request's creation. */
  enforcementOpened?: boolean;
  /** Overdue steps already published, as `<step>@<due ISO>` (once per step and deadline). */
  overdue: string[];
  history: HistoryEntry[];
  commands: CommandRecord[];
}

export const STATUS_TEXT: Record<ArbitrationStatus, string> = {
  applied: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  hearing: '已排期开庭',
  awarded: '已裁决',
};

const employerOf = (c: { employer: Employer }) => ({ name: c.employer.name, uscc: c.employer.uscc });
const refused = (c: ArbitrationCaseState, what: string) =>
  ruleViolation(`仲裁案件${STATUS_TEXT[c.status]}，不能${what} (arbitration case is ${c.status})`);

export function outstandingOfAward(c: Pick<ArbitrationCaseState, 'award'>): number {
  return c.award ? Math.max(0, c.award.awardFen - c.award.paidFen) : 0;
}

/** The arbitration case a mediation without agreement opens: the application is received now. */
export function openArbitration(
  m: MediationCaseState,
  id: string,
  now: Date,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): { state: Omit<ArbitrationCaseState, 'commands'>; events: EventDraft[] } {
  const due = acceptanceDeadline(now, rules, calendar);
  const state: Omit<ArbitrationCaseState, 'commands'> = {
    _id: id,
    caseId: m.caseId,
    caseNo: m.caseNo,
    mediationCaseId: m._id,
    status: 'applied',
    regionCode: m.regionCode,
    employer: m.employer,
    claimFen: m.claimFen,
    appliedAt: now,
    acceptanceDueAt: due.dueAt,
    extended: false,
    hearings: [],
    interimOrders: [],
    overdue: [],
    history: [
      entry(
        now,
        'arbitration',
        'mediation.ArbitrationOpened',
        `申请劳动争议仲裁，请求 ${yuan(m.claimFen)}；${due.date} 前决定是否受理`,
      ),
    ],
  };
  return {
    state,
    events: [
      draft(
        'mediation.ArbitrationOpened.v1',
        id,
        m.caseId,
        m.regionCode,
        pb.ArbitrationOpened.fromPartial({
          arbitrationCaseId: id,
          mediationCaseId: m._id,
          caseId: m.caseId,
          caseNo: m.caseNo,
          regionCode: m.regionCode,
          employer: employerOf(m),
          claimFen: fen(m.claimFen),
          acceptanceDueAt: due.dueAt.toISOString(),
        }),
      ),
    ],
  };
}

export function decideAcceptance(
  c: ArbitrationCaseState,
  input: { decision: 'accepted' | 'rejected'; reason: string },
  a: Acting,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): Decision | DomainError {
  if (c.status !== 'applied') return refused(c, '再作受理决定');
  if (input.decision === 'rejected') {
    return {
      set: { status: 'rejected', rejectionReason: input.reason },
      append: {
        history: [entry(a.now, 'arbitration', 'mediation.ArbitrationRejected', `不予受理：${input.reason}`)],
      },
      events: [
        draft(
          'mediation.ArbitrationRejected.v1',
          c._id,
          c.caseId,
          c.regionCode,
          pb.ArbitrationRejected.fromPartial({
            arbitrationCaseId: c._id,
            caseId: c.caseId,
            reason: input.reason,
          }),
        ),
      ],
    };
  }
  const due = decisionDeadline(a.now, false, rules, calendar);
  return {
    set: { status: 'accepted', acceptedAt: a.now, decisionDueAt: due.dueAt },
    append: {
      history: [
        entry(a.now, 'arbitration', 'mediation.ArbitrationAccepted', `仲裁委受理，${due.date} 前结案`),
      ],
    },
    events: [
      draft(
        'mediation.ArbitrationAccepted.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.ArbitrationAccepted.fromPartial({
          arbitrationCaseId: c._id,
          caseId: c.caseId,
          acceptedAt: a.now.toISOString(),
          decisionDueAt: due.dueAt.toISOString(),
        }),
      ),
    ],
  };
}

export function scheduleHearing(c: ArbitrationCaseState, input: Hearing, a: Acting): Decision | DomainError {
  if (c.status !== 'accepted' && c.status !== 'hearing') return refused(c, '排期开庭');
  return {
    set: { status: 'hearing' },
    append: {
      hearings: [input],
      history: [
        entry(
          a.now,
          'arbitration',
          'mediation.HearingScheduled',
          `排期开庭：${shanghaiDate(input.hearingAt)}，${input.place}`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.HearingScheduled.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.HearingScheduled.fromPartial({
          arbitrationCaseId: c._id,
          caseId: c.caseId,
          hearingAt: input.hearingAt.toISOString(),
          place: input.place,
        }),
      ),
    ],
  };
}

/** One extension of the decision period, approved by the commission's director. */
export function extendDecision(
  c: ArbitrationCaseState,
  reason: string,
  a: Acting,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): Decision | DomainError {
  if (c.status !== 'accepted' && c.status !== 'hearing') return refused(c, '延期');
  if (c.extended || !c.acceptedAt)
    return ruleViolation('审理期限只能延长一次 (the decision period can be extended once)');
  const due = decisionDeadline(c.acceptedAt, true, rules, calendar);
  return {
    set: { extended: true, decisionDueAt: due.dueAt },
    append: {
      history: [
        entry(
          a.now,
          'arbitration',
          'mediation.ArbitrationExtended',
          `经仲裁委主任批准延期（${reason}），${due.date} 前结案`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.ArbitrationExtended.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.ArbitrationExtended.fromPartial({
          arbitrationCaseId: c._id,
          caseId: c.caseId,
          reason,
          decisionDueAt: due.dueAt.toISOString(),
        }),
      ),
    ],
  };
}

/**
 * 先予执行 (LDMAL art. 44): wages ordered paid before the award, transferred to the court for enforcement. All
 * interim orders together stay within the claim.
 */
export function orderInterimPayment(
  c: ArbitrationCaseState,
  input: { id: string; amountFen: number; reason: string },
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'accepted' && c.status !== 'hearing') return refused(c, '裁决先予执行');
  const ordered = c.interimOrders.reduce((s, o) => s + o.amountFen, 0);
  if (ordered + input.amountFen > c.claimFen) {
    return ruleViolation(
      `先予执行金额合计不能超过仲裁请求 ${yuan(c.claimFen)} (interim orders exceed the claim)`,
      [{ field: 'amountFen', message: `不能超过 ${c.claimFen - ordered} 分` }],
    );
  }
  const order: InterimOrder = {
    id: input.id,
    amountFen: input.amountFen,
    reason: input.reason,
    orderedAt: a.now,
  };
  return {
    append: {
      interimOrders: [order],
      history: [
        entry(
          a.now,
          'arbitration',
          'mediation.InterimPaymentOrdered',
          `裁决先予执行劳动报酬 ${yuan(input.amountFen)}，移送人民法院执行`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.InterimPaymentOrdered.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.InterimPaymentOrdered.fromPartial({
          arbitrationCaseId: c._id,
          caseId: c.caseId,
          orderId: input.id,
          employer: employerOf(c),
          amountFen: fen(input.amountFen),
          regionCode: c.regionCode,
        }),
      ),
    ],
  };
}

/**
 * The award. 一裁终局 is decided on the claim against 12 × the monthly minimum wage in force where the case is,
 * on the day of the award; the award cannot exceed the claim (不告不理).
 */
export function issueAward(
  c: ArbitrationCaseState,
  input: { awardFen: number; payBy?: string; awardedAt: Date; minimumWage: MinimumWage | undefined },
  a: Acting,
  rules: MediationRules,
  calendar: WorkingDayCalendar,
): Decision | DomainError {
  if (c.status !== 'hearing') return refused(c, '作出裁决（须先受理并开庭）');
  if (input.awardFen > c.claimFen) {
    return ruleViolation(`裁决金额不能超过仲裁请求 ${yuan(c.claimFen)} (award exceeds the claim)`, [
      { field: 'awardFen', message: `不能超过 ${c.claimFen} 分` },
    ]);
  }
  if (!input.minimumWage) {
    return ruleViolation(
      `未配置 ${c.regionCode} 所在地区的月最低工资标准，无法判断是否一裁终局 (no minimum wage configured for the region)`,
    );
  }
  const f = awardFinality(c.claimFen, input.minimumWage, rules.finalAwardMonths);
  const awardedOn = shanghaiDate(input.awardedAt);
  const effectiveDate = awardEffectiveDate(awardedOn, f.final, rules, calendar);
  const payBy = input.payBy ?? awardPayBy(effectiveDate, rules, calendar);
  const award: Award = {
    awardFen: input.awardFen,
    final: f.final,
    thresholdFen: f.thresholdFen,
    minimumWageFen: input.minimumWage.monthlyFen,
    awardedAt: input.awardedAt,
    effectiveDate,
    payBy,
    paidFen: 0,
    payments: [],
  };
  const finality = f.final ? '终局裁决（一裁终局）' : '非终局裁决';
  return {
    set: { status: 'awarded', award, awardedAt: input.awardedAt },
    append: {
      history: [
        entry(
          input.awardedAt,
          'arbitration',
          'mediation.AwardIssued',
          `作出仲裁裁决：支付 ${yuan(input.awardFen)}，${finality}，${payBy} 前履行`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.AwardIssued.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.AwardIssued.fromPartial({
          arbitrationCaseId: c._id,
          caseId: c.caseId,
          regionCode: c.regionCode,
          employer: employerOf(c),
          claimFen: fen(c.claimFen),
          awardFen: fen(input.awardFen),
          final: f.final,
          thresholdFen: fen(f.thresholdFen),
          effectiveDate,
          payBy,
        }),
      ),
    ],
  };
}

/** A payment of the award, by the employer or recovered through enforcement. */
export function recordAwardPayment(
  c: ArbitrationCaseState,
  input: { paidFen: number; paidAt: Date; via: Payment['via'] },
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'awarded' || !c.award) return refused(c, '登记裁决履行');
  const outstanding = outstandingOfAward(c);
  if (outstanding === 0) return ruleViolation('裁决款项已全部支付 (the award is paid in full)');
  if (input.paidFen > outstanding) {
    return ruleViolation(
      `支付金额超过未付余额 ${yuan(outstanding)} (payment exceeds the outstanding amount)`,
      [{ field: 'paidFen', message: `不能超过 ${outstanding} 分` }],
    );
  }
  const payment: Payment = { paidFen: input.paidFen, paidAt: input.paidAt, via: input.via, recordedBy: a.by };
  const how = input.via === 'enforcement' ? '经法院强制执行到位' : '用人单位履行裁决';
  return {
    set: {
      award: {
        ...c.award,
        paidFen: c.award.paidFen + input.paidFen,
        payments: [...c.award.payments, payment],
      },
    },
    append: {
      history: [
        entry(
          a.now,
          input.via === 'enforcement' ? 'court' : 'arbitration',
          'mediation.PaymentRecorded',
          `${how} ${yuan(input.paidFen)}，尚欠 ${yuan(outstanding - input.paidFen)}`,
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
          subjectKind: 'award',
          subjectId: c._id,
          employer: employerOf(c),
          paidFen: fen(input.paidFen),
          totalPaidFen: fen(c.award.paidFen + input.paidFen),
          outstandingFen: fen(outstanding - input.paidFen),
          paidAt: input.paidAt.toISOString(),
          via: input.via,
        }),
      ),
    ],
  };
}

/** An award still (partly) unpaid after its date: due for the unpaid event, once. */
export function isAwardUnpaid(c: Pick<ArbitrationCaseState, 'status' | 'award'>, now: Date): boolean {
  return (
    c.status === 'awarded' &&
    !!c.award &&
    !c.award.unpaidPublishedAt &&
    outstandingOfAward(c) > 0 &&
    isPastDate(c.award.payBy, now)
  );
}

export function markAwardUnpaid(c: ArbitrationCaseState, a: Acting): Decision | DomainError {
  if (!isAwardUnpaid(c, a.now) || !c.award)
    return ruleViolation('裁决未逾期未付 (award not unpaid past its date)');
  const outstanding = outstandingOfAward(c);
  return {
    set: { award: { ...c.award, unpaidPublishedAt: a.now } },
    append: {
      history: [
        entry(
          a.now,
          'arbitration',
          'mediation.AwardUnpaid',
          `仲裁裁决逾期未履行：${c.award.payBy} 到期，尚欠 ${yuan(outstanding)}`,
        ),
      ],
    },
    events: [
      draft(
        'mediation.AwardUnpaid.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.AwardUnpaid.fromPartial({
          arbitrationCaseId: c._id,
          caseId: c.caseId,
          regionCode: c.regionCode,
          employer: employerOf(c),
          amountFen: fen(outstanding),
          awardFen: fen(c.award.awardFen),
          final: c.award.final,
          payBy: c.award.payBy,
        }),
      ),
    ],
  };
}

/** Awards are enforced by the courts: one enforcement request per award, once it is unpaid past its date. */
export function linkEnforcement(
  c: ArbitrationCaseState,
  enforcementId: string,
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'awarded' || !c.award) return refused(c, '申请强制执行（须先作出裁决）');
  if (c.enforcementId) return ruleViolation('该裁决已申请强制执行 (enforcement was already requested)');
  if (outstandingOfAward(c) === 0) return ruleViolation('裁决款项已全部支付 (the award is paid in full)');
  if (!isPastDate(c.award.payBy, a.now)) {
    return ruleViolation(`裁决履行期限 ${c.award.payBy} 未届满，不能申请强制执行 (the award is not yet due)`);
  }
  return { set: { enforcementId, enforcementOpened: false }, events: [] };
}

/** Steps of an arbitration case that can pass their deadline. */
export type OverdueStep = 'arbitration.acceptance' | 'arbitration.decision';

/** The overdue step of a case at `now` that was not yet published, if any. */
export function overdueStep(
  c: ArbitrationCaseState,
  now: Date,
): { step: OverdueStep; dueAt: Date; flag: string } | undefined {
  const check = (step: OverdueStep, dueAt: Date | undefined) => {
    if (!dueAt || now.getTime() <= dueAt.getTime()) return undefined;
    const flag = `${step}@${dueAt.toISOString()}`;
    return c.overdue.includes(flag) ? undefined : { step, dueAt, flag };
  };
  if (c.status === 'applied') return check('arbitration.acceptance', c.acceptanceDueAt);
  if (c.status === 'accepted' || c.status === 'hearing')
    return check('arbitration.decision', c.decisionDueAt);
  return undefined;
}

export function markOverdue(c: ArbitrationCaseState, a: Acting): Decision | DomainError {
  const o = overdueStep(c, a.now);
  if (!o) return ruleViolation('没有逾期的步骤 (no overdue step)');
  const text = o.step === 'arbitration.acceptance' ? '仲裁申请逾期未作受理决定' : '仲裁案件逾期未结案';
  return {
    append: {
      overdue: [o.flag],
      history: [
        entry(a.now, 'arbitration', 'mediation.StepOverdue', `${text}（期限 ${shanghaiDate(o.dueAt)}）`),
      ],
    },
    events: [
      draft(
        'mediation.StepOverdue.v1',
        c._id,
        c.caseId,
        c.regionCode,
        pb.StepOverdue.fromPartial({
          caseId: c.caseId,
          regionCode: c.regionCode,
          subjectId: c._id,
          step: o.step,
          dueAt: o.dueAt.toISOString(),
        }),
      ),
    ],
  };
}
