import { coversRegion, hasAnyRole, notFound, permissionDenied, type Principal } from '@wage/kit';
import type { queries } from '@wage/proto';
import { DOCUMENT_KINDS } from './kinds';
import type { DocumentRecord, DocumentRegistry } from './registry';
import { renderPdf } from './render';

function summary(d: DocumentRecord): queries.DocumentSummary {
  return {
    id: d._id,
    kind: d.kind,
    number: d.number,
    issuedAt: d.issuedAt,
    service: d.service,
    caseId: d.caseId,
    corrects: d.corrects ?? '',
  };
}

/** The CaseQueries document RPCs every issuing service answers: only within the caller's region. */
export function documentQueries(registry: DocumentRegistry) {
  return {
    listDocuments: async (
      p: Principal,
      req: queries.ListDocumentsRequest,
    ): Promise<queries.ListDocumentsResponse> => {
      const docs = (await registry.listForCase(req.caseId)).filter((d) => coversRegion(p, d.regionCode));
      return { regionCode: docs[0]?.regionCode ?? '', items: docs.map(summary) };
    },
    getDocument: async (p: Principal, req: queries.GetDocumentRequest): Promise<queries.DocumentFile> => {
      const d = req.id ? await registry.get(req.id) : null;
      if (!d || !coversRegion(p, d.regionCode)) throw notFound('文书不存在');
      if (req.unmask && !hasAnyRole(p, ['pii-reader']))
        throw permissionDenied('查看完整个人信息需要 pii-reader 角色');
      const pdf = await renderPdf(d, { printId: (id) => registry.printedIdNumber(id, req.unmask) });
      return { summary: summary(d), pdf };
    },
  };
}

/** A case's documents as timeline entries (the service appends them to its own). */
export async function documentTimeline(
  registry: DocumentRegistry,
  caseId: string,
  agency: string,
): Promise<queries.TimelineEntry[]> {
  return (await registry.listForCase(caseId)).map((d) => ({
    at: d.issuedAt,
    agency,
    type: `document.${d.kind}`,
    summary: `制发${DOCUMENT_KINDS[d.kind].title}（${d.number}）`,
  }));
}

/**
 * A service's CaseQueries with its documents: the timeline gains one entry per document issued on the case,
 * and the document RPCs answer from the service's registry.
 */
export function caseQueriesWithDocuments(
  registry: DocumentRegistry,
  agency: string,
  handlers: {
    getTimeline: (
      req: queries.TimelineRequest,
      ctx: { principal: Principal },
    ) => Promise<queries.TimelineResponse>;
    getStatistics: (
      req: queries.StatisticsRequest,
      ctx: { principal: Principal },
    ) => Promise<queries.StatisticsResponse>;
  },
) {
  const rpcs = documentQueries(registry);
  return {
    getTimeline: async (req: queries.TimelineRequest, ctx: { principal: Principal }) => {
      const t = await handlers.getTimeline(req, ctx);
      if (!t.regionCode) return t;
      const docs = await documentTimeline(registry, req.caseId, agency);
      return { ...t, items: [...t.items, ...docs].sort((a, b) => +(a.at ?? 0) - +(b.at ?? 0)) };
    },
    getStatistics: handlers.getStatistics,
    listDocuments: (req: queries.ListDocumentsRequest, ctx: { principal: Principal }) =>
      rpcs.listDocuments(ctx.principal, req),
    getDocument: (req: queries.GetDocumentRequest, ctx: { principal: Principal }) =>
      rpcs.getDocument(ctx.principal, req),
  };
}
