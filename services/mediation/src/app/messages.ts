import { maskPhone, maskResidentId } from '@wage/pii';
import type { PersonalDataProtection } from '@wage/kit';
import { mediation as pb } from '@wage/proto';
import { outstandingOfAward } from '../domain/arbitrationCase';
import { outstandingOfAgreement } from '../domain/mediationCase';
import type { ArbitrationCaseDoc, CourtRequestDoc, MediationCaseDoc } from '../infra/models';

const iso = (d: Date | undefined | null) => (d ? new Date(d).toISOString() : '');

/** The applicant as a response shows it: masked unless a pii-reader asked to unmask (audited by the caller). */
function applicantOf(doc: MediationCaseDoc, pii: PersonalDataProtection, unmask: boolean): pb.Person {
  const a = doc.applicant;
  if (!a?.idNumberEnc) return { name: a?.name ?? '', idNumber: '', phone: '' };
  const idNumber = pii.cipher.decrypt(a.idNumberEnc);
  const phone = pii.cipher.decrypt(a.phoneEnc);
  return unmask
    ? { name: a.name, idNumber, phone }
    : { name: a.name, idNumber: maskResidentId(idNumber), phone: maskPhone(phone) };
}

export function toMediationMessage(
  doc: MediationCaseDoc,
  pii: PersonalDataProtection,
  unmask = false,
): pb.MediationCase {
  const ag = doc.agreement;
  return pb.MediationCase.fromPartial({
    id: doc._id,
    caseId: doc.caseId,
    caseNo: doc.caseNo,
    status: doc.status,
    regionCode: doc.regionCode,
    applicant: applicantOf(doc, pii, unmask),
    employer: { name: doc.employer.name, uscc: doc.employer.uscc },
    claimFen: String(doc.claimFen),
    source: doc.source,
    mediator: doc.mediator,
    openedAt: iso(doc.openedAt),
    dueAt: iso(doc.dueAt),
    dueProvisional: doc.dueProvisional,
    sessions: (doc.sessions ?? []).map((s) => ({
      heldAt: iso(s.heldAt),
      mediator: s.mediator,
      note: s.note,
    })),
    agreedFen: String(ag?.agreedFen ?? 0),
    payBy: ag?.payBy ?? '',
    agreedAt: iso(ag?.agreedAt),
    paidFen: String(ag?.paidFen ?? 0),
    outstandingFen: String(outstandingOfAgreement(doc)),
    failureReason: doc.failureReason ?? '',
    endedAt: iso(doc.endedAt),
    arbitrationCaseId: doc.arbitrationCaseId ?? '',
    paymentOrderId: doc.paymentOrderId ?? '',
    unpaid: !!ag?.unpaidPublishedAt,
    version: String(doc.version),
  });
}

export function toArbitrationMessage(doc: ArbitrationCaseDoc): pb.ArbitrationCase {
  const aw = doc.award;
  return pb.ArbitrationCase.fromPartial({
    id: doc._id,
    caseId: doc.caseId,
    caseNo: doc.caseNo,
    mediationCaseId: doc.mediationCaseId,
    status: doc.status,
    regionCode: doc.regionCode,
    employer: { name: doc.employer.name, uscc: doc.employer.uscc },
    claimFen: String(doc.claimFen),
    appliedAt: iso(doc.appliedAt),
    acceptanceDueAt: iso(doc.acceptanceDueAt),
    acceptedAt: iso(doc.acceptedAt),
    decisionDueAt: iso(doc.decisionDueAt),
    extended: doc.extended,
    rejectionReason: doc.rejectionReason ?? '',
    hearings: (doc.hearings ?? []).map((h) => ({ hearingAt: iso(h.hearingAt), place: h.place })),
    interimOrders: (doc.interimOrders ?? []).map((o) => ({
      id: o.id,
      amountFen: String(o.amountFen),
      reason: o.reason,
      orderedAt: iso(o.orderedAt),
    })),
    awardFen: String(aw?.awardFen ?? 0),
    final: aw?.final ?? false,
    thresholdFen: String(aw?.thresholdFen ?? 0),
    awardedAt: iso(aw?.awardedAt),
    effectiveDate: aw?.effectiveDate ?? '',
    payBy: aw?.payBy ?? '',
    paidFen: String(aw?.paidFen ?? 0),
    outstandingFen: String(outstandingOfAward(doc)),
    enforcementId: doc.enforcementId ?? '',
    unpaid: !!aw?.unpaidPublishedAt,
    version: String(doc.version),
  });
}

export function toCourtMessage(doc: CourtRequestDoc): pb.CourtRequest {
  return pb.CourtRequest.fromPartial({
    id: doc._id,
    kind: doc.kind,
    caseId: doc.caseId,
    caseNo: doc.caseNo,
    regionCode: doc.regionCode,
    sourceId: doc.sourceId,
    employer: { name: doc.employer.name, uscc: doc.employer.uscc },
    amountFen: String(doc.amountFen),
    status: doc.status,
    requestedAt: iso(doc.requestedAt),
    decisionReason: doc.decisionReason ?? '',
    decidedAt: iso(doc.decidedAt),
    dueDate: doc.dueDate ?? '',
    recoveredFen: String(doc.recoveredFen ?? 0),
    concludedAt: iso(doc.concludedAt),
    version: String(doc.version),
  });
}
