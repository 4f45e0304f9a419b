import { z } from 'zod';
import { callUnary } from '@wage/kit';
import { mediation as pb, rpc } from '@wage/proto';
import type { RouteTable } from '../http/routes';
import type { Upstreams } from '../upstream';
import { cursor, dateString, fen, id, limit, regionCode, uscc } from './schemas';
import { view } from './view';

const person = z
  .object({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().min(15).max(18),
    phone: z.string().min(5).max(20),
  })
  .strict();
const employer = z.object({ name: z.string().trim().min(1).max(100), uscc: uscc.optional() }).strict();

/** Grassroots mediation, labour arbitration and the courts (mediation service). */
export function mediationRoutes(routes: RouteTable, up: Upstreams): void {
  const c = () => up.mediation();
  const list = (q: { status?: string; limit: number; cursor?: string | undefined }, kind = '') => ({
    status: q.status ?? '',
    limit: q.limit,
    cursor: q.cursor ?? '',
    kind,
  });
  const page = <T extends object>(r: { items: T[]; nextCursor: string }) => ({
    items: r.items.map((i) => view(i)),
    nextCursor: r.nextCursor || null,
  });

  routes
    .add({
      method: 'post',
      path: '/mediation/cases',
      tag: 'Mediation',
      summary: 'Open a mediation case',
      rpc: rpc('wage.mediation.v1.MediationService', 'openMediationCase'),
      status: 201,
      command: true,
      body: z
        .object({ caseId: id.optional(), regionCode, applicant: person, employer, claimFen: fen })
        .strict(),
      handler: async ({ body, call }) =>
        view(
          await callUnary(
            c().openMediationCase.bind(c()),
            pb.OpenMediationCaseRequest.fromPartial({
              caseId: body.caseId ?? '',
              regionCode: body.regionCode,
              applicant: body.applicant,
              employer: { name: body.employer.name, uscc: body.employer.uscc ?? '' },
              claimFen: String(body.claimFen),
            }),
            call,
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/mediation/cases',
      tag: 'Mediation',
      summary: "Mediation cases in the caller's region",
      rpc: rpc('wage.mediation.v1.MediationService', 'listMediationCases'),
      query: z.object({ status: z.enum(['open', 'agreed', 'failed', 'expired']).optional(), limit, cursor }),
      handler: async ({ query, call }) =>
        page(await callUnary(c().listMediationCases.bind(c()), list(query), { ...call, idempotent: true })),
    })
    .add({
      method: 'get',
      path: '/mediation/cases/{id}',
      tag: 'Mediation',
      summary: 'One mediation case',
      rpc: rpc('wage.mediation.v1.MediationService', 'getMediationCase'),
      params: z.object({ id }),
      handler: async ({ params, call, unmask }) =>
        view(
          await callUnary(
            c().getMediationCase.bind(c()),
            { id: params.id, caseId: '', unmask },
            { ...call, unmask, idempotent: true },
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/mediation/cases/{id}/sessions',
      tag: 'Mediation',
      summary: 'Record a mediation session',
      rpc: rpc('wage.mediation.v1.MediationService', 'recordSession'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({ heldAt: z.string().max(40).optional(), note: z.string().max(4_000).default('') })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordSession.bind(c()),
            { id: params.id, heldAt: body.heldAt ?? '', note: body.note },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/mediation/cases/{id}/agreement',
      tag: 'Mediation',
      summary: 'Record the mediation agreement and its payment date',
      rpc: rpc('wage.mediation.v1.MediationService', 'recordAgreement'),
      command: true,
      params: z.object({ id }),
      body: z.object({ agreedFen: fen, payBy: dateString }).strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordAgreement.bind(c()),
            { id: params.id, agreedFen: String(body.agreedFen), payBy: body.payBy },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/mediation/cases/{id}/failure',
      tag: 'Mediation',
      summary: 'Mediation failed: opens an arbitration case (once)',
      rpc: rpc('wage.mediation.v1.MediationService', 'recordFailure'),
      command: true,
      params: z.object({ id }),
      body: z.object({ reason: z.string().trim().min(1).max(2_000) }).strict(),
      handler: async ({ params, body, call }) => {
        const r = await callUnary(c().recordFailure.bind(c()), { id: params.id, reason: body.reason }, call);
        return {
          arbitrationCaseId: r.arbitrationCaseId,
          ...(r.mediationCase ? { caseId: r.mediationCase.caseId } : {}),
        };
      },
    })
    .add({
      method: 'post',
      path: '/mediation/cases/{id}/payments',
      tag: 'Mediation',
      summary: 'The employer paid (part of) the agreement',
      rpc: rpc('wage.mediation.v1.MediationService', 'recordAgreementPayment'),
      command: true,
      params: z.object({ id }),
      body: z.object({ paidFen: fen, paidAt: z.string().max(40).optional() }).strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordAgreementPayment.bind(c()),
            { id: params.id, paidFen: String(body.paidFen), paidAt: body.paidAt ?? '' },
            call,
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/arbitration/cases/{id}',
      tag: 'Arbitration',
      summary: 'One arbitration case',
      rpc: rpc('wage.mediation.v1.MediationService', 'getArbitrationCase'),
      params: z.object({ id }),
      handler: async ({ params, call, unmask }) =>
        view(
          await callUnary(
            c().getArbitrationCase.bind(c()),
            { id: params.id, caseId: '', unmask },
            { ...call, unmask, idempotent: true },
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/arbitration/cases',
      tag: 'Arbitration',
      summary: "Arbitration cases in the caller's region",
      rpc: rpc('wage.mediation.v1.MediationService', 'listArbitrationCases'),
      query: z.object({
        status: z.enum(['applied', 'accepted', 'rejected', 'hearing', 'awarded']).optional(),
        limit,
        cursor,
      }),
      handler: async ({ query, call }) =>
        page(await callUnary(c().listArbitrationCases.bind(c()), list(query), { ...call, idempotent: true })),
    })
    .add({
      method: 'post',
      path: '/arbitration/cases/{id}/acceptance',
      tag: 'Arbitration',
      summary: 'Accept or reject an arbitration application (5 working days)',
      rpc: rpc('wage.mediation.v1.MediationService', 'decideArbitrationAcceptance'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({ decision: z.enum(['accepted', 'rejected']), reason: z.string().max(2_000).default('') })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().decideArbitrationAcceptance.bind(c()), { id: params.id, ...body }, call)),
    })
    .add({
      method: 'post',
      path: '/arbitration/cases/{id}/hearings',
      tag: 'Arbitration',
      summary: 'Schedule a hearing',
      rpc: rpc('wage.mediation.v1.MediationService', 'scheduleHearing'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({ hearingAt: z.string().min(10).max(40), place: z.string().trim().min(1).max(200) })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().scheduleHearing.bind(c()), { id: params.id, ...body }, call)),
    })
    .add({
      method: 'post',
      path: '/arbitration/cases/{id}/award',
      tag: 'Arbitration',
      summary:
        'Issue the award; final for the employer within 12 months of the local minimum wage (一裁终局)',
      rpc: rpc('wage.mediation.v1.MediationService', 'issueAward'),
      command: true,
      params: z.object({ id }),
      body: z.object({ awardFen: fen, payBy: dateString.optional() }).strict(),
      handler: async ({ params, body, call }) => {
        const r = await callUnary(
          c().issueAward.bind(c()),
          pb.IssueAwardRequest.fromPartial({
            id: params.id,
            awardFen: String(body.awardFen),
            payBy: body.payBy ?? '',
          }),
          call,
        );
        return {
          final: r.final,
          thresholdFen: Number(r.thresholdFen),
          ...(r.arbitrationCase ? { caseId: r.arbitrationCase.caseId } : {}),
        };
      },
    })
    .add({
      method: 'post',
      path: '/arbitration/cases/{id}/payments',
      tag: 'Arbitration',
      summary: 'The employer paid (part of) the award',
      rpc: rpc('wage.mediation.v1.MediationService', 'recordAwardPayment'),
      command: true,
      params: z.object({ id }),
      body: z.object({ paidFen: fen, paidAt: z.string().max(40).optional() }).strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordAwardPayment.bind(c()),
            { id: params.id, paidFen: String(body.paidFen), paidAt: body.paidAt ?? '' },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/arbitration/cases/{id}/enforcement-requests',
      tag: 'Arbitration',
      summary: 'Ask the court to enforce an unpaid award',
      rpc: rpc('wage.mediation.v1.MediationService', 'requestEnforcement'),
      status: 201,
      command: true,
      params: z.object({ id }),
      handler: async ({ params, call }) => {
        const r = await callUnary(
          c().requestEnforcement.bind(c()),
          pb.RequestEnforcementRequest.fromPartial({ id: params.id }),
          call,
        );
        return { enforcementId: r.id, caseId: r.caseId };
      },
    })
    .add({
      method: 'post',
      path: '/court/enforcements/{id}/decision',
      tag: 'Court',
      summary: "The judge's decision on an enforcement request",
      rpc: rpc('wage.mediation.v1.MediationService', 'decideEnforcement'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({ decision: z.enum(['accepted', 'rejected']), reason: z.string().max(2_000).default('') })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().decideEnforcement.bind(c()),
            pb.CourtDecisionRequest.fromPartial({ id: params.id, ...body }),
            call,
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/court/enforcements/{id}',
      tag: 'Court',
      summary: 'One court request (enforcement or payment order)',
      rpc: rpc('wage.mediation.v1.MediationService', 'getCourtRequest'),
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        view(
          await callUnary(
            c().getCourtRequest.bind(c()),
            { id: params.id, caseId: '', unmask: false },
            { ...call, idempotent: true },
          ),
        ),
    });
}
