import { z } from 'zod';
import {
  actorOf,
  annotateContext,
  idempotent,
  idFromIdempotencyKey,
  inRegion,
  newId,
  notFound,
  regionScopeFilter,
  requestFingerprint,
  requireRegion,
  hasAnyRole,
  permissionDenied,
  type Decision,
  type DomainError,
  type Principal,
} from '@wage/kit';
import { inspection as pb } from '@wage/proto';
import { validateResidentId } from '@wage/cn';
import { maskResidentId } from '@wage/pii';
import {
  assignInspector,
  CLOSE_OUTCOMES,
  closeCase,
  completeLookBack,
  decidePenalty,
  decideReferral,
  extendInvestigation,
  issuePaymentOrder,
  issueRectificationOrder,
  jointInspection,
  recordComplianceCheck,
  recordFinding,
  recordPayment,
  referToPolice,
} from '../domain/inspectionCase';
import { crimeThresholdFor, VIOLATIONS } from '../domain/rules';
import type { InspectionCaseDoc } from '../infra/models';
import { acting, INSPECTORS, WHAT, type InspectionDeps } from './deps';
import { issueCaseDocuments } from './documents';
import { caseMessage, referralMessage } from './messages';
import { dateField, fenField, idField, optionalPastInstant, textField, usccField, validate } from './parse';
import { requireOnRoster } from './roster';
import { noticeOverdueOrders } from './scan';

/** Read, decide under the caller's region and the command's idempotency key, write (one document). */
export async function move(
  deps: InspectionDeps,
  p: Principal,
  id: string,
  key: string | undefined,
  request: unknown,
  decide: (c: InspectionCaseDoc) => Decision | DomainError,
): Promise<InspectionCaseDoc> {
  await noticeOverdueOrders(deps, id);
  const doc = await deps.cases.mutate(
    { _id: id },
    inRegion(p, WHAT, idempotent<InspectionCaseDoc>(key, requestFingerprint(request), new Date(), decide)),
    { actor: actorOf(p) },
  );
  annotateContext({ caseId: doc.caseId });
  return doc;
}

/** A child object named by the command's key, so a retry names the same order, referral or finding. */
export const childId = (scope: string, caseId: string, key: string | undefined) =>
  key ? idFromIdempotencyKey(`${scope}:${caseId}`, key) : newId();

export async function findCase(
  deps: InspectionDeps,
  p: Principal,
  filter: { id?: string; caseId?: string },
): Promise<InspectionCaseDoc> {
  const f = filter.id ? { _id: filter.id } : filter.caseId ? { caseId: filter.caseId } : undefined;
  if (!f) throw notFound(`${WHAT}不存在`);
  const doc = await deps.models.InspectionCase.findOne(f).lean<InspectionCaseDoc>();
  if (!doc) throw notFound(`${WHAT}不存在`);
  requireRegion(p, doc.regionCode, WHAT);
  return doc;
}

/** The industry regulator works on joint inspections only (intake flagged one). */
function jointOnly(p: Principal, c: InspectionCaseDoc): DomainError | undefined {
  if (hasAnyRole(p, INSPECTORS)) return undefined;
  return jointInspection(c)
    ? undefined
    : permissionDenied('行业主管部门只能参与联合检查的案件 (not a joint inspection)');
}

export async function listCases(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ListCasesRequest,
): Promise<pb.ListCasesResponse> {
  const limit = Math.min(Math.max(req.limit || 50, 1), 200);
  const filter: Record<string, unknown> = regionScopeFilter(p);
  if (req.status) filter.status = req.status;
  if (req.lookBackDue) {
    filter.status = 'closed';
    filter['lookBack.status'] = 'due';
  }
  if (req.cursor) filter._id = { $gt: req.cursor };
  const docs = await deps.models.InspectionCase.find(filter)
    .sort({ _id: 1 })
    .limit(limit + 1)
    .lean<InspectionCaseDoc[]>();
  const page = docs.slice(0, limit);
  return { items: page.map(caseMessage), nextCursor: docs.length > limit ? page[page.length - 1]!._id : '' };
}

