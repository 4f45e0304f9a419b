import { endOfShanghaiDay, shanghaiDate, type WorkingDayCalendar } from '@wage/cn';
import {
  invalidArgument,
  ruleViolation,
  type CommandRecord,
  type Decision,
  type DomainError,
  type EventDraft,
} from '@wage/domain';
import { credit as pb, type EventPayload, type EventType } from '@wage/proto';
import { addMonths, addYears, addCalendarDays, dateOf, type Fact } from './facts';
import { outstandingFen } from './facts';
import type { CreditRules } from './rules';
import { yuanText } from './text';

/**
 * The blacklist procedure (人社部令第45号): a proposal is made only when the criteria hold and the employer is
 * notified at once with its answer period (notified); the employer answers or waives (answered | waived), or
 * the period runs out; then the office decides: listed for 3 years with its legal representative and
 * responsible persons, or dropped. A listing ends early on removal (paid in full, 6 months without a new
 * violation, a written integrity pledge) or expires after its 3 years.
 */
export type ListingStatus = 'notified' | 'answered' | 'waived' | 'listed' | 'dropped' | 'removed' | 'expired';

export interface Step {
  at: Date;
  type: string;
  summary: string;
}

export interface ListingProposalState {
  _id: string;
  uscc: string;
  enterpriseName: string;
  legalRepresentative: string;
  responsiblePersons: string[];
  caseId: string;
  regionCode: string;
  reason: string;
  facts: string;
  criteria: string[];
  status: ListingStatus;
  proposedAt: Date;
  answerDueDate: string;
  answerDueAt: Date;
  answerDueProvisional: boolean;
  answer?: { statement: string; waived: boolean; at: Date };
  decision?: 'list' | 'drop';
  decidedAt?: Date;
  listedFrom?: string;
  listedUntil?: string;
  /** End of the listing's last day, for the expiry scan. */
  listedUntilAt?: Date;
  /** When the listing took effect (the decision); the clean period for early removal counts from it. */
  listedAt?: Date;
  endReason?: string;
  endedAt?: Date;
  /** The written integrity pledge (信用承诺书) received with an early removal. */
  pledgeReference?: string;
  /** False between a change of the listing and its application to the enterprise's profile. */
  profileSynced: boolean;
  steps: Step[];
  commands: CommandRecord[];
}

export interface Acting {
  by: string;
  now: Date;
}

const OPEN: ListingStatus[] = ['notified', 'answered', 'waived'];

export const STATUS_TEXT: Record<ListingStatus, string> = {
  notified: '已告知，待陈述申辩',
  answered: '已陈述申辩',
  waived: '已放弃陈述申辩',
  listed: '已列入失信联合惩戒名单',
  dropped: '决定不予列入',
  removed: '已提前移出名单',
  expired: '名单期满移出',
};

function draft<K extends EventType>(
  type: K,
  c: { _id: string; caseId: string; regionCode: string },
  payload: EventPayload<K>,
): EventDraft {
  return { type, subject: c._id, caseId: c.caseId, region: c.regionCode, payload } as EventDraft;
}

const step = (at: Date, type: string, summary: string): Step => ({ at, type, summary });

export interface ProposalInput {
  id: string;
  uscc: string;
  enterpriseName: string;
  legalRepresentative: string;
  responsiblePersons: string[];
  caseId: string;
  regionCode: string;
  reason: string;
  facts: string;
  criteria: string[];
}

/** The answer period: `answerWorkingDays` working days after the notice (the notice day not counted). */
export function answerDeadline(notifiedAt: Date, rules: CreditRules, calendar: WorkingDayCalendar) {
  const r = calendar.addWorkingDays(shanghaiDate(notifiedAt), rules.answerWorkingDays);
  return { date: r.date, dueAt: endOfShanghaiDay(r.date), provisional: r.provisional };
}

