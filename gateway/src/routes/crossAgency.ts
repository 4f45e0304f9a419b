import { z } from 'zod';
import { callUnary, coversRegion, DomainError, notFound, permissionDenied, type Logger } from '@wage/kit';
import { isWithin, shanghaiDate } from '@wage/cn';
import { rpc, type queries } from '@wage/proto';
import { SERVICES, type ServiceName } from '../config';
import { RawResponse, type RouteTable } from '../http/routes';
import type { Upstreams } from '../upstream';
import { dateString, id, regionCode } from './schemas';

/** Asks every configured service at once, each with its own deadline; a failure is named, not hidden. */
async function askAll<T>(
  up: Upstreams,
  logger: Logger,
  ask: (service: ServiceName) => Promise<T>,
): Promise<{ answers: Array<[ServiceName, T]>; missing: ServiceName[] }> {
  const services = up.configured();
  const settled = await Promise.allSettled(services.map((s) => ask(s)));
  const answers: Array<[ServiceName, T]> = [];
  const missing: ServiceName[] = [];
  settled.forEach((r, i) => {
    const s = services[i]!;
    if (r.status === 'fulfilled') answers.push([s, r.value]);
    else {
      missing.push(s);
      logger.warn({ service: s, err: r.reason }, 'service did not answer a cross-agency query');
    }
  });
  return { answers, missing };
}

const documentListView = z.object({
  caseId: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      number: z.string(),
      issuedAt: z.string(),
      service: z.string(),
      corrects: z.string().optional(),
    }),
  ),
  missing: z.array(z.string()),
});

const timelineView = z
  .object({
    caseId: z.string(),
    caseNo: z.string(),
    items: z.array(
      z.object({
        at: z.string(),
        agency: z.string(),
        service: z.string(),
        type: z.string(),
        summary: z.string(),
      }),
    ),
    missing: z.array(z.string()),
  })
  .openapi('CaseTimeline');

const figureGroup = (names: string[]) => z.object(Object.fromEntries(names.map((n) => [n, z.number()])));
const statsFigures = z.object({
  clues: figureGroup(['received', 'filed', 'closed', 'closureRate', 'overdue']),
  recoveredFen: z.number(),
  workersPaid: z.number(),
  projects: figureGroup(['monitored', 'depositCompliant']),
  warnings: figureGroup(['raised', 'open']),
  blacklisted: z.number(),
  policeReferrals: figureGroup(['sent', 'accepted']),
  mediation: figureGroup(['cases', 'agreed']),
  satisfaction: figureGroup(['answers', 'average', 'paidShare']),
});
type StatsFigures = z.infer<typeof statsFigures>;

/** The contract's figures from the services' named per-county figures. */
export function composeFigures(f: Record<string, number>): StatsFigures {
  const n = (k: string) => f[k] ?? 0;
  const received = n('clues.received');
  const closed = n('clues.closed');
  return {
    clues: {
      received,
      filed: n('clues.filed'),
      closed,
      closureRate: received > 0 ? Math.round((closed / received) * 1000) / 1000 : 0,
      overdue: n('clues.overdue'),
    },
    recoveredFen: n('recoveredFen'),
    workersPaid: n('workersPaid'),
    projects: { monitored: n('projects.monitored'), depositCompliant: n('projects.depositCompliant') },
    warnings: { raised: n('warnings.raised'), open: n('warnings.open') },
    blacklisted: n('blacklisted'),
    policeReferrals: { sent: n('policeReferrals.sent'), accepted: n('policeReferrals.accepted') },
    mediation: { cases: n('mediation.cases'), agreed: n('mediation.agreed') },
    satisfaction: satisfaction(n('satisfaction.answers'), n('satisfaction.scoreSum'), n('satisfaction.paid')),
  };
}

/** 回访满意度: the average score (1–5) and the share of "paid" answers, to three decimals. */
function satisfaction(answers: number, scoreSum: number, paid: number) {
  const ratio = (x: number) => (answers > 0 ? Math.round((x / answers) * 1000) / 1000 : 0);
  return { answers, average: ratio(scoreSum), paidShare: ratio(paid) };
}

