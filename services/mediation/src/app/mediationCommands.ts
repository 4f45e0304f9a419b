import { z } from 'zod';
import { countyOf, shanghaiDate } from '@wage/cn';
import {
  actorOf,
  alreadyExists,
  annotateContext,
  coversRegion,
  hasAnyRole,
  idFromIdempotencyKey,
  invalidArgument,
  newId,
  notFound,
  permissionDenied,
  regionScopeFilter,
  requireRegion,
  ruleViolation,
  type Decision,
  type DomainError,
  type Principal,
} from '@wage/kit';
import { mediation as pb } from '@wage/proto';
import { idempotent } from '@wage/kit';
import {
  assignMediator,
  endWithoutAgreement,
  formatMediationNo,
  linkPaymentOrder,
  openMediation,
  recordAgreement,
  recordAgreementPayment,
  recordSession,
} from '../domain/mediationCase';
import { nextMediationSeq, type MediationCaseDoc, type StoredApplicant } from '../infra/models';
import { acting, fingerprint, inRegion, type MediationDeps } from './deps';
import { ensureArbitration, ensurePaymentOrder } from './links';
import { toCourtMessage, toMediationMessage } from './messages';
import {
  dateField,
  fenField,
  idField,
  openMediationSchema,
  pastInstantField,
  reasonField,
  validate,
} from './parse';

const WHAT = '调解案件';

/** The id of the one arbitration case a mediation case can open. */
export const arbitrationIdOf = (mediationCaseId: string) =>
  idFromIdempotencyKey('arbitration', mediationCaseId);
/** The id of the one payment order an agreement can go to court for. */
export const paymentOrderIdOf = (mediationCaseId: string) =>
  idFromIdempotencyKey('payment-order', mediationCaseId);

function protectApplicant(
  deps: MediationDeps,
  a: { name: string; idNumber: string; phone: string },
): StoredApplicant {
  const id = deps.pii.protect(a.idNumber);
  const phone = deps.pii.protect(a.phone);
  return {
    name: a.name,
    idNumberEnc: id.enc,
    idNumberHash: id.hash,
    phoneEnc: phone.enc,
    phoneHash: phone.hash,
  };
}

/** POST /mediation/cases: a mediator opens a case for a dispute brought to the mediation committee. */
export async function openMediationCase(
  deps: MediationDeps,
  p: Principal,
  req: pb.OpenMediationCaseRequest,
  key: string | undefined,
): Promise<pb.MediationCase> {
  const input = validate(
    openMediationSchema,
    { ...req, applicant: req.applicant ?? {}, employer: req.employer ?? { name: '', uscc: '' } },
    '调解申请',
  );
  if (!coversRegion(p, input.regionCode))
    throw permissionDenied('只能受理本辖区的调解申请 (region outside your jurisdiction)');
  const fp = fingerprint(pb.OpenMediationCaseRequest.toJSON(req));
  const id = key ? idFromIdempotencyKey(`mediation:${p.subject}`, key) : newId();
  const replay = async (doc: MediationCaseDoc) => {
    if (doc.openedBy?.fingerprint !== fp)
      throw ruleViolation('同一幂等键已用于内容不同的请求 (Idempotency-Key reused with a different request)');
    return toMediationMessage(doc, deps.pii);
  };
  const existing = await deps.models.MediationCase.findById(id).lean<MediationCaseDoc>();
  if (existing) return replay(existing);

  const now = new Date();
  let caseId = input.caseId;
  let caseNo = '';
  if (!caseId) {
    const county = countyOf(input.regionCode) ?? input.regionCode;
    const year = Number(shanghaiDate(now).slice(0, 4));
    caseId = newId();
    caseNo = formatMediationNo(county, year, await nextMediationSeq(deps.models, county, year));
  } else if (await deps.models.MediationCase.exists({ caseId })) {
    throw alreadyExists('该案件已有调解案件 (a mediation case exists for this case)');
  }
  annotateContext({ caseId });
  const { state, events } = openMediation(
    {
      id,
      caseId,
      caseNo,
      regionCode: input.regionCode,
      employer: { name: input.employer.name, uscc: input.employer.uscc },
      claimFen: input.claimFen,
      source: 'direct',
      mediator: p.username,
      summary: '受理调解申请',
    },
    now,
    deps.rules,
    deps.calendar,
  );
  const opened = await deps.cases.createOnce(
    {
      ...state,
      commands: [],
      applicant: protectApplicant(deps, input.applicant),
      openedBy: { subject: p.subject, key: key ?? '', fingerprint: fp },
    },
    events,
    { actor: actorOf(p) },
  );
  if (opened.created) return toMediationMessage(opened.doc, deps.pii);
  // A concurrent retry with the same key created it first, or the case got its mediation case meanwhile.
  if (opened.doc) return replay(opened.doc);
  throw alreadyExists('该案件已有调解案件 (a mediation case exists for this case)');
}

async function move(
  deps: MediationDeps,
  p: Principal,
  id: string,
  key: string | undefined,
  fp: string,
  decide: (current: MediationCaseDoc) => Decision | DomainError,
): Promise<MediationCaseDoc> {
  const now = new Date();
  return deps.cases.mutate(
    { _id: id },
    inRegion(p, WHAT, idempotent<MediationCaseDoc>(key, fp, now, decide)),
    { actor: actorOf(p) },
  );
}

