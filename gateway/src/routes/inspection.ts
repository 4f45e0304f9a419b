import { z } from 'zod';
import { callUnary } from '@wage/kit';
import { inspection as pb, rpc } from '@wage/proto';
import type { RouteTable } from '../http/routes';
import type { Upstreams } from '../upstream';
import { cursor, dateString, fen, id, limit, regionCode, uscc } from './schemas';
import { view as protoView } from './view';

const caseView = z
  .object({
    id: z.string(),
    caseId: z.string(),
    caseNo: z.string(),
    status: z.string(),
    regionCode: z.string(),
    employer: z.object({ name: z.string(), uscc: z.string() }),
    projectId: z.string(),
    workerCount: z.number(),
    claimedArrearsFen: z.number(),
    industryRegulator: z.string(),
    policeFlag: z.boolean(),
    openedAt: z.string(),
    arrearsFen: z.number(),
    outstandingFen: z.number(),
    recoveredFen: z.number(),
    timeline: z.array(z.object({ at: z.string(), type: z.string(), summary: z.string() })),
  })
  .passthrough()
  .openapi('InspectionCase');

/** The case as the contract shows it: the proto message's JSON, with the employer as one object. */
function view(c: pb.InspectionCase): z.infer<typeof caseView> {
  const { employerName, employerUscc, ...rest } = protoView(c);
  void employerName;
  void employerUscc;
  return {
    ...rest,
    id: c.id,
    caseId: c.caseId,
    caseNo: c.caseNo,
    status: c.status,
    regionCode: c.regionCode,
    employer: { name: c.employerName, uscc: c.employerUscc },
    projectId: c.projectId,
    workerCount: c.workerCount,
    claimedArrearsFen: Number(c.claimedArrearsFen),
    industryRegulator: c.industryRegulator,
    policeFlag: c.policeFlag,
    openedAt: c.openedAt,
    arrearsFen: Number(c.arrearsFen),
    outstandingFen: Number(c.outstandingFen),
    recoveredFen: Number(c.recoveredFen),
    timeline: c.timeline,
  };
}

const referral = (r: pb.PoliceReferral) => protoView(r);

const moneyRequestAccepted = z
  .object({ requestId: z.string(), status: z.string(), amountFen: z.number() })
  .openapi('MoneyRequestAccepted');

const accepted = (r: pb.MoneyRequestAccepted) => ({
  requestId: r.requestId,
  status: r.status,
  amountFen: Number(r.amountFen),
});

const moneyRequestView = z
  .object({
    requestId: z.string(),
    kind: z.enum(['draw', 'advance']),
    status: z.string(),
    amountFen: z.number(),
    caseId: z.string(),
    caseNo: z.string(),
    regionCode: z.string(),
    requestedBy: z.string(),
    /** The overdue payment order relied on was served on paper and recorded after its due date. */
    backDated: z.boolean(),
  })
  .passthrough()
  .openapi('MoneyRequest');

