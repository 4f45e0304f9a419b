import type { WorkingDayCalendar } from '@wage/cn';
import { addCalendarDays, endOfShanghaiDay, formatFen, shanghaiDate } from '@wage/cn';
import {
  isDomainError,
  ruleViolation,
  type CommandRecord,
  type Decision,
  type DomainError,
  type EventDraft,
} from '@wage/domain';
import type { EventPayload, EventType } from '@wage/proto';
import {
  CORE_SYSTEMS,
  crimeAmountReached,
  NATIONAL_RULES,
  VIOLATIONS,
  type CoreSystem,
  type CrimeThreshold,
} from './rules';

/** Investigation must finish within 60 working days of filing, extendable once by 30. */
export const INVESTIGATION_WORKING_DAYS = NATIONAL_RULES.investigationWorkingDays;
export const INVESTIGATION_EXTENSION_WORKING_DAYS = NATIONAL_RULES.extensionWorkingDays;

export type InspectionStatus = 'investigating' | 'ordered' | 'closed';

export function investigationDueAt(
  openedAt: Date,
  calendar: WorkingDayCalendar,
  days = INVESTIGATION_WORKING_DAYS,
): { dueAt: Date; provisional: boolean } {
  const r = calendar.addWorkingDays(shanghaiDate(openedAt), days);
  return { dueAt: endOfShanghaiDay(r.date), provisional: r.provisional };
}

/** One line of the case's own history, shown on the cross-agency timeline. */
export interface HistoryEntry {
  at: Date;
  type: string;
  summary: string;
}

export interface Finding {
  id: string;
  employerUscc: string;
  employerName: string;
  projectId: string;
  arrearsFen: number;
  workerCount: number;
  massIncident: boolean;
  foundAt: Date;
  foundBy: string;
  /** The workers owed, when the finding names them (one per worker, adding up to arrearsFen). */
  workers?: OwedWorker[];
}

/** A worker named in a finding. The ID number is kept encrypted, keyed-hashed (to match) and masked. */
export interface OwedWorker {
  name: string;
  idNumberEnc: string;
  idNumberHash: string;
  idNumberMasked: string;
  owedFen: number;
  /** What deposit draws have paid this worker (the bank pays named workers in the notice's order). */
  paidFen: number;
}

/** One worker of a draw's payment notice: which finding and worker, and the amount asked for them. */
export interface DrawPayee {
  findingId: string;
  index: number;
  name: string;
  idNumberEnc: string;
  idNumberMasked: string;
  amountFen: number;
  /** Set when the draw completes: what the bank paid this worker. */
  paidFen?: number;
}

export interface ComplianceGap {
  violation: string;
  system: CoreSystem;
  description: string;
  penaltyMinFen: number;
  penaltyMaxFen: number;
  workStoppage: boolean;
  legalBasis: string;
  projectId: string;
  foundAt: Date;
}

export interface ComplianceCheck {
  id: string;
  projectId: string;
  systems: Array<{ system: CoreSystem; compliant: boolean }>;
  gaps: ComplianceGap[];
  checkedAt: Date;
  checkedBy: string;
  note: string;
}

export interface Order {
  id: string;
  kind: 'payment' | 'rectification';
  amountFen: number;
  paidFen: number;
  dueDate: string;
  issuedAt: Date;
  servedAt?: Date;
  /** Served on paper and recorded after its due date had passed (补录): shown to the approver of a draw. */
  backDated?: boolean;
  overdue: boolean;
  overdueAt?: Date;
  violations: string[];
  met: boolean;
}

export type Payer = 'employer' | 'contractor' | 'owner' | 'deposit' | 'emergency_fund';

export interface PaymentRecord {
  paidFen: number;
  payer: Payer;
  at: Date;
  outstandingFen: number;
}

/**
 * A money movement asked of finance (deposit draw or emergency advance). An inspector's request is held as
 * `pending_approval` until an inspection chief of the region, another person, approves it (四眼原则) or
 * rejects it. Approval makes it `pending` with the idempotency key finance will see, then finance is called,
 * then the outcome is written; a crash in between leaves a `pending` intent that is completed by calling
 * finance again with the same key.
 */
export type MoneyIntentStatus = 'pending_approval' | 'rejected' | 'pending' | 'completed' | 'refused';

export interface MoneyIntent {
  id: string;
  number: number;
  status: MoneyIntentStatus;
  requestedFen: number;
  /** The idempotency key sent to finance. */
  financeKey: string;
  /** The inspection command's own key (when the caller sent one). */
  commandKey: string;
  projectId: string;
  requestedAt: Date;
  requestedBy: string;
  /** The chief who approved or rejected the request, when, and why. */
  decidedBy?: string;
  decidedAt?: Date;
  note?: string;
  /** The overdue payment order the request relies on was recorded after the fact (see Order.backDated). */
  backDated?: boolean;
  completedAt?: Date;
  refusal?: string;
  /** Draws: what finance drew, the top-up deadline; advances: what was advanced and the recovery claim. */
  doneFen: number;
  topUpDueDate?: string;
  financeId?: string;
  depositBalanceFen?: number;
  recoveryClaimId?: string;
  /** Arrears still owed right after this movement (answered again on a retry). */
  outstandingAfterFen?: number;
  /** Draws on a case whose findings name the workers: who is paid, fixed when the draw is asked for. */
  payees?: DrawPayee[];
}

export interface Penalty {
  id: string;
  violation: string;
  amountFen: number;
  legalBasis: string;
  decidedAt: Date;
  workStoppage: boolean;
}