/** A proposal whose criteria held: proposed and notified in one step (the notice is served with it). */
export function propose(
  input: ProposalInput,
  a: Acting,
  rules: CreditRules,
  calendar: WorkingDayCalendar,
): { state: ListingProposalState; events: EventDraft[] } {
  const due = answerDeadline(a.now, rules, calendar);
  const state: ListingProposalState = {
    _id: input.id,
    uscc: input.uscc,
    enterpriseName: input.enterpriseName,
    legalRepresentative: input.legalRepresentative,
    responsiblePersons: input.responsiblePersons,
    caseId: input.caseId,
    regionCode: input.regionCode,
    reason: input.reason,
    facts: input.facts,
    criteria: input.criteria,
    status: 'notified',
    proposedAt: a.now,
    answerDueDate: due.date,
    answerDueAt: due.dueAt,
    answerDueProvisional: due.provisional,
    profileSynced: true,
    steps: [
      step(a.now, 'credit.ListingProposed', `提出列入失信联合惩戒名单：${input.reason}`),
      step(
        a.now,
        'credit.EmployerNotified',
        `书面告知 ${input.enterpriseName} 拟列入名单，陈述申辩期至 ${due.date}`,
      ),
    ],
    commands: [],
  };
  const events = [
    draft(
      'credit.ListingProposed.v1',
      state,
      pb.ListingProposed.fromPartial({
        proposalId: state._id,
        uscc: state.uscc,
        name: state.enterpriseName,
        caseId: state.caseId,
        regionCode: state.regionCode,
        reason: state.reason,
        criteria: state.criteria,
      }),
    ),
    draft(
      'credit.EmployerNotified.v1',
      state,
      pb.EmployerNotified.fromPartial({
        proposalId: state._id,
        uscc: state.uscc,
        caseId: state.caseId,
        answerDueDate: due.date,
        provisional: due.provisional,
      }),
    ),
  ];
  return { state, events };
}

const notOpen = (c: ListingProposalState) =>
  ruleViolation(`该列入程序${STATUS_TEXT[c.status]}，不能再办理此项 (proposal is ${c.status})`);

/** The employer's statement (陈述申辩) or its waiver, within the answer period. */
export function recordAnswer(
  c: ListingProposalState,
  input: { statement: string; waived: boolean },
  a: Acting,
): Decision | DomainError {
  if (c.status !== 'notified') return notOpen(c);
  if (a.now.getTime() > new Date(c.answerDueAt).getTime()) {
    return ruleViolation(`陈述申辩期已于 ${c.answerDueDate} 届满，不能再记录陈述申辩 (answer period over)`);
  }
  if (!input.waived && !input.statement.trim()) {
    return invalidArgument('陈述申辩内容不能为空', [
      { field: 'statement', message: '必填（或注明放弃 waived=true）' },
    ]);
  }
  const status: ListingStatus = input.waived ? 'waived' : 'answered';
  return {
    set: { status, answer: { statement: input.statement, waived: input.waived, at: a.now } },
    append: {
      steps: [
        step(
          a.now,
          'credit.AnswerRecorded',
          input.waived ? '当事人书面放弃陈述申辩' : '记录当事人陈述申辩意见',
        ),
      ],
    },
    events: [
      draft(
        'credit.AnswerRecorded.v1',
        c,
        pb.AnswerRecorded.fromPartial({
          proposalId: c._id,
          uscc: c.uscc,
          caseId: c.caseId,
          waived: input.waived,
        }),
      ),
    ],
  };
}

/** The decision, only after the answer or once the answer period has passed. */
export function decide(
  c: ListingProposalState,
  input: { decision: 'list' | 'drop'; reason: string },
  a: Acting,
  rules: CreditRules,
): Decision | DomainError {
  if (!OPEN.includes(c.status)) return notOpen(c);
  if (c.status === 'notified' && a.now.getTime() <= new Date(c.answerDueAt).getTime()) {
    return ruleViolation(
      `当事人尚未陈述申辩，且陈述申辩期至 ${c.answerDueDate} 未届满，不能作出决定 (decision before the answer or its due date)`,
    );
  }
  if (input.decision === 'drop') {
    return {
      set: {
        status: 'dropped',
        decision: 'drop',
        decidedAt: a.now,
        endReason: input.reason,
        endedAt: a.now,
      },
      append: {
        steps: [
          step(a.now, 'credit.ListingDropped', `决定不予列入${input.reason ? `：${input.reason}` : ''}`),
        ],
      },
      events: [
        draft(
          'credit.ListingDropped.v1',
          c,
          pb.ListingDropped.fromPartial({
            proposalId: c._id,
            uscc: c.uscc,
            caseId: c.caseId,
            reason: input.reason,
          }),
        ),
      ],
    };
  }
  const listedFrom = dateOf(a.now);
  const listedUntil = addCalendarDays(addYears(listedFrom, rules.listingYears), -1);
  const persons = [c.legalRepresentative, ...c.responsiblePersons].filter(Boolean);
  return {
    set: {
      status: 'listed',
      decision: 'list',
      decidedAt: a.now,
      listedAt: a.now,
      listedFrom,
      listedUntil,
      listedUntilAt: endOfShanghaiDay(listedUntil),
      profileSynced: false,
    },
    append: {
      steps: [
        step(
          a.now,
          'credit.EnterpriseListed',
          `列入失信联合惩戒名单 ${listedFrom} 至 ${listedUntil}（单位及${persons.length ? persons.join('、') : '相关责任人'}）`,
        ),
      ],
    },
    events: [
      draft(
        'credit.EnterpriseListed.v1',
        c,
        pb.EnterpriseListed.fromPartial({
          proposalId: c._id,
          uscc: c.uscc,
          name: c.enterpriseName,
          legalRepresentative: c.legalRepresentative,
          responsiblePersons: c.responsiblePersons,
          caseId: c.caseId,
          regionCode: c.regionCode,
          listedFrom,
          listedUntil,
        }),
      ),
    ],
  };
}

