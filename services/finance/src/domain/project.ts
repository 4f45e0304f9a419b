import { addCalendarDays, type WorkingDayCalendar } from '@wage/cn';
import type { Decision, EventDraft } from '@wage/domain';
import { financeEvent } from './events';
import { topUpDueDate, type DepositRequirement } from './depositRules';
import type { DepositForm } from './ledger';

// A project wage profile (项目工资档案): who builds what for whom, the deposit it owes and whether it is in
// place, the top-up obligation after a draw, the dedicated wage account, and the return after completion.

export const INDUSTRIES = ['housing', 'transport', 'water', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export type ComplianceStatus =
  | 'exempt'
  | 'awaiting_deposit'
  | 'compliant'
  | 'deposit_overdue'
  | 'top_up_due'
  | 'top_up_overdue'
  | 'returned';

export interface Requirement extends DepositRequirement {
  /** Computed as if the contractor had arrears because credit could not be asked. */
  provisional: boolean;
  provisionalReason: string;
}

export interface TopUp {
  caseId: string;
  openedOn: string;
  dueDate: string;
  dueProvisional: boolean;
  shortfallFen: number;
  status: 'due' | 'met' | 'overdue';
}

export interface DedicatedAccountState {
  openingDueDate: string;
  openedOn: string;
  bankName: string;
  accountNumberMasked: string;
  tripartiteAgreement: boolean;
  filingDueDate: string;
  filedOn: string;
}

export interface DepositReturnState {
  status: 'noticed' | 'returned' | 'refused';
  noticeEndsOn: string;
  decidedOn: string;
  reason: string;
  returnedFen: number;
}

/** The state the rules look at; the stored document carries it plus the aggregate fields. */
export interface ProjectState {
  _id: string;
  name: string;
  regionCode: string;
  contractor: { uscc: string; name: string };
  contractPriceFen: number;
  permitDate: string;
  requirement: Requirement;
  depositDueDate: string;
  depositBalanceFen: number;
  complianceStatus: ComplianceStatus;
  depositCompliant: boolean;
  topUp: TopUp | null;
  dedicatedAccount: DedicatedAccountState;
  status: 'active' | 'completed' | 'closed';
  completedOn: string;
  depositReturn: DepositReturnState | null;
}

/** Dedicated wage account: opened within 30 days of the contract, filed within 30 days of opening. */
export const ACCOUNT_OPENING_DAYS = 30;
export const ACCOUNT_FILING_DAYS = 30;
/** Public notice before a deposit is returned after completion. */
export const RETURN_NOTICE_DAYS = 30;

/**
 * Where a project stands with its deposit on a given day. "Compliant" means no deadline has been missed: the
 * deposit is in place, exempt, still within its 20 working days, or a top-up is still within its 10.
 */
export function compliance(
  p: Pick<ProjectState, 'requirement' | 'depositDueDate' | 'topUp' | 'depositReturn'>,
  balanceFen: number,
  today: string,
): { status: ComplianceStatus; compliant: boolean } {
  if (p.depositReturn?.status === 'returned') return { status: 'returned', compliant: true };
  if (p.requirement.exempt) return { status: 'exempt', compliant: true };
  if (balanceFen >= p.requirement.requiredDepositFen) return { status: 'compliant', compliant: true };
  if (p.topUp && p.topUp.status !== 'met') {
    return today > p.topUp.dueDate
      ? { status: 'top_up_overdue', compliant: false }
      : { status: 'top_up_due', compliant: true };
  }
  return today > p.depositDueDate
    ? { status: 'deposit_overdue', compliant: false }
    : { status: 'awaiting_deposit', compliant: true };
}

export function dedicatedAccountStatus(a: DedicatedAccountState, today: string): string {
  if (a.filedOn) return 'filed';
  if (a.openedOn) return a.filingDueDate && today > a.filingDueDate ? 'filing_overdue' : 'opened';
  return a.openingDueDate && today > a.openingDueDate ? 'opening_overdue' : 'awaiting_opening';
}

export function initialDedicatedAccount(contractSignedDate: string): DedicatedAccountState {
  return {
    openingDueDate: contractSignedDate ? addCalendarDays(contractSignedDate, ACCOUNT_OPENING_DAYS) : '',
    openedOn: '',
    bankName: '',
    accountNumberMasked: '',
    tripartiteAgreement: false,
    filingDueDate: '',
    filedOn: '',
  };
}

function complianceSet(p: ProjectState, balanceFen: number, today: string, topUp: TopUp | null) {
  const c = compliance({ ...p, topUp }, balanceFen, today);
  return { depositBalanceFen: balanceFen, complianceStatus: c.status, depositCompliant: c.compliant, topUp };
}

/** A deposit arrived: the balance is what the ledger holds now; a top-up is met once the requirement is. */
export function depositReceived(
  p: ProjectState,
  m: { depositId: string; amountFen: number; form: DepositForm; reference: string },
  balanceFen: number,
  today: string,
): Decision {
  const topUp =
    p.topUp && p.topUp.status !== 'met' && balanceFen >= p.requirement.requiredDepositFen
      ? { ...p.topUp, status: 'met' as const }
      : p.topUp;
  const set = complianceSet(p, balanceFen, today, topUp);
  return {
    set: set,
    events: [
      financeEvent(
        'finance.DepositReceived.v1',
        { subject: p._id, region: p.regionCode },
        {
          projectId: p._id,
          depositId: m.depositId,
          regionCode: p.regionCode,
          amountFen: String(m.amountFen),
          form: m.form,
          reference: m.reference,
          balanceFen: String(balanceFen),
          requiredDepositFen: String(p.requirement.requiredDepositFen),
          depositCompliant: set.depositCompliant,
        },
      ),
    ],
  };
}

/**
 * Inspection drew on the deposit: the workers are paid from it and, when the balance fell below the
 * requirement, the contractor must top up within 10 working days of the draw (an obligation already open
 * keeps its earlier due date).
 */
export function depositDrawn(
  p: ProjectState,
  d: {
    drawId: string;
    caseId: string;
    requestedFen: number;
    drawnFen: number;
    workerCount: number;
    drawnOn: string;
  },
  balanceFen: number,
  today: string,
  calendar: WorkingDayCalendar,
): Decision {
  const shortfall = Math.max(0, p.requirement.requiredDepositFen - balanceFen);
  let topUp = p.topUp;
  let opened = false;
  if (shortfall > 0) {
    if (topUp && topUp.status !== 'met') {
      topUp = { ...topUp, shortfallFen: shortfall };
    } else {
      const due = topUpDueDate(d.drawnOn, calendar);
      topUp = {
        caseId: d.caseId,
        openedOn: d.drawnOn,
        dueDate: due.date,
        dueProvisional: due.provisional,
        shortfallFen: shortfall,
        status: 'due',
      };
      opened = true;
    }
  }
  const events: EventDraft[] = [
    financeEvent(
      'finance.DepositDrawn.v1',
      { subject: p._id, caseId: d.caseId, region: p.regionCode },
      {
        projectId: p._id,
        drawId: d.drawId,
        caseId: d.caseId,
        regionCode: p.regionCode,
        requestedFen: String(d.requestedFen),
        drawnFen: String(d.drawnFen),
        balanceFen: String(balanceFen),
        workerCount: d.workerCount,
        topUpDueDate: topUp && topUp.status !== 'met' ? topUp.dueDate : '',
      },
    ),
  ];
  if (opened && topUp) {
    events.push(
      financeEvent(
        'finance.TopUpDue.v1',
        { subject: p._id, caseId: d.caseId, region: p.regionCode },
        {
          projectId: p._id,
          caseId: d.caseId,
          regionCode: p.regionCode,
          shortfallFen: String(shortfall),
          dueDate: topUp.dueDate,
          dueProvisional: topUp.dueProvisional,
        },
      ),
    );
  }
  return { set: complianceSet(p, balanceFen, today, topUp), events };
}

/**
 * The daily look at a project: a deadline that passed turns into an overdue status and one event (the
 * early-warning platform listens for them). Null when nothing changed.
 */
export function reviewDeadlines(p: ProjectState, balanceFen: number, today: string): Decision | null {
  if (p.status === 'closed') return null;
  let topUp = p.topUp;
  const events: EventDraft[] = [];
  if (
    topUp &&
    topUp.status === 'due' &&
    balanceFen < p.requirement.requiredDepositFen &&
    today > topUp.dueDate
  ) {
    topUp = { ...topUp, status: 'overdue', shortfallFen: p.requirement.requiredDepositFen - balanceFen };
    events.push(
      financeEvent(
        'finance.TopUpOverdue.v1',
        { subject: p._id, caseId: topUp.caseId, region: p.regionCode },
        {
          projectId: p._id,
          caseId: topUp.caseId,
          regionCode: p.regionCode,
          shortfallFen: String(topUp.shortfallFen),
          dueDate: topUp.dueDate,
          contractorUscc: p.contractor.uscc,
        },
      ),
    );
  } else if (topUp && topUp.status !== 'met' && balanceFen >= p.requirement.requiredDepositFen) {
    topUp = { ...topUp, status: 'met' };
  }
  const next = compliance({ ...p, topUp }, balanceFen, today);
  if (next.status === 'deposit_overdue' && p.complianceStatus !== 'deposit_overdue') {
    events.push(
      financeEvent(
        'finance.DepositOverdue.v1',
        { subject: p._id, region: p.regionCode },
        {
          projectId: p._id,
          regionCode: p.regionCode,
          requiredDepositFen: String(p.requirement.requiredDepositFen),
          balanceFen: String(balanceFen),
          dueDate: p.depositDueDate,
          contractorUscc: p.contractor.uscc,
        },
      ),
    );
  }
  const unchanged =
    events.length === 0 &&
    next.status === p.complianceStatus &&
    next.compliant === p.depositCompliant &&
    balanceFen === p.depositBalanceFen &&
    topUp === p.topUp;
  if (unchanged) return null;
  return { set: complianceSet(p, balanceFen, today, topUp), events };
}

/** The requirement was computed again (credit answered, or the record changed). */
export function requirementRecomputed(
  p: ProjectState,
  r: Requirement,
  balanceFen: number,
  today: string,
): Decision {
  const next = { ...p, requirement: r };
  return {
    set: { requirement: r, ...complianceSet(next, balanceFen, today, p.topUp) },
    events: [
      financeEvent(
        'finance.DepositRequirementRecomputed.v1',
        { subject: p._id, region: p.regionCode },
        {
          projectId: p._id,
          regionCode: p.regionCode,
          previousRequiredDepositFen: String(p.requirement.requiredDepositFen),
          requiredDepositFen: String(r.requiredDepositFen),
          depositRatioBp: r.ratioBp,
          depositExempt: r.exempt,
          ratioProvisional: r.provisional,
          ratioBasis: r.basis,
        },
      ),
    ],
  };
}

export function dedicatedAccountRecorded(
  p: ProjectState,
  a: {
    bankName: string;
    accountNumberMasked: string;
    openedOn: string;
    tripartiteAgreement: boolean;
    filedOn: string;
  },
): Decision {
  const next: DedicatedAccountState = {
    ...p.dedicatedAccount,
    bankName: a.bankName,
    accountNumberMasked: a.accountNumberMasked,
    openedOn: a.openedOn,
    tripartiteAgreement: a.tripartiteAgreement,
    filingDueDate: addCalendarDays(a.openedOn, ACCOUNT_FILING_DAYS),
    filedOn: a.filedOn,
  };
  const onTime =
    (!next.openingDueDate || a.openedOn <= next.openingDueDate) &&
    (!a.filedOn || a.filedOn <= next.filingDueDate);
  return {
    set: { dedicatedAccount: next },
    events: [
      financeEvent(
        'finance.DedicatedAccountRecorded.v1',
        { subject: p._id, region: p.regionCode },
        {
          projectId: p._id,
          regionCode: p.regionCode,
          bankName: a.bankName,
          openedOn: a.openedOn,
          tripartiteAgreement: a.tripartiteAgreement,
          filedOn: a.filedOn,
          onTime,
        },
      ),
    ],
  };
}

export function projectCompleted(p: ProjectState, completedOn: string): Decision | Error {
  if (p.status !== 'active') return new Error('项目已竣工 (already completed)');
  if (completedOn < p.permitDate) return new Error('竣工日期早于施工许可日期');
  return {
    set: { status: 'completed', completedOn },
    events: [
      financeEvent(
        'finance.ProjectCompleted.v1',
        { subject: p._id, region: p.regionCode },
        { projectId: p._id, regionCode: p.regionCode, completedOn },
      ),
    ],
  };
}

/** After completion the return is announced; objections (unpaid wages) are heard for 30 days. */
export function returnNoticed(p: ProjectState, today: string, balanceFen: number): Decision | Error {
  if (p.status !== 'completed') return new Error('项目竣工后方可申请返还保证金');
  if (p.depositReturn && p.depositReturn.status !== 'refused') return new Error('保证金返还已公示');
  if (balanceFen <= 0) return new Error('保证金余额为零，无需返还');
  const noticeEndsOn = addCalendarDays(today, RETURN_NOTICE_DAYS);
  return {
    set: { depositReturn: { status: 'noticed', noticeEndsOn, decidedOn: '', reason: '', returnedFen: 0 } },
    events: [
      financeEvent(
        'finance.DepositReturnNoticed.v1',
        { subject: p._id, region: p.regionCode },
        {
          projectId: p._id,
          regionCode: p.regionCode,
          noticeEndsOn,
          balanceFen: String(balanceFen),
        },
      ),
    ],
  };
}

/** The review may decide only once the notice period is over. */
export function returnReviewable(p: ProjectState, today: string): Error | null {
  if (!p.depositReturn || p.depositReturn.status !== 'noticed') return new Error('保证金返还尚未公示');
  if (today <= p.depositReturn.noticeEndsOn)
    return new Error(`公示期至 ${p.depositReturn.noticeEndsOn}，期满后方可审核`);
  return null;
}

export function returnRefused(p: ProjectState, today: string, reason: string): Decision {
  return {
    set: { depositReturn: { ...p.depositReturn!, status: 'refused', decidedOn: today, reason } },
    events: [
      financeEvent(
        'finance.DepositReturnRefused.v1',
        { subject: p._id, region: p.regionCode },
        { projectId: p._id, regionCode: p.regionCode, reason },
      ),
    ],
  };
}

export function depositReturned(
  p: ProjectState,
  returnId: string,
  amountFen: number,
  today: string,
): Decision {
  return {
    set: {
      status: 'closed',
      depositReturn: { ...p.depositReturn!, status: 'returned', decidedOn: today, returnedFen: amountFen },
      depositBalanceFen: 0,
      complianceStatus: 'returned',
      depositCompliant: true,
    },
    events: [
      financeEvent(
        'finance.DepositReturned.v1',
        { subject: p._id, region: p.regionCode },
        {
          projectId: p._id,
          returnId,
          regionCode: p.regionCode,
          amountFen: String(amountFen),
        },
      ),
    ],
  };
}