export async function assign(
  deps: InspectionDeps,
  p: Principal,
  req: pb.AssignInspectorRequest,
  key?: string,
) {
  const input = validate(z.object({ id: idField, inspector: z.string().trim().max(64) }), req, '指派监察员');
  const inspector = input.inspector || p.username;
  return caseMessage(
    await move(deps, p, input.id, key, req, (c) => assignInspector(c, inspector, acting(p))),
  );
}

export async function extend(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ExtendInvestigationRequest,
  key?: string,
) {
  const input = validate(z.object({ id: idField, reason: textField() }), req, '延长调查期限');
  return caseMessage(
    await move(deps, p, input.id, key, req, (c) =>
      extendInvestigation(c, input.reason, deps.calendar, acting(p), deps.rules),
    ),
  );
}

export async function complianceCheck(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ComplianceCheckRequest,
  key?: string,
) {
  const violation = z.string().refine((v) => !!VIOLATIONS[v], `应为：${Object.keys(VIOLATIONS).join(' | ')}`);
  const input = validate(
    z.object({
      id: idField,
      projectId: z.string().trim().max(64),
      violations: z.array(violation).max(20),
      note: z.string().max(2_000),
    }),
    req,
    '五项制度检查',
  );
  const checkId = childId('check', input.id, key);
  return caseMessage(
    await move(
      deps,
      p,
      input.id,
      key,
      req,
      (c) =>
        jointOnly(p, c) ??
        recordComplianceCheck(
          c,
          {
            id: checkId,
            projectId: input.projectId || c.projectId,
            violations: input.violations,
            note: input.note,
          },
          acting(p),
        ),
    ),
  );
}

export async function finding(
  deps: InspectionDeps,
  p: Principal,
  req: pb.RecordFindingRequest,
  key?: string,
) {
  const input = validate(
    z
      .object({
        id: idField,
        employerUscc: usccField,
        employerName: z.string().trim().min(2, '用人单位名称过短').max(100),
        projectId: z.string().trim().max(64),
        arrearsFen: fenField(1),
        workerCount: z.number().int().min(1, '至少 1 人').max(100_000),
        massIncident: z.boolean(),
        workers: z
          .array(
            z.object({
              name: z.string().trim().min(1, '必填').max(50),
              idNumber: z
                .string()
                .refine((v) => validateResidentId(v).ok, '身份证号码无效 (GB 11643 校验失败)'),
              amountFen: fenField(1),
            }),
          )
          .max(10_000),
      })
      .superRefine((f, ctx) => {
        if (f.workers.length === 0) return;
        if (f.workers.length !== f.workerCount)
          ctx.addIssue({ code: 'custom', path: ['workers'], message: `应列出全部 ${f.workerCount} 名工人` });
        const sum = f.workers.reduce((s, w) => s + w.amountFen, 0);
        if (sum !== f.arrearsFen)
          ctx.addIssue({
            code: 'custom',
            path: ['workers'],
            message: `工人金额之和 ${sum} 应等于欠薪总额 ${f.arrearsFen}`,
          });
        const seen = new Set<string>();
        f.workers.forEach((w, i) => {
          if (seen.has(w.idNumber))
            ctx.addIssue({ code: 'custom', path: ['workers', i, 'idNumber'], message: '重复的工人' });
          seen.add(w.idNumber);
        });
      }),
    req,
    '欠薪调查结论',
  );
  if (input.workers.length > 0) {
    const projectId = input.projectId || (await findCase(deps, p, { id: input.id })).projectId;
    if (projectId)
      await requireOnRoster(
        deps,
        p,
        projectId,
        input.workers.map((w, i) => ({ field: `workers[${i}]`, name: w.name, idNumber: w.idNumber })),
      );
  }
  const a = acting(p);
  const findingId = childId('finding', input.id, key);
  // ID numbers are kept encrypted with a keyed hash; the command's fingerprint sees only the hashes.
  const workers = input.workers.map((w) => {
    const { enc, hash } = deps.pii().protect(w.idNumber);
    return {
      name: w.name,
      idNumberEnc: enc,
      idNumberHash: hash,
      idNumberMasked: maskResidentId(w.idNumber),
      owedFen: w.amountFen,
      paidFen: 0,
    };
  });
  const fingerprinted = {
    ...req,
    workers: workers.map((w) => ({ name: w.name, id: w.idNumberHash, amountFen: w.owedFen })),
  };
  const { workers: _clear, ...facts } = input;
  return caseMessage(
    await move(
      deps,
      p,
      input.id,
      key,
      fingerprinted,
      (c) =>
        jointOnly(p, c) ??
        recordFinding(
          c,
          {
            ...facts,
            id: findingId,
            foundAt: a.now,
            foundBy: a.by,
            ...(workers.length > 0 ? { workers } : {}),
          },
          a,
        ),
    ),
  );
}