export function crossAgencyRoutes(
  routes: RouteTable,
  up: Upstreams,
  logger: Logger,
  deadlineMs: number,
): void {
  routes
    .add({
      method: 'get',
      path: '/cases/{caseId}/documents',
      tag: 'Documents',
      summary: 'The official documents (文书) every agency issued on one case, in the order they were issued',
      rpc: rpc('wage.common.v1.CaseQueries', 'listDocuments'),
      params: z.object({ caseId: id }),
      response: documentListView,
      handler: async ({ params, principal, call }) => {
        const { answers, missing } = await askAll(up, logger, (s) => {
          const c = up.queries(s);
          return callUnary(
            c.listDocuments.bind(c),
            { caseId: params.caseId },
            { ...call, deadlineMs, idempotent: true, retries: 0 },
          );
        });
        const items = answers
          .filter(([, r]) => r.regionCode && coversRegion(principal, r.regionCode))
          .flatMap(([, r]) => r.items)
          .map((d) => ({
            id: d.id,
            kind: d.kind,
            number: d.number,
            issuedAt: (d.issuedAt ?? new Date(0)).toISOString(),
            service: d.service,
            ...(d.corrects ? { corrects: d.corrects } : {}),
          }))
          .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
        return { caseId: params.caseId, items, missing };
      },
    })
    .add({
      method: 'get',
      path: '/documents/{id}',
      tag: 'Documents',
      summary:
        'One issued document: the PDF (Accept: application/pdf, the default), or its summary (Accept: application/json)',
      rpc: rpc('wage.common.v1.CaseQueries', 'getDocument'),
      params: z.object({ id }),
      handler: async ({ params, call, unmask, req, auditCase }) => {
        // A document's id names the service that issued and keeps it (`inspection-…`); any other id is
        // looked for in every service.
        const named = SERVICES.find((s) => params.id.startsWith(`${s}-`));
        const asked = named ? [named] : up.configured();
        const settled = await Promise.allSettled(
          asked.map((service) => {
            const c = up.queries(service);
            return callUnary(
              c.getDocument.bind(c),
              { id: params.id, unmask },
              { ...call, unmask, idempotent: true },
            );
          }),
        );
        const file = settled.find((r) => r.status === 'fulfilled' && r.value.summary);
        if (!file || file.status !== 'fulfilled') {
          const failure = settled.find(
            (r): r is PromiseRejectedResult =>
              r.status === 'rejected' && !(r.reason instanceof DomainError && r.reason.kind === 'not_found'),
          );
          throw failure ? failure.reason : notFound('文书不存在');
        }
        const s = file.value.summary!;
        auditCase(s.caseId);
        const accept = String(req.get('accept') ?? '');
        if (accept.includes('application/json') && !accept.includes('application/pdf'))
          return { ...s, issuedAt: (s.issuedAt ?? new Date(0)).toISOString() };
        return new RawResponse('application/pdf', Buffer.from(file.value.pdf), `${s.id}.pdf`, s.caseId);
      },
    })
    .add({
      method: 'get',
      path: '/cases/{caseId}/timeline',
      tag: 'Cross-agency',
      summary:
        'Everything every agency did on one case, in time order; services that did not answer are named in `missing`',
      rpc: rpc('wage.common.v1.CaseQueries', 'getTimeline'),
      params: z.object({ caseId: id }),
      response: timelineView,
      handler: async ({ params, principal, call }) => {
        const { answers, missing } = await askAll(up, logger, (s) => {
          const c = up.queries(s);
          return callUnary(
            c.getTimeline.bind(c),
            { caseId: params.caseId },
            { ...call, deadlineMs, idempotent: true, retries: 0 },
          );
        });
        const known = answers.filter(([, r]) => r.regionCode && coversRegion(principal, r.regionCode));
        if (known.length === 0 && missing.length === 0) throw notFound('案件不存在');
        const items = known
          .flatMap(([service, r]: [ServiceName, queries.TimelineResponse]) =>
            r.items.map((i) => ({
              at: (i.at ?? new Date(0)).toISOString(),
              agency: i.agency,
              service,
              type: i.type,
              summary: i.summary,
            })),
          )
          .sort((a, b) => a.at.localeCompare(b.at));
        return {
          caseId: params.caseId,
          caseNo: known.find(([, r]) => r.caseNo)?.[1].caseNo ?? '',
          items,
          missing,
        };
      },
    })
    .add({
      method: 'get',
      path: '/stats',
      tag: 'Cross-agency',
      summary: 'Figures of a region and period across every agency, with the counties below it',
      rpc: rpc('wage.common.v1.CaseQueries', 'getStatistics'),
      query: z.object({
        regionCode: regionCode.optional(),
        from: dateString.optional(),
        to: dateString.optional(),
      }),
      response: statsFigures.extend({
        regionCode: z.string(),
        from: z.string(),
        to: z.string(),
        byRegion: z.array(statsFigures.extend({ regionCode: z.string() })),
        missing: z.array(z.string()),
      }),
      handler: async ({ query, principal, call }) => {
        const region = query.regionCode ?? principal.region;
        if (!principal.region || !isWithin(region, principal.region)) {
          throw permissionDenied('无权查看该地区的统计 (outside your jurisdiction)');
        }
        const today = shanghaiDate(new Date());
        const from = query.from ?? `${today.slice(0, 4)}-01-01`;
        const to = query.to ?? today;
        const { answers, missing } = await askAll(up, logger, (s) => {
          const c = up.queries(s);
          return callUnary(
            c.getStatistics.bind(c),
            { regionCode: region, from, to },
            { ...call, deadlineMs, idempotent: true, retries: 0 },
          );
        });
        const perCounty = new Map<string, Record<string, number>>();
        const total: Record<string, number> = {};
        for (const [, r] of answers) {
          for (const row of r.byRegion) {
            const f = perCounty.get(row.regionCode) ?? {};
            for (const [k, v] of Object.entries(row.figures)) {
              f[k] = (f[k] ?? 0) + Number(v);
              total[k] = (total[k] ?? 0) + Number(v);
            }
            perCounty.set(row.regionCode, f);
          }
        }
        return {
          regionCode: region,
          from,
          to,
          ...composeFigures(total),
          byRegion: [...perCounty]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([regionCode, f]) => ({ regionCode, ...composeFigures(f) })),
          missing,
        };
      },
    });
}
