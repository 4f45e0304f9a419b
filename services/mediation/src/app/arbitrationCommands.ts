import { z } from 'zod';
import { minimumWageFor, shanghaiDate } from '@wage/cn';
import {
  actorOf,
  annotateContext,
  idFromIdempotencyKey,
  invalidArgument,
  newId,
  notFound,
  regionScopeFilter,
  requireRegion,
  type Decision,
  type DomainError,
  type Principal,
} from '@wage/kit';
import { mediation as pb } from '@wage/proto';
import {
  decideAcceptance,
  extendDecision,
  issueAward,
  linkEnforcement,
  orderInterimPayment,
  recordAwardPayment,
  scheduleHearing,
} from '../domain/arbitrationCase';
import { idempotent } from '@wage/kit';
import type { ArbitrationCaseDoc } from '../infra/models';
import { acting, fingerprint, inRegion, type MediationDeps } from './deps';
import { ensureEnforcement } from './links';
import { toArbitrationMessage, toCourtMessage } from './messages';
import { dateField, fenField, idField, instantField, pastInstantField, reasonField, validate } from './parse';

const WHAT = '仲裁案件';

/** The id of the one enforcement request an award can go to court with. */
export const enforcementIdOf = (arbitrationCaseId: string) =>
  idFromIdempotencyKey('enforcement', arbitrationCaseId);

async function move(
  deps: MediationDeps,
  p: Principal,
  id: string,
  key: string | undefined,
  fp: string,
  decide: (current: ArbitrationCaseDoc) => Decision | DomainError,
): Promise<ArbitrationCaseDoc> {
  const doc = await deps.arbitrations.mutate(
    { _id: id },
    inRegion(p, WHAT, idempotent<ArbitrationCaseDoc>(key, fp, new Date(), decide)),
    { actor: actorOf(p) },
  );
  annotateContext({ caseId: doc.caseId });
  return doc;
}

export async function decideAcceptanceCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.DecideAcceptanceRequest,
  key: string | undefined,
) {
  const input = validate(
    z
      .object({
        id: idField,
        decision: z.enum(['accepted', 'rejected'], { message: '应为 accepted 或 rejected' }),
        reason: z.string().trim().max(2_000),
      })
      .refine((v) => v.decision === 'accepted' || v.reason !== '', {
        path: ['reason'],
        message: '不予受理须说明理由',
      }),
    req,
    '受理决定',
  );
  const doc = await move(deps, p, input.id, key, fingerprint(pb.DecideAcceptanceRequest.toJSON(req)), (c) =>
    decideAcceptance(c, input, acting(p), deps.rules, deps.calendar),
  );
  return toArbitrationMessage(doc);
}

export async function scheduleHearingCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.ScheduleHearingRequest,
  key: string | undefined,
) {
  const input = validate(
    z.object({ id: idField, hearingAt: instantField, place: z.string().trim().min(1, '必填').max(200) }),
    req,
    '开庭排期',
  );
  const doc = await move(deps, p, input.id, key, fingerprint(pb.ScheduleHearingRequest.toJSON(req)), (c) =>
    scheduleHearing(c, { hearingAt: input.hearingAt, place: input.place }, acting(p)),
  );
  return toArbitrationMessage(doc);
}

export async function extendArbitrationCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.ExtendArbitrationRequest,
  key: string | undefined,
) {
  const input = validate(z.object({ id: idField, reason: reasonField }), req, '延期');
  const doc = await move(deps, p, input.id, key, fingerprint(pb.ExtendArbitrationRequest.toJSON(req)), (c) =>
    extendDecision(c, input.reason, acting(p), deps.rules, deps.calendar),
  );
  return toArbitrationMessage(doc);
}

/** 先予执行: wages ordered paid before the award. */
export async function orderInterimPaymentCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.OrderInterimPaymentRequest,
  key: string | undefined,
): Promise<pb.OrderInterimPaymentResponse> {
  const input = validate(
    z.object({ id: idField, amountFen: fenField(1), reason: reasonField }),
    req,
    '先予执行',
  );
  const orderId = key ? idFromIdempotencyKey(`interim:${input.id}`, key) : newId();
  const doc = await move(
    deps,
    p,
    input.id,
    key,
    fingerprint(pb.OrderInterimPaymentRequest.toJSON(req)),
    (c) =>
      orderInterimPayment(c, { id: orderId, amountFen: input.amountFen, reason: input.reason }, acting(p)),
  );
  return { orderId, arbitrationCase: toArbitrationMessage(doc) };
}

