import { inspection as pb } from '@wage/proto';
import type { MoneyIntent, Referral } from '../domain/inspectionCase';
import type { InspectionCaseDoc } from '../infra/models';

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : '');
const s = (n: number | undefined) => String(n ?? 0);

export function referralMessage(c: InspectionCaseDoc, r: Referral, now = new Date()): pb.PoliceReferral {
  return pb.PoliceReferral.fromPartial({
    id: r.id,
    inspectionCaseId: c._id,
    caseId: c.caseId,
    caseNo: c.caseNo,
    regionCode: c.regionCode,
    employerName: c.employer.name,
    employerUscc: c.employer.uscc,
    arrearsFen: s(r.arrearsFen),
    workerCount: r.workerCount,
    reason: r.reason,
    status: r.status,
    orderIgnoredAt: iso(r.orderIgnoredAt),
    agencyDecisionDueAt: iso(r.agencyDecisionDueAt),
    decidedToReferAt: iso(r.decidedToReferAt),
    transferDueAt: iso(r.transferDueAt),
    transferredAt: iso(r.transferredAt),
    policeReviewDueAt: iso(r.policeReviewDueAt),
    policeDecidedAt: iso(r.policeDecidedAt),
    policeDecisionReason: r.policeDecisionReason ?? '',
    policeDecidedBy: r.policeDecidedBy ?? '',
    agencyLate: new Date(r.decidedToReferAt) > new Date(r.agencyDecisionDueAt),
    policeReviewOverdue:
      r.status === 'sent'
        ? now > new Date(r.policeReviewDueAt)
        : new Date(r.policeDecidedAt ?? 0) > new Date(r.policeReviewDueAt),
  });
}

const draw = (d: MoneyIntent): pb.DepositDraw =>
  pb.DepositDraw.fromPartial({
    id: d.id,
    number: d.number,
    status: d.status,
    requestedFen: s(d.requestedFen),
    drawnFen: s(d.doneFen),
    projectId: d.projectId,
    topUpDueDate: d.topUpDueDate ?? '',
    financeDrawId: d.financeId ?? '',
    requestedAt: iso(d.requestedAt),
    completedAt: iso(d.completedAt),
    refusal: d.refusal ?? '',
    depositBalanceFen: s(d.depositBalanceFen),
    workers: paidWorkers(d),
  });

/** The named workers a draw pays: the masked ID only, what the bank paid (0 while pending). */
export const paidWorkers = (d: MoneyIntent): pb.PaidWorker[] =>
  (d.payees ?? []).map((p) => ({ name: p.name, idNumber: p.idNumberMasked, paidFen: s(p.paidFen ?? 0) }));

const advance = (d: MoneyIntent): pb.EmergencyAdvance =>
  pb.EmergencyAdvance.fromPartial({
    id: d.id,
    number: d.number,
    status: d.status,
    requestedFen: s(d.requestedFen),
    advancedFen: s(d.doneFen),
    recoveryClaimId: d.recoveryClaimId ?? '',
    requestedAt: iso(d.requestedAt),
    completedAt: iso(d.completedAt),
    refusal: d.refusal ?? '',
  });

export function caseMessage(d: InspectionCaseDoc): pb.InspectionCase {
  return pb.InspectionCase.fromPartial({
    id: d._id,
    caseId: d.caseId,
    caseNo: d.caseNo,
    status: d.status,
    regionCode: d.regionCode,
    employerName: d.employer.name,
    employerUscc: d.employer.uscc,
    projectId: d.projectId,
    workerCount: d.workerCount,
    claimedArrearsFen: s(d.claimedArrearsFen),
    industryRegulator: d.industryRegulator,
    policeFlag: d.policeFlag,
    openedAt: iso(d.openedAt),
    version: String(d.version),
    assignedInspector: d.assignedInspector ?? '',
    investigationDueAt: iso(d.investigationDueAt),
    dueProvisional: Boolean(d.dueProvisional),
    extended: Boolean(d.extended),
    jointInspection: Boolean(d.industryRegulator),
    arrearsFen: s(d.arrearsFen),
    confirmedWorkerCount: d.confirmedWorkerCount ?? 0,
    outstandingFen: s(d.outstandingFen),
    recoveredFen: s(d.recoveredFen),
    findings: (d.findings ?? []).map((f) => ({
      ...f,
      arrearsFen: s(f.arrearsFen),
      foundAt: iso(f.foundAt),
      workers: (f.workers ?? []).map((w) => ({
        name: w.name,
        idNumber: w.idNumberMasked,
        owedFen: s(w.owedFen),
        paidFen: s(w.paidFen),
      })),
    })),
    complianceChecks: (d.complianceChecks ?? []).map((k) => ({
      ...k,
      checkedAt: iso(k.checkedAt),
      gaps: k.gaps.map((g) => ({
        ...g,
        penaltyMinFen: s(g.penaltyMinFen),
        penaltyMaxFen: s(g.penaltyMaxFen),
        foundAt: iso(g.foundAt),
      })),
    })),
    orders: (d.orders ?? []).map((o) => ({
      ...o,
      amountFen: s(o.amountFen),
      paidFen: s(o.paidFen),
      issuedAt: iso(o.issuedAt),
      servedAt: iso(o.servedAt),
      overdueAt: iso(o.overdueAt),
    })),
    payments: (d.payments ?? []).map((p) => ({
      paidFen: s(p.paidFen),
      payer: p.payer,
      at: iso(p.at),
      outstandingFen: s(p.outstandingFen),
    })),
    depositDraws: (d.draws ?? []).map(draw),
    emergencyAdvances: (d.advances ?? []).map(advance),
    penalties: (d.penalties ?? []).map((p) => ({
      ...p,
      amountFen: s(p.amountFen),
      decidedAt: iso(p.decidedAt),
    })),
    policeReferrals: (d.referrals ?? []).map((r) => referralMessage(d, r)),
    ...(d.closure
      ? {
          closure: {
            ...d.closure,
            recoveredFen: s(d.closure.recoveredFen),
            closedAt: iso(d.closure.closedAt),
          },
        }
      : {}),
    ...(d.lookBack
      ? {
          lookBack: {
            status: d.lookBack.status,
            dueDate: d.lookBack.dueDate,
            doneAt: iso(d.lookBack.doneAt),
            result: d.lookBack.result ?? '',
          },
        }
      : {}),
    timeline: d.history.map((h) => ({ at: iso(h.at), type: h.type, summary: h.summary })),
  });
}

/** A draw or advance as the approver sees it: who asked, what for, and whether its order was back-dated. */
export function moneyRequestMessage(
  c: InspectionCaseDoc,
  kind: 'draws' | 'advances',
  d: MoneyIntent,
): pb.MoneyRequest {
  return pb.MoneyRequest.fromPartial({
    requestId: d.id,
    kind: kind === 'draws' ? 'draw' : 'advance',
    status: d.status,
    amountFen: s(d.requestedFen),
    caseId: c.caseId,
    inspectionCaseId: c._id,
    caseNo: c.caseNo,
    regionCode: c.regionCode,
    projectId: d.projectId,
    requestedBy: d.requestedBy,
    requestedAt: iso(d.requestedAt),
    decidedBy: d.decidedBy ?? '',
    decidedAt: iso(d.decidedAt),
    note: d.note ?? '',
    backDated: Boolean(d.backDated),
    workers: paidWorkers(d),
    doneFen: s(d.doneFen),
    refusal: d.refusal ?? '',
  });
}