export interface Referral {
  id: string;
  reason: string;
  status: 'sent' | 'accepted' | 'rejected';
  arrearsFen: number;
  workerCount: number;
  orderIgnoredAt: Date;
  agencyDecisionDueAt: Date;
  decidedToReferAt: Date;
  transferDueAt: Date;
  transferredAt: Date;
  policeReviewDueAt: Date;
  policeDecidedAt?: Date;
  policeDecisionReason?: string;
  policeDecidedBy?: string;
  reviewOverduePublished?: boolean;
}

export interface Closure {
  outcome: string;
  recoveredFen: number;
  workersPaid: number;
  closedAt: Date;
  closedBy: string;
}

export interface LookBack {
  status: 'due' | 'done';
  dueDate: string;
  doneAt?: Date;
  result?: string;
}

/** The inspection case as the domain sees it (the stored document carries these fields and the outbox). */
export interface InspectionCaseState {
  _id: string;
  caseId: string;
  caseNo: string;
  status: InspectionStatus;
  regionCode: string;
  employer: { name: string; uscc: string };
  projectId: string;
  workerCount: number;
  claimedArrearsFen: number;
  industryRegulator: string;
  policeFlag: boolean;
  openedAt: Date;
  investigationDueAt: Date;
  dueProvisional: boolean;
  history: HistoryEntry[];
  assignedInspector?: string;
  extended?: boolean;
  arrearsFen?: number;
  confirmedWorkerCount?: number;
  outstandingFen?: number;
  recoveredFen?: number;
  findings?: Finding[];
  complianceChecks?: ComplianceCheck[];
  orders?: Order[];
  payments?: PaymentRecord[];
  draws?: MoneyIntent[];
  advances?: MoneyIntent[];
  penalties?: Penalty[];
  referrals?: Referral[];
  closure?: Closure;
  lookBack?: LookBack;
  commands: CommandRecord[];
}

export interface Acting {
  by: string;
  now: Date;
}

type Result = Decision | DomainError;

export function draft<K extends EventType>(
  c: InspectionCaseState,
  type: K,
  payload: EventPayload<K>,
): EventDraft {
  return { type, subject: c._id, caseId: c.caseId, region: c.regionCode, payload } as EventDraft;
}

const entry = (at: Date, type: string, summary: string): HistoryEntry => ({ at, type, summary });
const yuan = formatFen;
export const jointInspection = (c: InspectionCaseState) => Boolean(c.industryRegulator);
const employerRef = (c: InspectionCaseState) => ({
  name: c.employer.name,
  uscc: c.employer.uscc,
  legalRepresentative: '',
});

function open(c: InspectionCaseState): DomainError | undefined {
  return c.status === 'closed' ? ruleViolation('监察案件已结案，不能再办理 (the case is closed)') : undefined;
}

/** Assignment to an inspector of the case's region (the caller vouches for the region of the assignee). */
export function assignInspector(c: InspectionCaseState, inspector: string, a: Acting): Result {
  const closed = open(c);
  if (closed) return closed;
  if (c.assignedInspector === inspector) return { events: [] };
  return {
    set: { assignedInspector: inspector },
    append: { history: [entry(a.now, 'inspection.assigned', `指派监察员 ${inspector} 承办`)] },
    events: [],
  };
}

/** The one extension of 30 working days, counted from the original deadline. */
export function extendInvestigation(
  c: InspectionCaseState,
  reason: string,
  calendar: WorkingDayCalendar,
  a: Acting,
  rules = NATIONAL_RULES,
): Result {
  const closed = open(c);
  if (closed) return closed;
  if (c.extended)
    return ruleViolation(
      '调查期限只能延长一次（30 个工作日），已延长过 (the investigation was already extended once)',
    );
  const r = calendar.addWorkingDays(shanghaiDate(c.investigationDueAt), rules.extensionWorkingDays);
  const dueAt = endOfShanghaiDay(r.date);
  return {
    set: { extended: true, investigationDueAt: dueAt, dueProvisional: r.provisional },
    append: {
      history: [
        entry(
          a.now,
          'inspection.extended',
          `调查期限延长 ${rules.extensionWorkingDays} 个工作日至 ${r.date}：${reason}`,
        ),
      ],
    },
    events: [],
  };
}

/** The five-systems check of a project: each gap becomes a finding with its statutory penalty range. */
export function recordComplianceCheck(
  c: InspectionCaseState,
  input: { id: string; projectId: string; violations: string[]; note: string },
  a: Acting,
): Result {
  const closed = open(c);
  if (closed) return closed;
  const unknown = input.violations.filter((v) => !VIOLATIONS[v]);
  if (unknown.length) return ruleViolation(`未知的违法情形：${unknown.join(', ')}`);
  const violations = [...new Set(input.violations)];
  const gaps: ComplianceGap[] = violations.map((v) => {
    const r = VIOLATIONS[v]!;
    return {
      violation: v,
      system: r.system,
      description: r.description,
      penaltyMinFen: r.penaltyMinFen,
      penaltyMaxFen: r.penaltyMaxFen,
      workStoppage: r.workStoppage,
      legalBasis: r.legalBasis,
      projectId: input.projectId,
      foundAt: a.now,
    };
  });
  const systems = CORE_SYSTEMS.map((s) => ({ system: s, compliant: !gaps.some((g) => g.system === s) }));
  const check: ComplianceCheck = {
    id: input.id,
    projectId: input.projectId,
    systems,
    gaps,
    checkedAt: a.now,
    checkedBy: a.by,
    note: input.note,
  };
  const summary = gaps.length
    ? `五项制度检查：${gaps.map((g) => `${g.description}（罚款 ${yuan(g.penaltyMinFen)}–${yuan(g.penaltyMaxFen)}${g.workStoppage ? '，可责令停工' : ''}）`).join('；')}`
    : '五项制度检查：均已落实';
  return {
    append: { complianceChecks: [check], history: [entry(a.now, 'inspection.compliance_checked', summary)] },
    events: [],
  };
}