export async function assignMediatorCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.AssignMediatorRequest,
  key: string | undefined,
) {
  const input = validate(z.object({ id: idField, mediator: z.string().trim().max(64) }), req, '指派调解员');
  const mediator = input.mediator || p.username;
  const doc = await move(deps, p, input.id, key, fingerprint(pb.AssignMediatorRequest.toJSON(req)), (c) =>
    assignMediator(c, mediator, acting(p)),
  );
  return toMediationMessage(doc, deps.pii);
}

export async function recordSessionCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.RecordSessionRequest,
  key: string | undefined,
) {
  const input = validate(
    z.object({ id: idField, heldAt: pastInstantField, note: z.string().trim().max(2_000) }),
    req,
    '调解记录',
  );
  const doc = await move(deps, p, input.id, key, fingerprint(pb.RecordSessionRequest.toJSON(req)), (c) =>
    recordSession(c, input.heldAt, input.note, acting(p)),
  );
  return toMediationMessage(doc, deps.pii);
}

/** POST /mediation/cases/{id}/agreement */
export async function recordAgreementCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.RecordAgreementRequest,
  key: string | undefined,
) {
  const input = validate(
    z.object({ id: idField, agreedFen: fenField(1), payBy: dateField }),
    req,
    '调解协议',
  );
  const doc = await move(deps, p, input.id, key, fingerprint(pb.RecordAgreementRequest.toJSON(req)), (c) =>
    recordAgreement(c, input, acting(p)),
  );
  return toMediationMessage(doc, deps.pii);
}

/**
 * POST /mediation/cases/{id}/failure: mediation failed; the dispute goes to the one arbitration case this
 * mediation case can open (its id derives from the mediation case), also when the request is retried.
 */
export async function recordFailureCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.RecordFailureRequest,
  key: string | undefined,
): Promise<pb.RecordFailureResponse> {
  const input = validate(z.object({ id: idField, reason: reasonField }), req, '调解不成');
  const arbitrationCaseId = arbitrationIdOf(input.id);
  const doc = await move(deps, p, input.id, key, fingerprint(pb.RecordFailureRequest.toJSON(req)), (c) =>
    endWithoutAgreement(c, { reason: input.reason, expired: false, arbitrationCaseId }, acting(p)),
  );
  annotateContext({ caseId: doc.caseId });
  await ensureArbitration(deps, doc, { actor: actorOf(p) });
  return {
    arbitrationCaseId: doc.arbitrationCaseId ?? arbitrationCaseId,
    mediationCase: toMediationMessage(doc, deps.pii),
  };
}

export async function recordAgreementPaymentCommand(
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
    recordAgreementPayment(c, input, acting(p)),
  );
  return toMediationMessage(doc, deps.pii);
}

/** A payment order (支付令) for an agreement unpaid past its date: one per agreement. */
export async function requestPaymentOrderCommand(
  deps: MediationDeps,
  p: Principal,
  req: pb.RequestPaymentOrderRequest,
  key: string | undefined,
): Promise<pb.CourtRequest> {
  const input = validate(z.object({ id: idField }), req, '支付令申请');
  const paymentOrderId = paymentOrderIdOf(input.id);
  const doc = await move(
    deps,
    p,
    input.id,
    key,
    fingerprint(pb.RequestPaymentOrderRequest.toJSON(req)),
    (c) => linkPaymentOrder(c, paymentOrderId, acting(p)),
  );
  await ensurePaymentOrder(deps, doc, { actor: actorOf(p) });
  const order = await deps.models.CourtRequest.findById(doc.paymentOrderId ?? paymentOrderId).lean();
  if (!order) throw notFound('支付令申请不存在');
  return toCourtMessage(order);
}

export async function getMediationCase(
  deps: MediationDeps,
  p: Principal,
  req: pb.GetRequest,
): Promise<pb.MediationCase> {
  if (req.unmask && !hasAnyRole(p, ['pii-reader']))
    throw permissionDenied('查看完整个人信息需要 pii-reader 角色');
  const filter = req.id ? { _id: req.id } : req.caseId ? { caseId: req.caseId } : undefined;
  if (!filter) throw invalidArgument('需要调解案件 id 或案件 caseId', [{ field: 'id', message: '必填' }]);
  const doc = await deps.models.MediationCase.findOne(filter).lean<MediationCaseDoc>();
  if (!doc) throw notFound(`${WHAT}不存在`);
  requireRegion(p, doc.regionCode, WHAT);
  if (req.unmask) {
    deps.logger.info(
      { audit: 'pii.unmask', user: p.username, mediationCaseId: doc._id, caseId: doc.caseId },
      'personal data unmasked',
    );
  }
  return toMediationMessage(doc, deps.pii, req.unmask);
}

export async function listMediationCases(
  deps: MediationDeps,
  p: Principal,
  req: pb.ListRequest,
): Promise<pb.ListMediationCasesResponse> {
  const limit = Math.min(Math.max(req.limit || 50, 1), 200);
  const filter: Record<string, unknown> = regionScopeFilter(p);
  if (req.status) filter.status = req.status;
  if (req.cursor) filter._id = { $gt: req.cursor };
  const docs = await deps.models.MediationCase.find(filter)
    .sort({ _id: 1 })
    .limit(limit + 1)
    .lean<MediationCaseDoc[]>();
  const page = docs.slice(0, limit);
  return {
    items: page.map((d) => toMediationMessage(d, deps.pii)),
    nextCursor: docs.length > limit ? page[page.length - 1]!._id : '',
  };
}
