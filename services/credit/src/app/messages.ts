import { credit as pb } from '@wage/proto';
import type { ListingProposalDoc } from '../infra/models';

const iso = (d: Date | undefined | null) => (d ? new Date(d).toISOString() : '');

export function toProposalMessage(d: ListingProposalDoc): pb.ListingProposal {
  return pb.ListingProposal.fromPartial({
    id: d._id,
    uscc: d.uscc,
    enterpriseName: d.enterpriseName,
    legalRepresentative: d.legalRepresentative,
    responsiblePersons: d.responsiblePersons ?? [],
    caseId: d.caseId,
    regionCode: d.regionCode,
    reason: d.reason,
    status: d.status,
    facts: d.facts,
    criteria: d.criteria ?? [],
    proposedAt: iso(d.proposedAt),
    answerDueDate: d.answerDueDate,
    answerDueProvisional: d.answerDueProvisional,
    answerStatement: d.answer?.statement ?? '',
    answerWaived: d.answer?.waived ?? false,
    answeredAt: iso(d.answer?.at),
    decision: d.decision ?? '',
    decidedAt: iso(d.decidedAt),
    listedFrom: d.listedFrom ?? '',
    listedUntil: d.listedUntil ?? '',
    endReason: d.endReason ?? '',
    endedAt: iso(d.endedAt),
    steps: (d.steps ?? []).map((s) => ({ at: iso(s.at), type: s.type, summary: s.summary })),
  });
}