/** Findings of arrears: the latest finding for an employer replaces its earlier one (totals follow). */
export function recordFinding(c: InspectionCaseState, f: Finding, a: Acting): Result {
  const closed = open(c);
  if (closed) return closed;
  const replaced = (c.findings ?? []).find((x) => x.employerUscc === f.employerUscc && !!f.employerUscc);
  const paidBefore = new Map((replaced?.workers ?? []).map((w) => [w.idNumberHash, w.paidFen]));
  // A corrected finding keeps what draws already paid each worker named again.
  const next = f.workers
    ? { ...f, workers: f.workers.map((w) => ({ ...w, paidFen: paidBefore.get(w.idNumberHash) ?? 0 })) }
    : f;
  const findings = [...(c.findings ?? []).filter((x) => x !== replaced), next];
  const arrearsFen = findings.reduce((s, x) => s + x.arrearsFen, 0);
  const workers = findings.reduce((s, x) => s + x.workerCount, 0);
  const paid = (c.payments ?? []).reduce((s, p) => s + p.paidFen, 0);
  const outstandingFen = Math.max(0, arrearsFen - paid);
  return {
    set: {
      findings,
      arrearsFen,
      confirmedWorkerCount: workers,
      outstandingFen,
      employer: { name: f.employerName, uscc: f.employerUscc },
      ...(f.projectId && !c.projectId ? { projectId: f.projectId } : {}),
    },
    append: {
      history: [
        entry(
          a.now,
          'inspection.arrears_confirmed',
          `查实 ${f.employerName} 拖欠 ${f.workerCount} 名农民工工资 ${yuan(f.arrearsFen)}`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.ArrearsConfirmed.v1', {
        caseId: c.caseId,
        regionCode: c.regionCode,
        employer: { name: f.employerName, uscc: f.employerUscc, legalRepresentative: '' },
        projectId: f.projectId || c.projectId,
        arrearsFen: String(f.arrearsFen),
        workerCount: f.workerCount,
        massIncident: f.massIncident,
      }),
    ],
  };
}

/**
 * An order to pay (责令支付) with its due date. An order already served on paper is recorded with its
 * `servedAt`, also when its due date has passed (the scheduler then publishes it as overdue).
 */
export function issuePaymentOrder(
  c: InspectionCaseState,
  input: { orderId: string; amountFen: number; dueDate: string; servedAt?: Date },
  a: Acting,
): Result {
  const closed = open(c);
  if (closed) return closed;
  if (!(c.arrearsFen ?? 0)) return ruleViolation('尚未查实欠薪，请先登记欠薪调查结论（findings）再责令支付');
  if (input.amountFen > (c.outstandingFen ?? 0)) {
    return ruleViolation(`责令支付金额 ${yuan(input.amountFen)} 超过尚欠工资 ${yuan(c.outstandingFen ?? 0)}`);
  }
  const today = shanghaiDate(a.now);
  if (!input.servedAt && input.dueDate < today)
    return ruleViolation('期限已过的责令支付只能作为已送达的纸质文书补录（需填写 servedAt）');
  // Allowed (orders served on paper), but whoever relies on it later sees that it was recorded after the fact.
  const backDated = Boolean(input.servedAt) && input.dueDate < today;
  const order: Order = {
    id: input.orderId,
    kind: 'payment',
    amountFen: input.amountFen,
    paidFen: 0,
    dueDate: input.dueDate,
    issuedAt: a.now,
    ...(input.servedAt ? { servedAt: input.servedAt } : {}),
    ...(backDated ? { backDated } : {}),
    overdue: false,
    violations: [],
    met: false,
  };
  return {
    set: { status: 'ordered' },
    append: {
      orders: [order],
      history: [
        entry(
          a.now,
          'inspection.payment_ordered',
          `${input.servedAt ? '补录已送达的' : '下达'}《劳动保障监察责令改正（支付）决定书》：限 ${input.dueDate} 前支付 ${yuan(input.amountFen)}${backDated ? `（倒签补录：送达于 ${shanghaiDate(input.servedAt!)}，履行期限已过）` : ''}`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.PaymentOrdered.v1', {
        caseId: c.caseId,
        orderId: order.id,
        regionCode: c.regionCode,
        employer: employerRef(c),
        amountFen: String(order.amountFen),
        dueDate: order.dueDate,
      }),
    ],
  };
}

/** An order to correct (责令改正) compliance gaps; a penalty may follow once it expires unmet. */
export function issueRectificationOrder(
  c: InspectionCaseState,
  input: { orderId: string; violations: string[]; dueDate: string; servedAt?: Date },
  a: Acting,
): Result {
  const closed = open(c);
  if (closed) return closed;
  const found = new Set((c.complianceChecks ?? []).flatMap((k) => k.gaps.map((g) => g.violation)));
  const missing = input.violations.filter((v) => !found.has(v));
  if (missing.length)
    return ruleViolation(
      `以下违法情形未经检查认定，不能责令改正：${missing.join(', ')}（请先登记五项制度检查）`,
    );
  if (!input.servedAt && input.dueDate < shanghaiDate(a.now))
    return ruleViolation('期限已过的责令改正只能作为已送达的纸质文书补录（需填写 servedAt）');
  const order: Order = {
    id: input.orderId,
    kind: 'rectification',
    amountFen: 0,
    paidFen: 0,
    dueDate: input.dueDate,
    issuedAt: a.now,
    ...(input.servedAt ? { servedAt: input.servedAt } : {}),
    overdue: false,
    violations: input.violations,
    met: false,
  };
  return {
    append: {
      orders: [order],
      history: [
        entry(
          a.now,
          'inspection.rectification_ordered',
          `责令 ${input.dueDate} 前改正：${input.violations.map((v) => VIOLATIONS[v]!.description).join('；')}`,
        ),
      ],
    },
    events: [],
  };
}