export function inspectionRoutes(routes: RouteTable, up: Upstreams): void {
  const c = () => up.inspection();
  routes
    .add({
      method: 'get',
      path: '/inspection/cases',
      tag: 'Inspection',
      summary:
        "Inspection cases in the caller's region (lookBackDue=true: closed cases whose look-back review is due)",
      rpc: rpc('wage.inspection.v1.InspectionService', 'listCases'),
      query: z.object({
        status: z.enum(['investigating', 'ordered', 'closed']).optional(),
        lookBackDue: z.enum(['true', 'false']).optional(),
        limit,
        cursor,
      }),
      response: z.object({ items: z.array(caseView), nextCursor: z.string().nullable() }),
      handler: async ({ query, call }) => {
        const r = await callUnary(
          c().listCases.bind(c()),
          {
            status: query.status ?? '',
            limit: query.limit,
            cursor: query.cursor ?? '',
            lookBackDue: query.lookBackDue === 'true',
          },
          { ...call, idempotent: true },
        );
        return { items: r.items.map(view), nextCursor: r.nextCursor || null };
      },
    })
    .add({
      method: 'get',
      path: '/inspection/cases/{id}',
      tag: 'Inspection',
      summary:
        'One inspection case with its findings, orders, payments, draws, advances, penalties, referrals and timeline',
      rpc: rpc('wage.inspection.v1.InspectionService', 'getCase'),
      params: z.object({ id }),
      response: caseView,
      handler: async ({ params, call }) =>
        view(
          await callUnary(
            c().getCase.bind(c()),
            { id: params.id, caseId: '' },
            { ...call, idempotent: true },
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/assignment',
      tag: 'Inspection',
      summary: 'Assign the case to an inspector of its region (default: the caller)',
      rpc: rpc('wage.inspection.v1.InspectionService', 'assignInspector'),
      command: true,
      params: z.object({ id }),
      body: z.object({ inspector: z.string().trim().max(64).optional() }).strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().assignInspector.bind(c()),
            { id: params.id, inspector: body.inspector ?? '' },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/extension',
      tag: 'Inspection',
      summary: 'Extend the investigation once by 30 working days',
      rpc: rpc('wage.inspection.v1.InspectionService', 'extendInvestigation'),
      command: true,
      params: z.object({ id }),
      body: z.object({ reason: z.string().trim().min(1).max(2_000) }).strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(c().extendInvestigation.bind(c()), { id: params.id, reason: body.reason }, call),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/compliance-checks',
      tag: 'Inspection',
      summary: 'Five-systems compliance check of a project; each gap with its statutory penalty range',
      rpc: rpc('wage.inspection.v1.InspectionService', 'recordComplianceCheck'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z
        .object({
          projectId: id.optional(),
          violations: z
            .array(
              z.enum([
                'no_real_name',
                'no_dedicated_account',
                'no_pay_sheet',
                'no_deposit',
                'no_notice_board',
                'pay_in_kind',
                'no_ledger',
                'holding_cards',
              ]),
            )
            .max(20),
          note: z.string().max(2_000).optional(),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordComplianceCheck.bind(c()),
            {
              id: params.id,
              projectId: body.projectId ?? '',
              violations: body.violations,
              note: body.note ?? '',
            },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/findings',
      tag: 'Inspection',
      summary: 'Findings of arrears (employer, project, amount, workers)',
      rpc: rpc('wage.inspection.v1.InspectionService', 'recordFinding'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z
        .object({
          employerUscc: uscc,
          employerName: z.string().trim().min(2).max(100),
          projectId: id.optional(),
          arrearsFen: fen,
          workerCount: z.number().int().min(1).max(100_000),
          massIncident: z.boolean().optional(),
          /** The workers owed, one each, adding up to arrearsFen: deposit draws then pay them by name. */
          workers: z
            .array(
              z
                .object({
                  name: z.string().trim().min(1).max(50),
                  idNumber: z.string().max(18),
                  amountFen: fen,
                })
                .strict(),
            )
            .max(10_000)
            .optional(),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordFinding.bind(c()),
            pb.RecordFindingRequest.fromPartial({
              id: params.id,
              employerUscc: body.employerUscc,
              employerName: body.employerName,
              projectId: body.projectId ?? '',
              arrearsFen: String(body.arrearsFen),
              workerCount: body.workerCount,
              massIncident: body.massIncident ?? false,
              workers: (body.workers ?? []).map((w) => ({ ...w, amountFen: String(w.amountFen) })),
            }),
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/payment-orders',
      tag: 'Inspection',
      summary:
        'Order to pay (责令支付) with its due date; servedAt + a past dueDate records an order served on paper',
      rpc: rpc('wage.inspection.v1.InspectionService', 'issuePaymentOrder'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z
        .object({ amountFen: fen, dueDate: dateString, servedAt: z.string().max(40).optional() })
        .strict(),
      response: z.object({ orderId: z.string(), dueDate: z.string() }),
      handler: async ({ params, body, call, auditCase }) => {
        const r = await callUnary(
          c().issuePaymentOrder.bind(c()),
          {
            id: params.id,
            amountFen: String(body.amountFen),
            dueDate: body.dueDate,
            servedAt: body.servedAt ?? '',
          },
          call,
        );
        if (r.inspectionCase) auditCase(r.inspectionCase.caseId);
        return { orderId: r.orderId, dueDate: r.dueDate };
      },
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/rectification-orders',
      tag: 'Inspection',
      summary: 'Order to correct (责令改正) compliance gaps by a date',
      rpc: rpc('wage.inspection.v1.InspectionService', 'issueRectificationOrder'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z
        .object({
          violations: z.array(z.string().max(40)).min(1).max(20),
          dueDate: dateString,
          servedAt: z.string().max(40).optional(),
        })
        .strict(),
      handler: async ({ params, body, call }) => {
        const r = await callUnary(
          c().issueRectificationOrder.bind(c()),
          {
            id: params.id,
            violations: body.violations,
            dueDate: body.dueDate,
            servedAt: body.servedAt ?? '',
          },
          call,
        );
        return { orderId: r.orderId, dueDate: r.dueDate };
      },
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/payments',
      tag: 'Inspection',
      summary: 'The employer (or contractor, owner) paid: outstanding arrears fall',
      rpc: rpc('wage.inspection.v1.InspectionService', 'recordPayment'),
      command: true,
      params: z.object({ id }),
      body: z.object({ paidFen: fen, payer: z.enum(['employer', 'contractor', 'owner']) }).strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordPayment.bind(c()),
            { id: params.id, paidFen: String(body.paidFen), payer: body.payer },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/deposit-draws',
      tag: 'Inspection',
      summary:
        "Request a draw on the project's wage deposit after an ignored payment order; held for a chief's approval (四眼原则)",
      rpc: rpc('wage.inspection.v1.InspectionService', 'drawDeposit'),
      status: 202,
      command: true,
      params: z.object({ id }),
      body: z.object({ amountFen: fen }).strict(),
      response: moneyRequestAccepted,
      handler: async ({ params, body, call }) =>
        accepted(
          await callUnary(
            c().drawDeposit.bind(c()),
            { id: params.id, amountFen: String(body.amountFen) },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/emergency-advances',
      tag: 'Inspection',
      summary:
        "Request an advance from the county's emergency revolving fund; held for a chief's approval (四眼原则)",
      rpc: rpc('wage.inspection.v1.InspectionService', 'advanceEmergencyFund'),
      status: 202,
      command: true,
      params: z.object({ id }),
      body: z.object({ amountFen: fen }).strict(),
      response: moneyRequestAccepted,
      handler: async ({ params, body, call }) =>
        accepted(
          await callUnary(
            c().advanceEmergencyFund.bind(c()),
            { id: params.id, amountFen: String(body.amountFen) },
            call,
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/inspection/money-requests',
      tag: 'Inspection',
      summary: "Deposit draws and emergency advances requested in the caller's region, by status",
      rpc: rpc('wage.inspection.v1.InspectionService', 'listMoneyRequests'),
      query: z.object({ status: z.enum(['pending_approval', 'approved', 'rejected']).optional(), limit }),
      response: z.object({ items: z.array(moneyRequestView) }),
      handler: async ({ query, call }) => {
        const r = await callUnary(
          c().listMoneyRequests.bind(c()),
          { status: query.status ?? '', limit: query.limit },
          { ...call, idempotent: true },
        );
        return {
          items: r.items.map((m) => ({
            ...protoView(m),
            requestId: m.requestId,
            kind: m.kind === 'advance' ? ('advance' as const) : ('draw' as const),
            status: m.status,
            amountFen: Number(m.amountFen),
            caseId: m.caseId,
            caseNo: m.caseNo,
            regionCode: m.regionCode,
            requestedBy: m.requestedBy,
            backDated: m.backDated,
          })),
        };
      },
    })
    .add({
      method: 'post',
      path: '/inspection/money-requests/{requestId}/decision',
      tag: 'Inspection',
      summary:
        'Approve (the money moves once, every rule re-checked) or reject a requested draw or advance; never by the requester',
      rpc: rpc('wage.inspection.v1.InspectionService', 'decideMoneyRequest'),
      command: true,
      params: z.object({ requestId: id }),
      body: z
        .object({ decision: z.enum(['approved', 'rejected']), note: z.string().max(500).optional() })
        .strict(),
      response: z.object({ requestId: z.string(), kind: z.string(), status: z.string() }).passthrough(),
      handler: async ({ params, body, call }) => {
        const r = await callUnary(
          c().decideMoneyRequest.bind(c()),
          { requestId: params.requestId, decision: body.decision, note: body.note ?? '' },
          { ...call, deadlineMs: Math.max(call.deadlineMs ?? 0, 30_000) },
        );
        const base = { requestId: r.requestId, kind: r.kind, status: r.status };
        if (r.status === 'rejected') return base;
        return r.kind === 'draw'
          ? {
              ...base,
              drawnFen: Number(r.drawnFen),
              remainingArrearsFen: Number(r.remainingArrearsFen),
              topUpDueDate: r.topUpDueDate,
              depositBalanceFen: Number(r.depositBalanceFen),
              workers: r.workers.map((w) => ({
                name: w.name,
                idNumber: w.idNumber,
                paidFen: Number(w.paidFen),
              })),
            }
          : {
              ...base,
              advancedFen: Number(r.advancedFen),
              recoveryClaimId: r.recoveryClaimId,
              remainingArrearsFen: Number(r.remainingArrearsFen),
            };
      },
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/penalties',
      tag: 'Inspection',
      summary: 'Administrative penalty within the statutory range, after the order to correct expired unmet',
      rpc: rpc('wage.inspection.v1.InspectionService', 'decidePenalty'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z
        .object({ violation: z.string().max(40), amountFen: fen, legalBasis: z.string().max(200).optional() })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().decidePenalty.bind(c()),
            {
              id: params.id,
              violation: body.violation,
              amountFen: String(body.amountFen),
              legalBasis: body.legalBasis ?? '',
            },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/police-referrals',
      tag: 'Inspection',
      summary:
        "Refer to police (移送公安): above the province's crime amount and after an ignored payment order",
      rpc: rpc('wage.inspection.v1.InspectionService', 'referToPolice'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z.object({ reason: z.string().trim().min(1).max(2_000) }).strict(),
      handler: async ({ params, body, call, auditCase }) => {
        const r = await callUnary(c().referToPolice.bind(c()), { id: params.id, reason: body.reason }, call);
        auditCase(r.caseId);
        return { referralId: r.id, ...referral(r) };
      },
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/close',
      tag: 'Inspection',
      summary: 'Close with outcome, amount recovered and workers paid; a look-back review falls due',
      rpc: rpc('wage.inspection.v1.InspectionService', 'closeCase'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({
          outcome: z.enum([
            'paid_in_full',
            'partially_recovered',
            'referred_to_police',
            'no_violation',
            'transferred',
            'withdrawn',
          ]),
          recoveredFen: fen,
          workersPaid: z.number().int().min(0).max(1_000_000),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().closeCase.bind(c()),
            {
              id: params.id,
              outcome: body.outcome,
              recoveredFen: String(body.recoveredFen),
              workersPaid: body.workersPaid,
            },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/inspection/cases/{id}/look-back',
      tag: 'Inspection',
      summary: 'Record the look-back review (回头看) of a closed case',
      rpc: rpc('wage.inspection.v1.InspectionService', 'completeLookBack'),
      command: true,
      params: z.object({ id }),
      body: z.object({ result: z.string().trim().min(1).max(2_000) }).strict(),
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().completeLookBack.bind(c()), { id: params.id, result: body.result }, call)),
    })
    .add({
      method: 'post',
      path: '/inspection/plans',
      tag: 'Inspection',
      summary:
        'Random inspection plan (双随机): projects and inspectors drawn reproducibly from a recorded seed',
      rpc: rpc('wage.inspection.v1.InspectionService', 'drawPlan'),
      status: 201,
      command: true,
      body: z
        .object({
          regionCode,
          projectCount: z.number().int().min(1).max(500),
          inspectorCount: z.number().int().min(1).max(200),
          seed: z.string().max(100).optional(),
        })
        .strict(),
      handler: async ({ body, call }) =>
        protoView(await callUnary(c().drawPlan.bind(c()), { ...body, seed: body.seed ?? '' }, call)),
    })
    .add({
      method: 'get',
      path: '/inspection/plans/{id}',
      tag: 'Inspection',
      summary: 'One random inspection plan with its seed',
      rpc: rpc('wage.inspection.v1.InspectionService', 'getPlan'),
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        protoView(await callUnary(c().getPlan.bind(c()), { id: params.id }, { ...call, idempotent: true })),
    })
    .add({
      method: 'get',
      path: '/police/referrals',
      tag: 'Police',
      summary: "Referrals to police in the caller's region, with their state and deadlines",
      rpc: rpc('wage.inspection.v1.InspectionService', 'listReferrals'),
      query: z.object({ status: z.enum(['sent', 'accepted', 'rejected']).optional(), limit }),
      handler: async ({ query, call }) => {
        const r = await callUnary(
          c().listReferrals.bind(c()),
          { status: query.status ?? '', limit: query.limit },
          { ...call, idempotent: true },
        );
        return { items: r.items.map(referral), nextCursor: null };
      },
    })
    .add({
      method: 'get',
      path: '/police/referrals/{id}',
      tag: 'Police',
      summary: 'One referral: state, deadlines (agency 3 days + 24 hours, police 3 days)',
      rpc: rpc('wage.inspection.v1.InspectionService', 'getReferral'),
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        referral(
          await callUnary(c().getReferral.bind(c()), { id: params.id }, { ...call, idempotent: true }),
        ),
    })
    .add({
      method: 'post',
      path: '/police/referrals/{id}/decision',
      tag: 'Police',
      summary: 'The police decision on a referral: accept, or reject with a reason',
      rpc: rpc('wage.inspection.v1.InspectionService', 'decideReferral'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({ decision: z.enum(['accepted', 'rejected']), reason: z.string().max(2_000).optional() })
        .strict(),
      handler: async ({ params, body, call, auditCase }) => {
        const r = await callUnary(
          c().decideReferral.bind(c()),
          { id: params.id, decision: body.decision, reason: body.reason ?? '' },
          call,
        );
        auditCase(r.caseId);
        return referral(r);
      },
    });
}
