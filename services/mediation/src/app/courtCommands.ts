import { z } from 'zod';
import {
  actorOf,
  annotateContext,
  invalidArgument,
  notFound,
  regionScopeFilter,
  requireRegion,
  type Decision,
  type DomainError,
  type Principal,
} from '@wage/kit';
import { mediation as pb } from '@wage/proto';
import { idempotent } from '@wage/kit';
import { concludeEnforcement, decideEnforcement, decidePaymentOrder } from '../domain/courtRequest';
import type { CourtRequestDoc } from '../infra/models';
import { acting, fingerprint, inRegion, type MediationDeps } from './deps';
import { applyRecovery } from './links';
import { toCourtMessage } from './messages';
import { fenField, idField, validate } from './parse';

const WHAT = '法院案件';

async function move(
  deps: MediationDeps,
  p: Principal,
  id: string,
  key: string | undefined,
  fp: string,
  decide: (current: CourtRequestDoc) => Decision | DomainError,
): Promise<CourtRequestDoc> {
  const doc = await deps.court.mutate(
    { _id: id },
    inRegion(p, WHAT, idempotent<CourtRequestDoc>(key, fp, new Date(), decide)),
    {
      actor: actorOf(p),
    },
  );
  annotateContext({ caseId: doc.caseId });
  return doc;
}

const decisionSchema = <T extends string>(decisions: readonly [T, T]) =>
  z
    .object({
      id: idField,
      decision: z.enum(decisions, { message: `应为 ${decisions.join(' 或 ')}` }),
      reason: z.string().trim().max(2_000),
    })
    .refine((v) => v.decision !== 'rejected' || v.reason !== '', {
      path: ['reason'],
      message: '驳回须说明理由',
    });

/** POST /court/enforcements/{id}/decision (judge) */
export async function decideEnforcementCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.CourtDecisionRequest,
  key: string | undefined,
) {
  const input = validate(decisionSchema(['accepted', 'rejected'] as const), req, '执行决定');
  const doc = await move(deps, p, input.id, key, fingerprint(pb.CourtDecisionRequest.toJSON(req)), (c) =>
    decideEnforcement(c, input, acting(p)),
  );
  return toCourtMessage(doc);
}

/** The enforcement's outcome; money recovered is recorded as a payment of the award. */
export async function recordEnforcementOutcomeCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.EnforcementOutcomeRequest,
  key: string | undefined,
) {
  const input = validate(
    z.object({
      id: idField,
      outcome: z.enum(['enforced', 'terminated'], { message: '应为 enforced 或 terminated' }),
      recoveredFen: fenField(0),
    }),
    req,
    '执行结果',
  );
  const doc = await move(deps, p, input.id, key, fingerprint(pb.EnforcementOutcomeRequest.toJSON(req)), (c) =>
    concludeEnforcement(c, input, acting(p)),
  );
  await applyRecovery(deps, doc, { actor: actorOf(p) });
  return toCourtMessage(doc);
}

/** The court issues the payment order (支付令) or rejects the application (judge). */
export async function decidePaymentOrderCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.CourtDecisionRequest,
  key: string | undefined,
) {
  const input = validate(decisionSchema(['issued', 'rejected'] as const), req, '支付令决定');
  const doc = await move(deps, p, input.id, key, fingerprint(pb.CourtDecisionRequest.toJSON(req)), (c) =>
    decidePaymentOrder(c, input, acting(p), deps.rules, deps.calendar),
  );
  return toCourtMessage(doc);
}

export async function getCourtRequest(
  deps: MediationDeps,
  p: Principal,
  req: pb.GetRequest,
): Promise<pb.CourtRequest> {
  if (!req.id) throw invalidArgument('需要法院案件 id', [{ field: 'id', message: '必填' }]);
  const doc = await deps.models.CourtRequest.findById(req.id).lean<CourtRequestDoc>();
  if (!doc) throw notFound(`${WHAT}不存在`);
  requireRegion(p, doc.regionCode, WHAT);
  return toCourtMessage(doc);
}

export async function listCourtRequests(
  deps: MediationDeps,
  p: Principal,
  req: pb.ListRequest,
): Promise<pb.ListCourtRequestsResponse> {
  const limit = Math.min(Math.max(req.limit || 50, 1), 200);
  const filter: Record<string, unknown> = regionScopeFilter(p);
  if (req.status) filter.status = req.status;
  if (req.kind) filter.kind = req.kind;
  if (req.cursor) filter._id = { $gt: req.cursor };
  const docs = await deps.models.CourtRequest.find(filter)
    .sort({ _id: 1 })
    .limit(limit + 1)
    .lean<CourtRequestDoc[]>();
  const page = docs.slice(0, limit);
  return {
    items: page.map(toCourtMessage),
    nextCursor: docs.length > limit ? page[page.length - 1]!._id : '',
  };
}