/** The amount of a payment order the employer side has not paid. */
export const unpaidOf = (o: Order) => Math.max(0, o.amountFen - o.paidFen);

/** An order is ignored when its due date passed (Asia/Shanghai) and it is not fully paid. */
export function isIgnored(o: Order, now: Date): boolean {
  return o.kind === 'payment' && o.dueDate < shanghaiDate(now) && unpaidOf(o) > 0;
}

export function ignoredOrder(c: InspectionCaseState, now: Date): Order | undefined {
  return (c.orders ?? []).find((o) => isIgnored(o, now));
}

/** A payment by employer, contractor or owner: reduces the outstanding arrears and meets orders, oldest first. */
export function recordPayment(
  c: InspectionCaseState,
  input: { paidFen: number; payer: Payer },
  a: Acting,
): Result {
  const closed = open(c);
  if (closed) return closed;
  const outstanding = c.outstandingFen ?? 0;
  if (!(c.arrearsFen ?? 0)) return ruleViolation('尚未查实欠薪，无法登记支付');
  if (input.paidFen > outstanding)
    return ruleViolation(`支付金额 ${yuan(input.paidFen)} 超过尚欠工资 ${yuan(outstanding)}`);
  return paid(c, input.paidFen, input.payer, a, undefined);
}

const PAYER_TEXT: Record<Payer, string> = {
  employer: '用人单位',
  contractor: '施工总承包单位',
  owner: '建设单位',
  deposit: '工资保证金',
  emergency_fund: '应急周转金',
};

function paid(
  c: InspectionCaseState,
  amountFen: number,
  payer: Payer,
  a: Acting,
  extra: Record<string, unknown> | undefined,
  summary?: string,
): Decision {
  const outstandingFen = Math.max(0, (c.outstandingFen ?? 0) - amountFen);
  const set: Record<string, unknown> = {
    outstandingFen,
    recoveredFen: (c.recoveredFen ?? 0) + amountFen,
    ...(extra ?? {}),
  };
  if (payer === 'employer' || payer === 'contractor' || payer === 'owner') {
    // The employer side meets its payment orders; money from the deposit or the fund does not.
    let left = amountFen;
    set.orders = (c.orders ?? []).map((o) => {
      if (o.kind !== 'payment' || left <= 0 || o.met) return o;
      const take = Math.min(left, unpaidOf(o));
      left -= take;
      const paidFen = o.paidFen + take;
      return { ...o, paidFen, met: paidFen >= o.amountFen };
    });
  }
  const record: PaymentRecord = { paidFen: amountFen, payer, at: a.now, outstandingFen };
  return {
    set: set,
    append: {
      payments: [record],
      history: [
        entry(
          a.now,
          'inspection.payment_recorded',
          summary ?? `${PAYER_TEXT[payer]}支付工资 ${yuan(amountFen)}，尚欠 ${yuan(outstandingFen)}`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.PaymentRecorded.v1', {
        caseId: c.caseId,
        regionCode: c.regionCode,
        employer: employerRef(c),
        paidFen: String(amountFen),
        payer,
        outstandingFen: String(outstandingFen),
      }),
    ],
  };
}

/** The scheduler: an ignored order is published as overdue, once (the flag is set in the same write). */
export function markOrderOverdue(c: InspectionCaseState, orderId: string, a: Acting): Result {
  const o = (c.orders ?? []).find((x) => x.id === orderId);
  if (!o || o.overdue || !isIgnored(o, a.now)) return { events: [] };
  return {
    set: {
      orders: (c.orders ?? []).map((x) => (x.id === orderId ? { ...x, overdue: true, overdueAt: a.now } : x)),
    },
    append: {
      history: [
        entry(
          a.now,
          'inspection.order_overdue',
          `责令支付期限 ${o.dueDate} 已过，用人单位拒不支付 ${yuan(unpaidOf(o))}`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.PaymentOrderOverdue.v1', {
        caseId: c.caseId,
        orderId: o.id,
        regionCode: c.regionCode,
        employer: employerRef(c),
        unpaidFen: String(unpaidOf(o)),
        dueDate: o.dueDate,
      }),
    ],
  };
}

/** Requests awaiting approval reserve their amount as much as approved ones finance has not answered yet. */
const open_ = (x: MoneyIntent) => x.status === 'pending' || x.status === 'pending_approval';
const pendingFen = (xs: readonly MoneyIntent[] | undefined) =>
  (xs ?? []).filter(open_).reduce((s, x) => s + x.requestedFen, 0);

/** What is still owed and not already being paid by a pending draw or advance. */
export function uncoveredFen(c: InspectionCaseState): number {
  return Math.max(0, (c.outstandingFen ?? 0) - pendingFen(c.draws) - pendingFen(c.advances));
}

/**
 * Step 1 of a deposit draw (动用保证金): allowed only when a payment order is overdue and unpaid, for a
 * project, within what is still owed. Records the intent with the key finance will see.
 */
