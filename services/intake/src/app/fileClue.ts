import {
  actorOf,
  idFromIdempotencyKey,
  newId,
  parseInput,
  type PersonalDataProtection,
  type Principal,
} from '@wage/kit';
import { maskPhone, maskResidentId } from '@wage/pii';
import { intake as pb } from '@wage/proto';
import { clueInputSchema, isGroupClue, type ClueInput } from '../domain/clue';
import type { ClueDoc, IntakeCaseDoc } from '../infra/models';
import { protectPerson } from '../infra/personalData';
import { receiveClue, ROUTE_TO_PB, type ClueFacts, type IntakeDeps, type Received } from './receive';

export { ROUTE_TO_PB, type IntakeDeps } from './receive';

/** From the wire (int64 as string) to the domain input, validated field by field. */
export function parseFileClue(req: pb.FileClueRequest): ClueInput {
  const amount = Number(req.amountFen);
  const raw = {
    channel: req.channel,
    regionCode: req.regionCode,
    reporter: req.reporter ?? {},
    employer: { name: req.employer?.name ?? '', ...(req.employer?.uscc ? { uscc: req.employer.uscc } : {}) },
    ...(req.projectId ? { projectId: req.projectId } : {}),
    workerCount: req.workerCount,
    amountFen: Number.isSafeInteger(amount) ? amount : NaN,
    description: req.description,
    ...(req.occurredFrom ? { occurredFrom: req.occurredFrom } : {}),
    ...(req.occurredTo ? { occurredTo: req.occurredTo } : {}),
    ...(req.sensitive ? { sensitive: true } : {}),
    ...(req.employerVanished ? { employerVanished: true } : {}),
  };
  return parseInput(clueInputSchema, raw, '线索信息不完整或有误');
}

/** A validated clue as intake stores it: personal data encrypted with keyed hashes. */
export function clueFacts(input: ClueInput, pii: PersonalDataProtection): ClueFacts {
  return {
    channel: input.channel,
    regionCode: input.regionCode,
    reporter: protectPerson(pii, input.reporter),
    employer: input.employer,
    ...(input.projectId ? { projectId: input.projectId } : {}),
    workerCount: input.workerCount,
    amountFen: input.amountFen,
    description: input.description,
    ...(input.occurredFrom ? { occurredFrom: input.occurredFrom } : {}),
    ...(input.occurredTo ? { occurredTo: input.occurredTo } : {}),
    group: isGroupClue(input),
    ...(input.sensitive ? { sensitive: true } : {}),
    ...(input.employerVanished ? { employerVanished: true } : {}),
  };
}

export async function fileClue(
  deps: IntakeDeps,
  principal: Principal,
  request: pb.FileClueRequest,
  idempotencyKey: string | undefined,
): Promise<Received> {
  const input = parseFileClue(request);
  const clueId = idempotencyKey ? idFromIdempotencyKey(`clue:${principal.subject}`, idempotencyKey) : newId();
  return receiveClue(deps, clueFacts(input, deps.pii), {
    clueId,
    receivingRegion: principal.region,
    receivedBy: principal.username,
    actor: actorOf(principal),
  });
}

/** The reporter as a response shows them: masked, or decrypted for an authorised, audited reader. */
export function reporterView(
  doc: ClueDoc,
  pii: PersonalDataProtection,
  unmask: boolean,
): pb.Person | undefined {
  if (!doc.reporter) return undefined;
  const idNumber = pii.cipher.decrypt(doc.reporter.idNumberEnc);
  const phone = pii.cipher.decrypt(doc.reporter.phoneEnc);
  return unmask
    ? { name: doc.reporter.name, idNumber, phone }
    : { name: doc.reporter.name, idNumber: maskResidentId(idNumber), phone: maskPhone(phone) };
}

/** A clue with its case's current state (status, route, deadline and reporter count follow the case). */
export function toClueMessage(doc: ClueDoc, c?: IntakeCaseDoc | null, reporter?: pb.Person): pb.Clue {
  return pb.Clue.fromPartial({
    ...(reporter ? { reporter } : {}),
    id: doc._id,
    caseId: doc.caseId,
    caseNo: doc.caseNo,
    status: c?.status ?? doc.status,
    caseStatus: c?.status ?? doc.status,
    route: ROUTE_TO_PB[c?.route ?? doc.route],
    routeReason: c?.routeReason ?? doc.routeReason,
    merged: doc.merged,
    filingDueAt: (c?.filingDueAt ?? doc.filingDueAt).toISOString(),
    filingDueProvisional: c?.dueProvisional ?? false,
    reporterCount: c?.clueIds.length ?? 1,
    targetRegionCode: c?.targetRegionCode ?? '',
    policeFlag: c?.policeFlag ?? false,
    industryRegulator: c?.industryRegulator ?? '',
    channel: doc.channel,
    regionCode: doc.regionCode,
    employer: { name: doc.employer.name, uscc: doc.employer.uscc ?? '' },
    projectId: doc.projectId ?? '',
    linkedCaseId: doc.linkedCaseId ?? '',
    workerCount: doc.workerCount,
    amountFen: String(doc.amountFen),
    receivedAt: doc.receivedAt.toISOString(),
    version: String(doc.version),
  });
}
