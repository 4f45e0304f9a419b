import {
  conflict,
  idFromIdempotencyKey,
  invalidArgument,
  isDuplicateKey,
  notFound,
  parseInput,
  regionScopeFilter,
  requireRegion,
  type Principal,
} from '@wage/kit';
import type { intake as pb } from '@wage/proto';
import { lawyerNameSchema, legalAidAskSchema } from '../domain/selfService';
import type { LegalAidRequestDoc } from '../infra/models';
import { trackedClue } from './publicClues';
import type { IntakeDeps } from './receive';

/** POST /public/clues/{trackingCode}/legal-aid: into the queue of the legal-aid centre of the case's county. */
export async function requestLegalAid(deps: IntakeDeps, req: pb.LegalAidAsk): Promise<pb.LegalAidRequest> {
  const { clue, intakeCase: c } = await trackedClue(deps, req.trackingCode, req.accessCode);
  const { reason } = parseInput(legalAidAskSchema, req, '法律援助申请有误');
  const id = idFromIdempotencyKey('legal-aid', clue._id); // one request per report: a repeat answers the first
  const doc: LegalAidRequestDoc = {
    _id: id,
    clueId: clue._id,
    caseId: c._id,
    caseNo: c.caseNo,
    regionCode: c.regionCode,
    reason,
    status: 'pending',
    requestedAt: new Date(),
    employer: clue.employer,
    amountFen: clue.amountFen,
    workerCount: clue.workerCount,
  };
  try {
    await deps.models.LegalAidRequest.collection.insertOne(doc as never);
    return legalAidMessage(doc, true);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const first = (await deps.models.LegalAidRequest.findById(id).lean()) as LegalAidRequestDoc;
    return legalAidMessage(first, false);
  }
}

const STATUSES = ['pending', 'accepted'];

/** GET /legal-aid/requests: the centre's queue, its own region and below, newest first. */
export async function listLegalAidRequests(
  deps: IntakeDeps,
  p: Principal,
  req: pb.ListLegalAidRequestsRequest,
): Promise<pb.ListLegalAidRequestsResponse> {
  if (req.status && !STATUSES.includes(req.status))
    throw invalidArgument('查询参数有误', [{ field: 'status', message: `应为 ${STATUSES.join('|')}` }]);
  const limit = Math.min(Math.max(req.limit || 50, 1), 200);
  const docs = (await deps.models.LegalAidRequest.find({
    $and: [
      regionScopeFilter(p),
      req.status ? { status: req.status } : {},
      req.cursor ? { _id: { $lt: req.cursor } } : {},
    ],
  })
    .sort({ _id: -1 })
    .limit(limit + 1)
    .lean()) as LegalAidRequestDoc[];
  const page = docs.slice(0, limit);
  return {
    items: page.map((d) => legalAidMessage(d, false)),
    nextCursor: docs.length > limit ? page[page.length - 1]!._id : '',
  };
}

/** POST /legal-aid/requests/{id}/acceptance: names the lawyer; the same lawyer again changes nothing. */
export async function acceptLegalAidRequest(
  deps: IntakeDeps,
  p: Principal,
  req: pb.AcceptLegalAidRequestRequest,
): Promise<pb.LegalAidRequest> {
  const { lawyerName } = parseInput(lawyerNameSchema, req, '受理信息有误');
  const doc = (await deps.models.LegalAidRequest.findById(req.id).lean()) as LegalAidRequestDoc | null;
  if (!doc) throw notFound('法律援助申请不存在');
  requireRegion(p, doc.regionCode, '法律援助申请');
  const updated = (await deps.models.LegalAidRequest.findOneAndUpdate(
    { _id: req.id, status: 'pending' },
    { $set: { status: 'accepted', lawyerName, acceptedAt: new Date(), acceptedBy: p.username } },
    { new: true },
  ).lean()) as LegalAidRequestDoc | null;
  if (updated) return legalAidMessage(updated, true);
  const now = (await deps.models.LegalAidRequest.findById(req.id).lean()) as LegalAidRequestDoc;
  if (now.lawyerName !== lawyerName) throw conflict(`该申请已受理，承办律师为 ${now.lawyerName}`);
  return legalAidMessage(now, false);
}

function legalAidMessage(d: LegalAidRequestDoc, created: boolean): pb.LegalAidRequest {
  return {
    id: d._id,
    caseId: d.caseId,
    caseNo: d.caseNo,
    regionCode: d.regionCode,
    reason: d.reason,
    status: d.status,
    lawyerName: d.lawyerName ?? '',
    requestedAt: d.requestedAt.toISOString(),
    acceptedAt: d.acceptedAt?.toISOString() ?? '',
    employer: { name: d.employer.name, uscc: d.employer.uscc ?? '' },
    amountFen: String(d.amountFen),
    workerCount: d.workerCount,
    created,
  };
}
