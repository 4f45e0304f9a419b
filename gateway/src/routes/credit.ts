import { z } from 'zod';
import { callUnary } from '@wage/kit';
import { rpc } from '@wage/proto';
import { RawResponse, type RouteTable } from '../http/routes';
import type { Upstreams } from '../upstream';
import { cursor, id, limit, regionCode, uscc } from './schemas';
import { view } from './view';

const ACTIVITIES = [
  'procurement',
  'bidding',
  'funding',
  'honours',
  'loans',
  'market_access',
  'tax_incentives',
] as const;

/** Credit discipline: standing, the blacklist procedure, joint punishment checks, disclosure (credit service). */
export function creditRoutes(routes: RouteTable, up: Upstreams): void {
  const c = () => up.credit();
  routes
    .add({
      method: 'get',
      path: '/credit/enterprises/{uscc}',
      tag: 'Credit',
      summary: "An enterprise's integrity rating, listing and restrictions",
      rpc: rpc('wage.credit.v1.CreditService', 'getEnterpriseCredit'),
      params: z.object({ uscc }),
      handler: async ({ params, call }) => {
        const r = await callUnary(
          c().getEnterpriseCredit.bind(c()),
          { uscc: params.uscc },
          { ...call, idempotent: true },
        );
        return view(r);
      },
    })
    .add({
      method: 'get',
      path: '/credit/enterprises/{uscc}/restrictions',
      tag: 'Credit',
      summary: 'Joint punishment check: may this enterprise take part in an activity?',
      rpc: rpc('wage.credit.v1.CreditService', 'checkRestriction'),
      params: z.object({ uscc }),
      query: z.object({ activity: z.enum(ACTIVITIES) }),
      handler: async ({ params, query, call }) =>
        view(
          await callUnary(
            c().checkRestriction.bind(c()),
            { uscc: params.uscc, activity: query.activity },
            { ...call, idempotent: true },
          ),
        ),
    })
    .add({
      method: 'post',
      path: '/credit/blacklist',
      tag: 'Credit',
      summary: 'Propose listing an employer; it is notified and may answer',
      rpc: rpc('wage.credit.v1.CreditService', 'proposeListing'),
      status: 201,
      command: true,
      body: z
        .object({
          uscc,
          caseId: id,
          reason: z.string().trim().min(1).max(2_000),
          responsiblePersons: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
        })
        .strict(),
      handler: async ({ body, call }) => view(await callUnary(c().proposeListing.bind(c()), body, call)),
    })
    .add({
      method: 'get',
      path: '/credit/blacklist',
      tag: 'Credit',
      summary: 'Listing proposals',
      rpc: rpc('wage.credit.v1.CreditService', 'listListingProposals'),
      query: z.object({
        status: z.string().max(20).optional(),
        uscc: uscc.optional(),
        regionCode: regionCode.optional(),
        limit,
        cursor,
      }),
      handler: async ({ query, call }) => {
        const r = await callUnary(
          c().listListingProposals.bind(c()),
          {
            status: query.status ?? '',
            uscc: query.uscc ?? '',
            regionCode: query.regionCode ?? '',
            limit: query.limit,
            cursor: query.cursor ?? '',
          },
          { ...call, idempotent: true },
        );
        return { items: r.items.map((i) => view(i)), nextCursor: r.nextCursor || null };
      },
    })
    .add({
      method: 'get',
      path: '/credit/blacklist/{id}',
      tag: 'Credit',
      summary: 'One listing proposal with every dated step',
      rpc: rpc('wage.credit.v1.CreditService', 'getListingProposal'),
      params: z.object({ id }),
      handler: async ({ params, call }) =>
        view(
          await callUnary(c().getListingProposal.bind(c()), { id: params.id }, { ...call, idempotent: true }),
        ),
    })
    .add({
      method: 'post',
      path: '/credit/blacklist/{id}/answer',
      tag: 'Credit',
      summary: "Record the employer's answer, or its waiver",
      rpc: rpc('wage.credit.v1.CreditService', 'recordAnswer'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({ statement: z.string().max(10_000).default(''), waived: z.boolean().default(false) })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().recordAnswer.bind(c()), { id: params.id, ...body }, call)),
    })
    .add({
      method: 'post',
      path: '/credit/blacklist/{id}/decision',
      tag: 'Credit',
      summary: 'List for 3 years or drop; only after the answer or once its due date passed',
      rpc: rpc('wage.credit.v1.CreditService', 'decideListing'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({ decision: z.enum(['list', 'drop']), reason: z.string().max(2_000).default('') })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().decideListing.bind(c()), { id: params.id, ...body }, call)),
    })
    .add({
      method: 'post',
      path: '/credit/blacklist/{id}/removal',
      tag: 'Credit',
      summary: 'Early removal: paid in full, 6 months clean, written integrity pledge',
      rpc: rpc('wage.credit.v1.CreditService', 'requestRemoval'),
      command: true,
      params: z.object({ id }),
      body: z
        .object({
          reason: z.string().trim().min(1).max(2_000),
          pledgeReference: z.string().trim().min(1).max(200),
        })
        .strict(),
      handler: async ({ params, body, call }) =>
        view(await callUnary(c().requestRemoval.bind(c()), { id: params.id, ...body }, call)),
    })
    .add({
      method: 'get',
      path: '/credit/disclosures',
      tag: 'Credit',
      summary:
        'Published list of major violations (quarterly city/county, half-yearly province); format=csv for publication',
      rpc: rpc('wage.credit.v1.CreditService', 'listDisclosures'),
      query: z.object({
        regionCode,
        year: z.coerce.number().int().min(2000).max(2100),
        number: z.coerce.number().int().min(1).max(4),
        format: z.enum(['json', 'csv']).default('json'),
      }),
      handler: async ({ query, call }) => {
        const r = await callUnary(c().listDisclosures.bind(c()), query, { ...call, idempotent: true });
        if (query.format === 'csv')
          return new RawResponse(
            'text/csv; charset=utf-8',
            r.csv,
            `disclosure-${r.regionCode}-${r.period}.csv`,
          );
        return view(r);
      },
    });
}