export function requestDepositDraw(c: InspectionCaseState, intent: MoneyIntent, a: Acting): Result {
  const closed = open(c);
  if (closed) return closed;
  const order = ignoredOrder(c, a.now);
  if (!order) {
    const pendingOrder = (c.orders ?? []).find((o) => o.kind === 'payment' && unpaidOf(o) > 0);
    return ruleViolation(
      pendingOrder
        ? `责令支付期限 ${pendingOrder.dueDate} 尚未届满，不能动用工资保证金；期满仍未支付后方可动用 (no payment order is overdue yet)`
        : '没有逾期未履行的责令支付决定，不能动用工资保证金；请先责令用人单位限期支付 (no overdue unpaid payment order)',
    );
  }
  if (!intent.projectId)
    return ruleViolation('案件未关联工程项目，无法动用项目工资保证金；请在欠薪调查结论中填写 projectId');
  const room = uncoveredFen(c);
  if (intent.requestedFen > room)
    return ruleViolation(`动用金额 ${yuan(intent.requestedFen)} 超过尚欠且未在支付中的工资 ${yuan(room)}`);
  const payees = drawPayees(c, intent.requestedFen);
  if (isDomainError(payees)) return payees;
  const held = { ...intent, ...(order.backDated ? { backDated: true } : {}) };
  return {
    append: {
      draws: [payees.length > 0 ? { ...held, payees } : held],
      history: [
        entry(
          a.now,
          'inspection.deposit_draw_requested',
          `申请动用工资保证金 ${yuan(intent.requestedFen)}，待监察机构负责人审批${order.backDated ? '（所依据的责令支付为倒签补录）' : ''}`,
        ),
      ],
    },
    events: [],
  };
}

/**
 * The named workers a draw of `amountFen` pays, in the findings' order: each gets what is still owed to them
 * (less what pending draws already ask for them) while the amount lasts. None when no finding names workers;
 * refused when the named workers are owed less than the amount, since the bank can only pay named workers.
 */
export function drawPayees(c: InspectionCaseState, amountFen: number): DrawPayee[] | DomainError {
  const named = (c.findings ?? []).flatMap((f) => (f.workers ?? []).map((w, index) => ({ f, w, index })));
  if (named.length === 0) return [];
  const asked = new Map<string, number>();
  for (const d of c.draws ?? []) {
    if (!open_(d)) continue;
    for (const p of d.payees ?? []) {
      const k = `${p.findingId}#${p.index}`;
      asked.set(k, (asked.get(k) ?? 0) + p.amountFen);
    }
  }
  let left = amountFen;
  const payees: DrawPayee[] = [];
  for (const { f, w, index } of named) {
    if (left === 0) break;
    const owed = w.owedFen - w.paidFen - (asked.get(`${f.id}#${index}`) ?? 0);
    if (owed <= 0) continue;
    const amount = Math.min(owed, left);
    payees.push({
      findingId: f.id,
      index,
      name: w.name,
      idNumberEnc: w.idNumberEnc,
      idNumberMasked: w.idNumberMasked,
      amountFen: amount,
    });
    left -= amount;
  }
  if (left > 0) {
    return ruleViolation(
      `调查结论所列工人尚未支付的工资合计 ${yuan(amountFen - left)}，少于动用金额 ${yuan(amountFen)}；保证金只能支付给所列工人 (the named workers are owed less than the amount)`,
    );
  }
  return payees;
}

/** Shares what was drawn among the payees in order, as the bank pays them (finance's allocateDraw). */
function allocate(drawnFen: number, payees: readonly DrawPayee[]): DrawPayee[] {
  let left = drawnFen;
  return payees.map((p) => {
    const paidFen = Math.min(p.amountFen, left);
    left -= paidFen;
    return { ...p, paidFen };
  });
}

function creditWorkers(findings: readonly Finding[], payees: readonly DrawPayee[]): Finding[] {
  return findings.map((f) => {
    const mine = payees.filter((p) => p.findingId === f.id);
    if (mine.length === 0 || !f.workers) return f;
    return {
      ...f,
      workers: f.workers.map((w, i) => ({
        ...w,
        paidFen: w.paidFen + mine.filter((p) => p.index === i).reduce((s, p) => s + (p.paidFen ?? 0), 0),
      })),
    };
  });
}

/** Step 3: finance drew `drawnFen` (never beyond the deposit balance): outstanding arrears fall by that. */
export function completeDepositDraw(
  c: InspectionCaseState,
  drawId: string,
  r: { drawnFen: number; topUpDueDate: string; financeId: string; depositBalanceFen: number },
  a: Acting,
): Result {
  const d = (c.draws ?? []).find((x) => x.id === drawId);
  if (!d || d.status !== 'pending') return { events: [] };
  const payees = allocate(r.drawnFen, d.payees ?? []);
  const draws = (c.draws ?? []).map((x) =>
    x.id === drawId
      ? {
          ...x,
          ...(payees.length > 0 ? { payees } : {}),
          status: 'completed' as const,
          doneFen: r.drawnFen,
          topUpDueDate: r.topUpDueDate,
          financeId: r.financeId,
          depositBalanceFen: r.depositBalanceFen,
          completedAt: a.now,
          outstandingAfterFen: Math.max(0, (c.outstandingFen ?? 0) - r.drawnFen),
        }
      : x,
  );
  return paid(
    c,
    r.drawnFen,
    'deposit',
    a,
    payees.length > 0 ? { draws, findings: creditWorkers(c.findings ?? [], payees) } : { draws },
    `动用工资保证金支付 ${yuan(r.drawnFen)}（申请 ${yuan(d.requestedFen)}），施工总承包单位应于 ${r.topUpDueDate} 前补足保证金`,
  );
}

