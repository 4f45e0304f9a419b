import { z } from 'zod';
import { validateUscc } from '@wage/cn';
import {
  actorOf,
  alreadyExists,
  annotateContext,
  coversRegion,
  idempotent,
  idFromIdempotencyKey,
  newId,
  notFound,
  parseInput,
  regionFilter,
  regionScopeFilter,
  requireRegion,
  ruleViolation,
  inRegion,
  type Principal,
} from '@wage/kit';
import type { credit as pb } from '@wage/proto';
import { factsStatement, listingCriteria } from '../domain/criteria';
import { decide, propose, recordAnswer, remove, type ListingProposalState } from '../domain/listingProposal';
import type { Listing } from '../domain/rating';
import { listingInForce } from '../domain/rating';
import type { EnterpriseProfileDoc, ListingProposalDoc } from '../infra/models';
import { acting, fingerprint, type CreditDeps } from './deps';
import { toProposalMessage } from './messages';
import { reviseProfile } from './profile';

const WHAT = '失信名单列入程序';
const idField = z.string().trim().min(1, '必填').max(64);
const reasonField = z.string().trim().min(1, '必填').max(2_000);
const person = z.string().trim().min(1).max(50);

const proposeSchema = z.object({
  uscc: z.string().refine((v) => validateUscc(v).ok, '统一社会信用代码无效 (GB 32100 校验失败)'),
  caseId: idField.regex(/^[A-Za-z0-9-]+$/, '案件编号格式有误'),
  reason: reasonField,
  responsiblePersons: z.array(person).max(20),
});

/** POST /credit/blacklist: refused naming the missing criterion; otherwise proposed and notified. */
export async function proposeListing(
  deps: CreditDeps,
  p: Principal,
  req: pb.ProposeListingRequest,
  key: string | undefined,
): Promise<pb.ListingProposal> {
  const input = parseInput(proposeSchema, req, '列入失信名单申请：信息不完整或有误');
  const fp = fingerprint(req);
  const id = key ? idFromIdempotencyKey(`listing:${p.subject}`, key) : newId();
  const replay = (doc: ListingProposalDoc) => {
    if (doc.proposedBy?.fingerprint !== fp)
      throw ruleViolation('同一幂等键已用于内容不同的请求 (Idempotency-Key reused with a different request)');
    return toProposalMessage(doc);
  };
  const existing = await deps.models.ListingProposal.findById(id).lean<ListingProposalDoc>();
  if (existing) return replay(existing);

  annotateContext({ caseId: input.caseId });
  const profile = await deps.models.EnterpriseProfile.findById(input.uscc).lean<EnterpriseProfileDoc>();
  if (profile) requireRegion(p, profile.regionCode, '企业');
  const caseFacts = (profile?.facts ?? []).filter((f) => f.caseId === input.caseId);
  const criteria = listingCriteria(caseFacts, deps.rules.crimeAmount);
  if (!criteria.ok) {
    throw ruleViolation(
      `不符合列入失信联合惩戒名单的条件：${criteria.missing.map((m) => m.text).join('；')}`,
      criteria.missing.map((m) => ({ field: m.criterion, message: m.text })),
    );
  }
  const enterprise = profile as EnterpriseProfileDoc;
  if (listingInForce(enterprise.listings, new Date()))
    throw alreadyExists('该单位已在失信联合惩戒名单中 (already listed)');
  const open = await deps.models.ListingProposal.exists({
    uscc: input.uscc,
    caseId: input.caseId,
    status: { $in: ['notified', 'answered', 'waived', 'listed'] },
  });
  if (open) throw alreadyExists('该案件已有进行中的列入程序 (a proposal for this case is under way)');

  const { state, events } = propose(
    {
      id,
      uscc: input.uscc,
      enterpriseName: enterprise.name,
      legalRepresentative: enterprise.legalRepresentative,
      responsiblePersons: input.responsiblePersons,
      caseId: input.caseId,
      regionCode: enterprise.regionCode,
      reason: input.reason,
      facts: factsStatement(caseFacts, criteria.held),
      criteria: criteria.held,
    },
    acting(p),
    deps.rules,
    deps.calendar,
  );
  const proposed = await deps.proposals.createOnce(
    { ...state, proposedBy: { subject: p.subject, key: key ?? '', fingerprint: fp } },
    events,
    { actor: actorOf(p) },
  );
  if (proposed.created) return toProposalMessage(proposed.doc);
  if (proposed.doc) return replay(proposed.doc);
  throw alreadyExists('该案件已有进行中的列入程序 (a proposal for this case is under way)');
}

const answerSchema = z.object({ id: idField, statement: z.string().max(5_000), waived: z.boolean() });

export async function recordAnswerCommand(
  deps: CreditDeps,
  p: Principal,
  req: pb.RecordAnswerRequest,
  key: string | undefined,
) {
  const input = parseInput(answerSchema, req, '陈述申辩：信息不完整或有误');
  const a = acting(p);
  const doc = await deps.proposals.mutate(
    { _id: input.id },
    inRegion(
      p,
      WHAT,
      idempotent(key, fingerprint(req), a.now, (c) => recordAnswer(c, input, a)),
    ),
    { actor: actorOf(p) },
  );
  return toProposalMessage(doc);
}