export type RemovalCriterion = 'paid_in_full' | 'clean_months' | 'integrity_pledge';

/**
 * Early removal (人社部令第45号 art. 12): the employer paid the wages in full, at least `removalCleanMonths`
 * months passed since the listing without a new violation (facts on other cases after the listing), and it
 * gave a written integrity pledge. Refused naming every missing condition.
 */
export function removalCheck(
  c: ListingProposalState,
  input: { pledgeReference: string },
  enterpriseFacts: readonly Fact[],
  violationKinds: readonly string[],
  a: Acting,
  rules: CreditRules,
): Array<{ criterion: RemovalCriterion; text: string }> {
  const missing: Array<{ criterion: RemovalCriterion; text: string }> = [];
  const owed = outstandingFen(enterpriseFacts);
  if (owed > 0) missing.push({ criterion: 'paid_in_full', text: `尚欠工资 ${yuanText(owed)} 未清偿` });
  const listedAt = new Date(c.listedAt ?? a.now);
  const newViolations = enterpriseFacts
    .filter((f) => f.caseId !== c.caseId && violationKinds.includes(f.kind) && new Date(f.at) > listedAt)
    .map((f) => new Date(f.at));
  const cleanSince = newViolations.reduce((m, d) => (d > m ? d : m), listedAt);
  const eligibleOn = addMonths(dateOf(cleanSince), rules.removalCleanMonths);
  if (dateOf(a.now) < eligibleOn) {
    missing.push({
      criterion: 'clean_months',
      text: `${newViolations.length ? '列入后又有新的违法行为，' : ''}自 ${dateOf(cleanSince)} 起未满 ${rules.removalCleanMonths} 个月无新的违法行为（${eligibleOn} 起可申请）`,
    });
  }
  if (!input.pledgeReference.trim())
    missing.push({ criterion: 'integrity_pledge', text: '未提交书面信用承诺' });
  return missing;
}

export function remove(
  c: ListingProposalState,
  input: { reason: string; pledgeReference: string },
  enterpriseFacts: readonly Fact[],
  violationKinds: readonly string[],
  a: Acting,
  rules: CreditRules,
): Decision | DomainError {
  if (c.status !== 'listed')
    return ruleViolation(`该单位${STATUS_TEXT[c.status]}，不能提前移出 (proposal is ${c.status})`);
  const missing = removalCheck(c, input, enterpriseFacts, violationKinds, a, rules);
  if (missing.length > 0) {
    return ruleViolation(
      `不符合提前移出条件：${missing.map((m) => m.text).join('；')}`,
      missing.map((m) => ({ field: m.criterion, message: m.text })),
    );
  }
  const today = dateOf(a.now);
  return {
    set: {
      status: 'removed',
      endReason: input.reason,
      endedAt: a.now,
      pledgeReference: input.pledgeReference,
      profileSynced: false,
    },
    append: { steps: [step(a.now, 'credit.EnterpriseRemoved', `提前移出失信联合惩戒名单：${input.reason}`)] },
    events: [
      draft(
        'credit.EnterpriseRemoved.v1',
        c,
        pb.EnterpriseRemoved.fromPartial({
          proposalId: c._id,
          uscc: c.uscc,
          caseId: c.caseId,
          reason: input.reason,
          removedOn: today,
        }),
      ),
    ],
  };
}

/** A listing whose 3 years are over expires, once (the status changes in the same write as the event). */
export function expire(c: ListingProposalState, a: Acting): Decision | DomainError {
  if (c.status !== 'listed') return notOpen(c);
  if (!c.listedUntilAt || a.now.getTime() <= new Date(c.listedUntilAt).getTime()) {
    return ruleViolation(`名单有效期至 ${c.listedUntil}，尚未届满`);
  }
  const today = dateOf(a.now);
  return {
    set: { status: 'expired', endedAt: a.now, endReason: '名单期满', profileSynced: false },
    append: { steps: [step(a.now, 'credit.ListingExpired', `失信联合惩戒名单期满（${c.listedUntil}）移出`)] },
    events: [
      draft(
        'credit.ListingExpired.v1',
        c,
        pb.ListingExpired.fromPartial({
          proposalId: c._id,
          uscc: c.uscc,
          caseId: c.caseId,
          expiredOn: today,
        }),
      ),
    ],
  };
}