/** Finance refused (balance zero, project unknown…): the intent ends refused with finance's reason. */
export function refuseIntent(
  c: InspectionCaseState,
  field: 'draws' | 'advances',
  id: string,
  reason: string,
  a: Acting,
): Result {
  const list = c[field] ?? [];
  const d = list.find((x) => x.id === id);
  if (!d || d.status !== 'pending') return { events: [] };
  return {
    set: {
      [field]: list.map((x) =>
        x.id === id ? { ...x, status: 'refused', refusal: reason, completedAt: a.now } : x,
      ),
    },
    append: {
      history: [
        entry(
          a.now,
          field === 'draws' ? 'inspection.deposit_draw_refused' : 'inspection.emergency_advance_refused',
          `${field === 'draws' ? '动用保证金' : '应急周转金垫付'}未成：${reason}`,
        ),
      ],
    },
    events: [],
  };
}

/**
 * Emergency advance (应急周转金) when nothing else pays in time: after an ignored order (or for an employer
 * that vanished, flagged for police at routing), within what is still owed.
 */
export function requestAdvance(c: InspectionCaseState, intent: MoneyIntent, a: Acting): Result {
  const closed = open(c);
  if (closed) return closed;
  if (!(c.arrearsFen ?? 0)) return ruleViolation('尚未查实欠薪，不能垫付应急周转金');
  if (!ignoredOrder(c, a.now) && !c.policeFlag) {
    return ruleViolation(
      '应急周转金只在用人单位逾期拒不支付（责令支付期满未履行）或用人单位逃匿时垫付 (no ignored payment order)',
    );
  }
  const room = uncoveredFen(c);
  if (intent.requestedFen > room)
    return ruleViolation(`垫付金额 ${yuan(intent.requestedFen)} 超过尚欠且未在支付中的工资 ${yuan(room)}`);
  const backDated = Boolean(ignoredOrder(c, a.now)?.backDated);
  return {
    append: {
      advances: [backDated ? { ...intent, backDated } : intent],
      history: [
        entry(
          a.now,
          'inspection.emergency_advance_requested',
          `申请应急周转金垫付 ${yuan(intent.requestedFen)}，待监察机构负责人审批${backDated ? '（所依据的责令支付为倒签补录）' : ''}`,
        ),
      ],
    },
    events: [],
  };
}

export type MoneyKind = 'draws' | 'advances';

const WORD: Record<MoneyKind, string> = { draws: '动用工资保证金', advances: '应急周转金垫付' };

/** The request as if it had not been made: what approval re-checks every rule against. */
function without(c: InspectionCaseState, kind: MoneyKind, id: string): InspectionCaseState {
  return { ...c, [kind]: (c[kind] ?? []).filter((x) => x.id !== id) };
}

/**
 * The held request a chief may decide: never the requester's own (even holding both roles); `decided` when it
 * was decided already, so deciding again changes nothing.
 */
function heldFor(
  c: InspectionCaseState,
  kind: MoneyKind,
  id: string,
  a: Acting,
): MoneyIntent | 'decided' | ReturnType<typeof ruleViolation> {
  const d = (c[kind] ?? []).find((x) => x.id === id);
  if (!d) return ruleViolation('支付申请不存在');
  if (d.requestedBy === a.by)
    return ruleViolation(
      '申请人不能审批本人提出的支付申请（四眼原则）(the requester cannot decide their own request)',
    );
  return d.status === 'pending_approval' ? d : 'decided';
}

/**
 * A chief approves a held request: never the requester (even holding both roles), and only if every rule
 * still holds now (order still overdue and unpaid, still owed, workers still owed). The intent becomes
 * `pending` (finance is called next); deciding an already decided request changes nothing.
 */
export function approveMoneyRequest(
  c: InspectionCaseState,
  kind: MoneyKind,
  id: string,
  note: string,
  a: Acting,
): Result {
  const d = heldFor(c, kind, id, a);
  if (isDomainError(d) || d === 'decided') return d === 'decided' ? { events: [] } : d;
  const rest = without(c, kind, id);
  const again = kind === 'draws' ? requestDepositDraw(rest, d, a) : requestAdvance(rest, d, a);
  if (isDomainError(again)) return ruleViolation(`审批时复核未通过：${again.detail}`);
  const appended = again.append as Partial<Record<MoneyKind, MoneyIntent[]>> | undefined;
  const rechecked = appended?.[kind]?.[0] ?? d;
  return {
    set: {
      [kind]: (c[kind] ?? []).map((x) =>
        x.id === id
          ? {
              ...rechecked,
              status: 'pending',
              decidedBy: a.by,
              decidedAt: a.now,
              note,
            }
          : x,
      ),
    },
    append: {
      history: [
        entry(
          a.now,
          kind === 'draws' ? 'inspection.deposit_draw_approved' : 'inspection.emergency_advance_approved',
          `监察机构负责人批准${WORD[kind]} ${yuan(d.requestedFen)}（申请人 ${d.requestedBy}）${note ? `：${note}` : ''}`,
        ),
      ],
    },
    events: [],
  };
}

/** A chief rejects a held request with a note; nothing moves. */
export function rejectMoneyRequest(
  c: InspectionCaseState,
  kind: MoneyKind,
  id: string,
  note: string,
  a: Acting,
): Result {
  const d = heldFor(c, kind, id, a);
  if (isDomainError(d) || d === 'decided') return d === 'decided' ? { events: [] } : d;
  return {
    set: {
      [kind]: (c[kind] ?? []).map((x) =>
        x.id === id ? { ...x, status: 'rejected', decidedBy: a.by, decidedAt: a.now, note } : x,
      ),
    },
    append: {
      history: [
        entry(
          a.now,
          kind === 'draws' ? 'inspection.deposit_draw_rejected' : 'inspection.emergency_advance_rejected',
          `监察机构负责人驳回${WORD[kind]}申请 ${yuan(d.requestedFen)}：${note}`,
        ),
      ],
    },
    events: [],
  };
}