const decisionSchema = z.object({
  id: idField,
  decision: z.enum(['list', 'drop'], '应为 list 或 drop'),
  reason: z.string().max(2_000),
});

export async function decideListingCommand(
  deps: CreditDeps,
  p: Principal,
  req: pb.DecideListingRequest,
  key: string | undefined,
) {
  const input = parseInput(decisionSchema, req, '列入决定：信息不完整或有误');
  const a = acting(p);
  const doc = await deps.proposals.mutate(
    { _id: input.id },
    inRegion(
      p,
      WHAT,
      idempotent(key, fingerprint(req), a.now, (c) => decide(c, input, a, deps.rules)),
    ),
    { actor: actorOf(p) },
  );
  await syncListing(deps, doc);
  return toProposalMessage(doc);
}

const removalSchema = z.object({ id: idField, reason: reasonField, pledgeReference: z.string().max(200) });

export async function requestRemovalCommand(
  deps: CreditDeps,
  p: Principal,
  req: pb.RequestRemovalRequest,
  key: string | undefined,
) {
  const input = parseInput(removalSchema, req, '提前移出申请：信息不完整或有误');
  const current = await deps.models.ListingProposal.findById(input.id).lean<ListingProposalDoc>();
  if (!current || !coversRegion(p, current.regionCode)) throw notFound(`${WHAT}不存在`);
  const profile = await deps.models.EnterpriseProfile.findById(current.uscc).lean<EnterpriseProfileDoc>();
  const violations = [...deps.rules.rating.dishonestKinds, ...deps.rules.rating.recordKinds];
  const a = acting(p);
  const doc = await deps.proposals.mutate(
    { _id: input.id },
    inRegion(
      p,
      WHAT,
      idempotent(key, fingerprint(req), a.now, (c) =>
        remove(c, input, profile?.facts ?? [], violations, a, deps.rules),
      ),
    ),
    { actor: actorOf(p) },
  );
  await syncListing(deps, doc);
  return toProposalMessage(doc);
}

/**
 * Carries a listing change (listed, removed, expired) to the enterprise's profile, once per step, and clears
 * the proposal's flag; the scheduler repeats it for any proposal a crash left unsynced.
 */
export async function syncListing(deps: CreditDeps, c: ListingProposalState): Promise<void> {
  if (
    c.profileSynced !== false ||
    !['listed', 'removed', 'expired'].includes(c.status) ||
    !c.listedFrom ||
    !c.listedUntil
  )
    return;
  const entry: Listing = {
    proposalId: c._id,
    caseId: c.caseId,
    listedFrom: c.listedFrom,
    listedUntil: c.listedUntil,
    status: c.status as Listing['status'],
  };
  await reviseProfile(
    deps,
    { uscc: c.uscc, name: '', legalRepresentative: '', regionCode: c.regionCode },
    `listing:${c._id}:${c.status}`,
    { listings: (current) => [...current.filter((l) => l.proposalId !== c._id), entry] },
    c.endedAt ?? c.decidedAt ?? new Date(),
  );
  await deps.models.ListingProposal.updateOne(
    { _id: c._id, status: c.status },
    { $set: { profileSynced: true } },
  );
}

export async function getListingProposal(deps: CreditDeps, p: Principal, req: pb.GetListingProposalRequest) {
  const doc = await deps.models.ListingProposal.findById(req.id).lean<ListingProposalDoc>();
  if (!doc || !coversRegion(p, doc.regionCode)) throw notFound(`${WHAT}不存在`);
  return toProposalMessage(doc);
}

const listSchema = z.object({
  status: z.enum(['', 'notified', 'answered', 'waived', 'listed', 'dropped', 'removed', 'expired']),
  uscc: z.string().max(18),
  regionCode: z.string().regex(/^(\d{6})?$/, '不是有效的行政区划代码'),
  limit: z.number().int().min(0).max(200),
  cursor: z.string().max(64),
});

export async function listListingProposals(
  deps: CreditDeps,
  p: Principal,
  req: pb.ListListingProposalsRequest,
): Promise<pb.ListListingProposalsResponse> {
  const input = parseInput(listSchema, req, '查询条件有误');
  const limit = input.limit || 50;
  const filter: Record<string, unknown> = { $and: [regionScopeFilter(p)] };
  const and = filter.$and as Array<Record<string, unknown>>;
  if (input.regionCode) and.push(regionFilter(input.regionCode));
  if (input.status) and.push({ status: input.status });
  if (input.uscc) and.push({ uscc: input.uscc });
  if (input.cursor) and.push({ _id: { $lt: input.cursor } });
  const docs = await deps.models.ListingProposal.find(filter)
    .sort({ _id: -1 })
    .limit(limit + 1)
    .lean<ListingProposalDoc[]>();
  const page = docs.slice(0, limit);
  return {
    items: page.map(toProposalMessage),
    nextCursor: docs.length > limit ? (page[page.length - 1]?._id ?? '') : '',
  };
}