/** POST /arbitration/cases/{id}/award → `{final}` (一裁终局). */
export async function issueAwardCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.IssueAwardRequest,
  key: string | undefined,
): Promise<pb.IssueAwardResponse> {
  const input = validate(
    z.object({
      id: idField,
      awardFen: fenField(0),
      payBy: z.union([z.literal(''), dateField]),
      awardedAt: pastInstantField,
    }),
    req,
    '仲裁裁决',
  );
  const doc = await move(deps, p, input.id, key, fingerprint(pb.IssueAwardRequest.toJSON(req)), (c) =>
    issueAward(
      c,
      {
        awardFen: input.awardFen,
        awardedAt: input.awardedAt,
        minimumWage: minimumWageFor(deps.minimumWages, c.regionCode, shanghaiDate(input.awardedAt)),
        ...(input.payBy ? { payBy: input.payBy } : {}),
      },
      acting(p),
      deps.rules,
      deps.calendar,
    ),
  );
  return {
    final: doc.award?.final ?? false,
    thresholdFen: String(doc.award?.thresholdFen ?? 0),
    arbitrationCase: toArbitrationMessage(doc),
  };
}

export async function recordAwardPaymentCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.RecordPaymentRequest,
  key: string | undefined,
) {
  const input = validate(
    z.object({ id: idField, paidFen: fenField(1), paidAt: pastInstantField }),
    req,
    '履行登记',
  );
  const doc = await move(deps, p, input.id, key, fingerprint(pb.RecordPaymentRequest.toJSON(req)), (c) =>
    recordAwardPayment(c, { paidFen: input.paidFen, paidAt: input.paidAt, via: 'employer' }, acting(p)),
  );
  return toArbitrationMessage(doc);
}

/** POST /arbitration/cases/{id}/enforcement-requests → `{enforcementId}`: one per award. */
export async function requestEnforcementCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.RequestEnforcementRequest,
  key: string | undefined,
): Promise<pb.CourtRequest> {
  const input = validate(z.object({ id: idField }), req, '强制执行申请');
  const enforcementId = enforcementIdOf(input.id);
  const doc = await move(deps, p, input.id, key, fingerprint(pb.RequestEnforcementRequest.toJSON(req)), (c) =>
    linkEnforcement(c, enforcementId, acting(p)),
  );
  await ensureEnforcement(deps, doc, { actor: actorOf(p) });
  const e = await deps.models.CourtRequest.findById(doc.enforcementId ?? enforcementId).lean();
  if (!e) throw notFound('强制执行申请不存在');
  return toCourtMessage(e);
}

export async function getArbitrationCase(
  deps: MediationDeps,
  p: Principal,
  req: pb.GetRequest,
): Promise<pb.ArbitrationCase> {
  const filter = req.id ? { _id: req.id } : req.caseId ? { caseId: req.caseId } : undefined;
  if (!filter) throw invalidArgument('需要仲裁案件 id 或案件 caseId', [{ field: 'id', message: '必填' }]);
  const doc = await deps.models.ArbitrationCase.findOne(filter).lean<ArbitrationCaseDoc>();
  if (!doc) throw notFound(`${WHAT}不存在`);
  requireRegion(p, doc.regionCode, WHAT);
  return toArbitrationMessage(doc);
}

export async function listArbitrationCases(
  deps: MediationDeps,
  p: Principal,
  req: pb.ListRequest,
): Promise<pb.ListArbitrationCasesResponse> {
  const limit = Math.min(Math.max(req.limit || 50, 1), 200);
  const filter: Record<string, unknown> = regionScopeFilter(p);
  if (req.status) filter.status = req.status;
  if (req.cursor) filter._id = { $gt: req.cursor };
  const docs = await deps.models.ArbitrationCase.find(filter)
    .sort({ _id: 1 })
    .limit(limit + 1)
    .lean<ArbitrationCaseDoc[]>();
  const page = docs.slice(0, limit);
  return {
    items: page.map(toArbitrationMessage),
    nextCursor: docs.length > limit ? page[page.length - 1]!._id : '',
  };
}