export function completeAdvance(
  c: InspectionCaseState,
  id: string,
  r: { advancedFen: number; recoveryClaimId: string; financeId: string },
  a: Acting,
): Result {
  const d = (c.advances ?? []).find((x) => x.id === id);
  if (!d || d.status !== 'pending') return { events: [] };
  const advances = (c.advances ?? []).map((x) =>
    x.id === id
      ? {
          ...x,
          status: 'completed' as const,
          doneFen: r.advancedFen,
          recoveryClaimId: r.recoveryClaimId,
          financeId: r.financeId,
          completedAt: a.now,
          outstandingAfterFen: Math.max(0, (c.outstandingFen ?? 0) - r.advancedFen),
        }
      : x,
  );
  return paid(
    c,
    r.advancedFen,
    'emergency_fund',
    a,
    { advances },
    `应急周转金垫付 ${yuan(r.advancedFen)}，向用人单位追偿（追偿编号 ${r.recoveryClaimId}）`,
  );
}

/** An administrative penalty: within the statutory range, only after an order to correct expired unmet. */
export function decidePenalty(
  c: InspectionCaseState,
  input: { id: string; violation: string; amountFen: number; legalBasis: string },
  a: Acting,
): Result {
  const closed = open(c);
  if (closed) return closed;
  const rule = VIOLATIONS[input.violation];
  if (!rule) return ruleViolation(`未知的违法情形：${input.violation}`);
  if (input.amountFen < rule.penaltyMinFen || input.amountFen > rule.penaltyMaxFen) {
    return ruleViolation(
      `${rule.description}的罚款应在 ${yuan(rule.penaltyMinFen)}–${yuan(rule.penaltyMaxFen)} 之间（${rule.legalBasis}）`,
    );
  }
  const today = shanghaiDate(a.now);
  const expired = (c.orders ?? []).find(
    (o) =>
      o.kind === 'rectification' && !o.met && o.violations.includes(input.violation) && o.dueDate < today,
  );
  if (!expired) {
    return ruleViolation(
      `须先责令改正“${rule.description}”且期满仍未改正，方可处罚 (no expired order to correct this violation)`,
    );
  }
  if ((c.penalties ?? []).some((p) => p.violation === input.violation))
    return ruleViolation('该违法情形已作出行政处罚决定（一事不再罚）');
  const legalBasis = input.legalBasis || rule.legalBasis;
  const penalty: Penalty = {
    id: input.id,
    violation: input.violation,
    amountFen: input.amountFen,
    legalBasis,
    decidedAt: a.now,
    workStoppage: rule.workStoppage,
  };
  return {
    append: {
      penalties: [penalty],
      history: [
        entry(
          a.now,
          'inspection.penalty_decided',
          `行政处罚：${rule.description}，罚款 ${yuan(input.amountFen)}${rule.workStoppage ? '，责令停工' : ''}（${legalBasis}）`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.PenaltyDecided.v1', {
        caseId: c.caseId,
        regionCode: c.regionCode,
        employer: employerRef(c),
        violation: input.violation,
        amountFen: String(input.amountFen),
        legalBasis,
      }),
    ],
  };
}

/** Why a referral cannot be made now: each missing condition in words an official can act on. */
export function referralObstacles(c: InspectionCaseState, t: CrimeThreshold, now: Date): string[] {
  const out: string[] = [];
  const arrears = c.arrearsFen ?? 0;
  const workers = c.confirmedWorkerCount ?? 0;
  if (!arrears) out.push('尚未查实欠薪数额（请先登记欠薪调查结论）');
  else if (!crimeAmountReached(arrears, workers, t)) {
    out.push(
      `查实欠薪 ${yuan(arrears)}（${workers} 人）未达本省拒不支付劳动报酬罪数额标准：一人 ${yuan(t.individualFen)} 以上，或 ${t.groupWorkers} 人以上合计 ${yuan(t.groupFen)} 以上`,
    );
  }
  if (!ignoredOrder(c, now)) out.push('没有经责令支付后逾期仍不支付的记录（须先下达责令支付决定且期满未付）');
  if (arrears && (c.outstandingFen ?? 0) === 0) out.push('欠薪已全部支付');
  if ((c.referrals ?? []).some((r) => r.status !== 'rejected')) out.push('本案已移送公安机关');
  return out;
}

/** 移送公安: above the province's crime amount and after an ignored order, with the statutory deadlines. */
export function referToPolice(
  c: InspectionCaseState,
  input: { id: string; reason: string },
  t: CrimeThreshold,
  a: Acting,
  rules = NATIONAL_RULES,
): Result {
  const closed = open(c);
  if (closed) return closed;
  const obstacles = referralObstacles(c, t, a.now);
  if (obstacles.length) return ruleViolation(`不符合移送公安条件：${obstacles.join('；')}`);
  const order = ignoredOrder(c, a.now)!;
  const ignoredAt = order.overdueAt ?? endOfShanghaiDay(order.dueDate);
  const referral: Referral = {
    id: input.id,
    reason: input.reason,
    status: 'sent',
    arrearsFen: c.arrearsFen ?? 0,
    workerCount: c.confirmedWorkerCount ?? 0,
    orderIgnoredAt: ignoredAt,
    agencyDecisionDueAt: new Date(ignoredAt.getTime() + rules.referralDecisionDays * 86_400_000),
    decidedToReferAt: a.now,
    transferDueAt: new Date(a.now.getTime() + rules.referralTransferHours * 3_600_000),
    transferredAt: a.now,
    policeReviewDueAt: new Date(a.now.getTime() + rules.policeReviewDays * 86_400_000),
  };
  return {
    append: {
      referrals: [referral],
      history: [
        entry(
          a.now,
          'inspection.police_referral_sent',
          `涉嫌拒不支付劳动报酬罪，移送公安机关（欠薪 ${yuan(referral.arrearsFen)}，${referral.workerCount} 人）`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.PoliceReferralSent.v1', {
        caseId: c.caseId,
        referralId: referral.id,
        regionCode: c.regionCode,
        employer: employerRef(c),
        arrearsFen: String(referral.arrearsFen),
        workerCount: referral.workerCount,
        reason: input.reason,
      }),
    ],
  };
}