export async function paymentOrder(
  deps: InspectionDeps,
  p: Principal,
  req: pb.IssueOrderRequest,
  key?: string,
): Promise<pb.IssueOrderResponse> {
  const input = validate(
    z.object({ id: idField, amountFen: fenField(1), dueDate: dateField, servedAt: optionalPastInstant }),
    req,
    '责令支付',
  );
  const orderId = childId('order', input.id, key);
  const doc = await move(deps, p, input.id, key, req, (c) =>
    issuePaymentOrder(
      c,
      {
        orderId,
        amountFen: input.amountFen,
        dueDate: input.dueDate,
        ...(input.servedAt ? { servedAt: input.servedAt } : {}),
      },
      acting(p),
    ),
  );
  await issueCaseDocuments(deps.documents, doc, acting(p).by);
  const order = (doc.orders ?? []).find((o) => o.id === orderId);
  return { orderId, dueDate: order?.dueDate ?? input.dueDate, inspectionCase: caseMessage(doc) };
}

export async function rectificationOrder(
  deps: InspectionDeps,
  p: Principal,
  req: pb.IssueRectificationOrderRequest,
  key?: string,
): Promise<pb.IssueOrderResponse> {
  const input = validate(
    z.object({
      id: idField,
      violations: z.array(z.string()).min(1, '至少一项'),
      dueDate: dateField,
      servedAt: optionalPastInstant,
    }),
    req,
    '责令改正',
  );
  const orderId = childId('rectification', input.id, key);
  const doc = await move(deps, p, input.id, key, req, (c) =>
    issueRectificationOrder(
      c,
      {
        orderId,
        violations: input.violations,
        dueDate: input.dueDate,
        ...(input.servedAt ? { servedAt: input.servedAt } : {}),
      },
      acting(p),
    ),
  );
  await issueCaseDocuments(deps.documents, doc, acting(p).by);
  return { orderId, dueDate: input.dueDate, inspectionCase: caseMessage(doc) };
}

export async function payment(
  deps: InspectionDeps,
  p: Principal,
  req: pb.RecordPaymentRequest,
  key?: string,
) {
  const input = validate(
    z.object({ id: idField, paidFen: fenField(1), payer: z.enum(['employer', 'contractor', 'owner']) }),
    req,
    '工资支付',
  );
  return caseMessage(await move(deps, p, input.id, key, req, (c) => recordPayment(c, input, acting(p))));
}

export async function penalty(
  deps: InspectionDeps,
  p: Principal,
  req: pb.DecidePenaltyRequest,
  key?: string,
) {
  const input = validate(
    z.object({
      id: idField,
      violation: z.string().refine((v) => !!VIOLATIONS[v], `应为：${Object.keys(VIOLATIONS).join(' | ')}`),
      amountFen: fenField(1),
      legalBasis: z.string().max(200),
    }),
    req,
    '行政处罚',
  );
  const penaltyId = childId('penalty', input.id, key);
  const doc = await move(deps, p, input.id, key, req, (c) =>
    decidePenalty(c, { ...input, id: penaltyId }, acting(p)),
  );
  await issueCaseDocuments(deps.documents, doc, acting(p).by);
  return caseMessage(doc);
}

