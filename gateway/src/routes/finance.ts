import { z } from 'zod';
import { callUnary } from '@wage/kit';
import { finance as pb, rpc } from '@wage/proto';
import { type RouteTable } from '../http/routes';
import { noticeBoardRoutes } from './noticeBoard';
import type { Upstreams } from '../upstream';
import { cursor, dateString, fen, id, limit, regionCode, uscc } from './schemas';
import { view } from './view';

/** Project wage profiles, guarantee deposits, the emergency revolving fund and the ledger (finance service). */
export function financeRoutes(routes: RouteTable, up: Upstreams, publicBaseUrl?: string): void {
  const c = () => up.finance();
  const read = <T extends { token?: string }>(call: T) => ({ ...call, idempotent: true });
  noticeBoardRoutes(routes, up, publicBaseUrl);
  routes
    .add({
      method: 'post',
      path: '/projects',
      tag: 'Projects',
      summary:
        "Register a project wage profile; the required deposit follows the province table and the contractor's credit",
      rpc: rpc('wage.finance.v1.FinanceService', 'createProject'),
      status: 201,
      command: true,
      body: z
        .object({
          name: z.string().trim().min(1).max(200),
          regionCode,
          industry: z.enum(['housing', 'transport', 'water', 'other']),
          contractorUscc: uscc,
          contractorName: z.string().trim().min(1).max(200),
          ownerName: z.string().trim().min(1).max(200),
          contractPriceFen: fen,
          permitDate: dateString,
          contractSignedDate: dateString.optional(),
        })
        .strict(),
      handler: async ({ body, call }) =>
        view(
          await callUnary(
            c().createProject.bind(c()),
            pb.CreateProjectRequest.fromPartial({
              ...body,
              contractPriceFen: String(body.contractPriceFen),
              contractSignedDate: body.contractSignedDate ?? '',
            }),
            call,
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/projects',
      tag: 'Projects',
      summary: "Projects in the caller's region",
      rpc: rpc('wage.finance.v1.FinanceService', 'listProjects'),
      query: z.object({
        regionCode: regionCode.optional(),
        complianceStatus: z.string().max(40).optional(),
        limit,
        cursor,
      }),
      handler: async ({ query, call }) => {
        const r = await callUnary(
          c().listProjects.bind(c()),
          {
            regionCode: query.regionCode ?? '',
            complianceStatus: query.complianceStatus ?? '',
            limit: query.limit,
            cursor: query.cursor ?? '',
          },
          read(call),
        );
        return { items: r.items.map((i) => view(i)), nextCursor: r.nextCursor || null };
      },
    })
    .add({
      method: 'get',
      path: '/projects/{id}',
      tag: 'Projects',
      summary: 'A project with its deposit balance and compliance',
      rpc: rpc('wage.finance.v1.FinanceService', 'getProject'),
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        view(await callUnary(c().getProject.bind(c()), { id: params.id }, read(call))),
    })
    .add({
      method: 'post',
      path: '/projects/{id}/deposits',
      tag: 'Projects',
      summary: 'Record a wage guarantee deposit (cash or bank guarantee)',
      rpc: rpc('wage.finance.v1.FinanceService', 'recordDeposit'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z
        .object({
          amountFen: fen.min(1),
          form: z.enum(['cash', 'bank_guarantee']),
          reference: z.string().trim().min(1).max(100),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordDeposit.bind(c()),
            {
              projectId: params.id,
              amountFen: String(body.amountFen),
              form: body.form,
              reference: body.reference,
            },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/projects/{id}/dedicated-account',
      tag: 'Projects',
      summary: 'Record the dedicated wage account (opening, tripartite agreement, filing)',
      rpc: rpc('wage.finance.v1.FinanceService', 'recordDedicatedAccount'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({
          bankName: z.string().trim().min(1).max(100),
          accountNumber: z.string().trim().min(4).max(40),
          openedOn: dateString,
          tripartiteAgreement: z.boolean(),
          filedOn: dateString.optional(),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().recordDedicatedAccount.bind(c()),
            { projectId: params.id, ...body, filedOn: body.filedOn ?? '' },
            call,
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/projects/{id}/recompute-deposit',
      tag: 'Projects',
      summary: "Recompute the required deposit from the contractor's current credit record",
      rpc: rpc('wage.finance.v1.FinanceService', 'recomputeDepositRequirement'),
      command: true,
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        view(await callUnary(c().recomputeDepositRequirement.bind(c()), { id: params.id }, call)),
    })
    .add({
      method: 'get',
      path: '/emergency-funds/{regionCode}',
      tag: 'Emergency fund',
      summary: "A county's emergency revolving fund for a year",
      rpc: rpc('wage.finance.v1.FinanceService', 'getFundBalance'),
      params: z.object({ regionCode }),
      query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      handler: async ({ params, query, call }) =>
        view(
          await callUnary(
            c().getFundBalance.bind(c()),
            { regionCode: params.regionCode, year: query.year ?? 0 },
            read(call),
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/recovery-claims/{id}',
      tag: 'Emergency fund',
      summary: 'A recovery claim against an employer for an emergency advance',
      rpc: rpc('wage.finance.v1.FinanceService', 'getRecoveryClaim'),
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        view(await callUnary(c().getRecoveryClaim.bind(c()), { id: params.id }, read(call))),
    })
    .add({
      method: 'post',
      path: '/recovery-claims/{id}/repayments',
      tag: 'Emergency fund',
      summary: 'The employer repaid (part of) an advance; the fund is restored',
      rpc: rpc('wage.finance.v1.FinanceService', 'repayRecovery'),
      status: 201,
      command: true,
      params: z.object({ id }),
      body: z.object({ amountFen: fen.min(1), reference: z.string().trim().min(1).max(100) }).strict(),
      handler: async ({ params, body, call }) =>
        view(
          await callUnary(
            c().repayRecovery.bind(c()),
            { claimId: params.id, amountFen: String(body.amountFen), reference: body.reference },
            call,
          ),
        ),
    })
    .add({
      method: 'get',
      path: '/ledger/verification',
      tag: 'Ledger',
      summary: 'Verify the whole double-entry ledger: balanced postings, balances equal to their lines',
      rpc: rpc('wage.finance.v1.FinanceService', 'verifyLedger'),
      handler: async ({ call }) =>
        view(await callUnary(c().verifyLedger.bind(c()), {}, { ...read(call), deadlineMs: 60_000 })),
    });
}