/** The police decision: accept, or reject with a reason, on a referral still waiting for it. */
export function decideReferral(
  c: InspectionCaseState,
  input: { referralId: string; decision: 'accepted' | 'rejected'; reason: string },
  a: Acting,
): Result {
  const r = (c.referrals ?? []).find((x) => x.id === input.referralId);
  if (!r) return ruleViolation('移送记录不存在');
  if (r.status !== 'sent')
    return ruleViolation(`该移送已${r.status === 'accepted' ? '立案' : '不予立案'}，不能再次决定`);
  if (input.decision === 'rejected' && !input.reason)
    return ruleViolation('不予立案须说明理由 (a rejection needs a reason)');
  return {
    set: {
      referrals: (c.referrals ?? []).map((x) =>
        x.id === r.id
          ? {
              ...x,
              status: input.decision,
              policeDecidedAt: a.now,
              policeDecisionReason: input.reason,
              policeDecidedBy: a.by,
            }
          : x,
      ),
    },
    append: {
      history: [
        entry(
          a.now,
          'inspection.police_referral_decided',
          input.decision === 'accepted' ? '公安机关决定立案侦查' : `公安机关不予立案：${input.reason}`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.PoliceReferralDecided.v1', {
        caseId: c.caseId,
        referralId: r.id,
        regionCode: c.regionCode,
        employer: employerRef(c),
        decision: input.decision,
        reason: input.reason,
      }),
    ],
  };
}

export const CLOSE_OUTCOMES = [
  'paid_in_full',
  'partially_recovered',
  'referred_to_police',
  'no_violation',
  'transferred',
  'withdrawn',
] as const;

/** Closing with outcome, amount recovered and workers paid; a look-back review (回头看) falls due later. */
export function closeCase(
  c: InspectionCaseState,
  input: { outcome: string; recoveredFen: number; workersPaid: number },
  a: Acting,
  rules = NATIONAL_RULES,
): Result {
  const closed = open(c);
  if (closed) return closed;
  if ([...(c.draws ?? []), ...(c.advances ?? [])].some((x) => x.status === 'pending')) {
    return ruleViolation('仍有支付中的保证金动用或应急周转金垫付，完成后方可结案');
  }
  if (input.recoveredFen > (c.arrearsFen ?? 0) && (c.arrearsFen ?? 0) > 0) {
    return ruleViolation(`追回金额 ${yuan(input.recoveredFen)} 超过查实欠薪 ${yuan(c.arrearsFen ?? 0)}`);
  }
  const outstandingFen = Math.max(0, (c.arrearsFen ?? 0) - input.recoveredFen);
  const closure: Closure = {
    outcome: input.outcome,
    recoveredFen: input.recoveredFen,
    workersPaid: input.workersPaid,
    closedAt: a.now,
    closedBy: a.by,
  };
  const lookBack: LookBack = {
    status: 'due',
    dueDate: addCalendarDays(shanghaiDate(a.now), rules.lookBackDays),
  };
  return {
    set: { status: 'closed', closure, lookBack, closedAt: a.now },
    append: {
      history: [
        entry(
          a.now,
          'inspection.closed',
          `结案（${input.outcome}）：追回 ${yuan(input.recoveredFen)}，${input.workersPaid} 名农民工获得支付；${lookBack.dueDate} 前回头看`,
        ),
      ],
    },
    events: [
      draft(c, 'inspection.CaseClosed.v1', {
        caseId: c.caseId,
        regionCode: c.regionCode,
        employer: employerRef(c),
        outcome: input.outcome,
        recoveredFen: String(input.recoveredFen),
        workersPaid: input.workersPaid,
        outstandingFen: String(outstandingFen),
      }),
    ],
  };
}

export function completeLookBack(c: InspectionCaseState, result: string, a: Acting): Result {
  if (c.status !== 'closed' || !c.lookBack) return ruleViolation('只有已结案件才有回头看任务');
  if (c.lookBack.status === 'done') return ruleViolation('回头看已完成');
  return {
    set: { lookBack: { ...c.lookBack, status: 'done', doneAt: a.now, result } },
    append: { history: [entry(a.now, 'inspection.look_back_done', `回头看：${result}`)] },
    events: [],
  };
}

/** The scheduler: a police review past its 3 days shows on the case, once. */
export function markReviewOverdue(c: InspectionCaseState, referralId: string, a: Acting): Result {
  const r = (c.referrals ?? []).find((x) => x.id === referralId);
  if (!r || r.status !== 'sent' || r.reviewOverduePublished || r.policeReviewDueAt > a.now)
    return { events: [] };
  return {
    set: {
      referrals: (c.referrals ?? []).map((x) =>
        x.id === referralId ? { ...x, reviewOverduePublished: true } : x,
      ),
    },
    append: {
      history: [
        entry(a.now, 'inspection.police_review_overdue', '公安机关审查期限（3 日）已过，尚未作出立案决定'),
      ],
    },
    events: [],
  };
}