export async function refer(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ReferToPoliceRequest,
  key?: string,
): Promise<pb.PoliceReferral> {
  const input = validate(z.object({ id: idField, reason: textField() }), req, '移送公安');
  const referralId = childId('referral', input.id, key);
  const doc = await move(deps, p, input.id, key, req, (c) =>
    referToPolice(
      c,
      { id: referralId, reason: input.reason },
      crimeThresholdFor(c.regionCode, deps.crimeThresholds),
      acting(p),
      deps.rules,
    ),
  );
  await issueCaseDocuments(deps.documents, doc, acting(p).by);
  const r = (doc.referrals ?? []).find((x) => x.id === referralId);
  if (!r) throw notFound('移送记录不存在');
  return referralMessage(doc, r);
}

async function caseOfReferral(
  deps: InspectionDeps,
  p: Principal,
  referralId: string,
): Promise<InspectionCaseDoc> {
  const doc = await deps.models.InspectionCase.findOne({
    'referrals.id': referralId,
  }).lean<InspectionCaseDoc>();
  if (!doc) throw notFound('移送记录不存在');
  requireRegion(p, doc.regionCode, '移送记录');
  return doc;
}

export async function getReferral(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ReferralRequest,
): Promise<pb.PoliceReferral> {
  const doc = await caseOfReferral(deps, p, req.id);
  return referralMessage(
    doc,
    (doc.referrals ?? []).find((r) => r.id === req.id)!,
  );
}

export async function listReferrals(
  deps: InspectionDeps,
  p: Principal,
  req: pb.ListReferralsRequest,
): Promise<pb.ListReferralsResponse> {
  const limit = Math.min(Math.max(req.limit || 50, 1), 200);
  const docs = await deps.models.InspectionCase.find({
    ...regionScopeFilter(p),
    'referrals.0': { $exists: true },
  })
    .sort({ _id: -1 })
    .limit(limit)
    .lean<InspectionCaseDoc[]>();
  const items = docs.flatMap((d) =>
    (d.referrals ?? [])
      .filter((r) => !req.status || r.status === req.status)
      .map((r) => referralMessage(d, r)),
  );
  return { items: items.slice(0, limit) };
}

export async function decideOnReferral(
  deps: InspectionDeps,
  p: Principal,
  req: pb.DecideReferralRequest,
  key?: string,
): Promise<pb.PoliceReferral> {
  const input = validate(
    z.object({
      id: idField,
      decision: z.enum(['accepted', 'rejected']),
      reason: z.string().trim().max(2_000),
    }),
    req,
    '公安立案决定',
  );
  const found = await caseOfReferral(deps, p, input.id);
  const doc = await move(deps, p, found._id, key, req, (c) =>
    decideReferral(c, { referralId: input.id, decision: input.decision, reason: input.reason }, acting(p)),
  );
  return referralMessage(
    doc,
    (doc.referrals ?? []).find((r) => r.id === input.id)!,
  );
}

export async function close(deps: InspectionDeps, p: Principal, req: pb.CloseCaseRequest, key?: string) {
  const input = validate(
    z.object({
      id: idField,
      outcome: z.enum(CLOSE_OUTCOMES),
      recoveredFen: fenField(0),
      workersPaid: z.number().int().min(0).max(1_000_000),
    }),
    req,
    '结案',
  );
  return caseMessage(
    await move(deps, p, input.id, key, req, (c) => closeCase(c, input, acting(p), deps.rules)),
  );
}

export async function lookBackDone(
  deps: InspectionDeps,
  p: Principal,
  req: pb.CompleteLookBackRequest,
  key?: string,
) {
  const input = validate(z.object({ id: idField, result: textField() }), req, '回头看');
  return caseMessage(
    await move(deps, p, input.id, key, req, (c) => completeLookBack(c, input.result, acting(p))),
  );
}
