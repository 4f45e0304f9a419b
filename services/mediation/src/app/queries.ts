import {
  coversRegion,
  figuresByCounty,
  statisticsPeriod,
  statisticsResponse,
  type Principal,
} from '@wage/kit';
import type { queries } from '@wage/proto';
import type { HistoryEntry } from '../domain/common';
import type { MediationDeps } from './deps';

/**
 * What mediation, arbitration and the court know of one cross-agency case, for the gateway's timeline;
 * nothing outside the caller's region.
 */
export async function mediationTimeline(
  deps: MediationDeps,
  p: Principal,
  caseId: string,
): Promise<queries.TimelineResponse> {
  const { MediationCase, ArbitrationCase, CourtRequest } = deps.models;
  const [mediations, arbitrations, court] = await Promise.all([
    MediationCase.find({ caseId }, { caseNo: 1, regionCode: 1, history: 1 }).lean(),
    ArbitrationCase.find({ caseId }, { caseNo: 1, regionCode: 1, history: 1 }).lean(),
    CourtRequest.find({ caseId }, { caseNo: 1, regionCode: 1, history: 1 }).lean(),
  ]);
  const docs: Array<{ caseNo: string; regionCode: string; history: HistoryEntry[] }> = [
    ...mediations,
    ...arbitrations,
    ...court,
  ];
  const first = docs[0];
  if (!first || !coversRegion(p, first.regionCode)) return { caseId, caseNo: '', regionCode: '', items: [] };
  const items = docs
    .flatMap((d) => d.history ?? [])
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
    .map((h) => ({ at: h.at, agency: h.agency, type: h.type, summary: h.summary }));
  return { caseId, caseNo: first.caseNo, regionCode: first.regionCode, items };
}

/**
 * Figures per county for a period, by the day a case was opened: `mediation.cases` and `mediation.agreed`
 * (of those, the ones that reached an agreement; the gateway computes the mediation rate), and the
 * arbitration cases and awards that followed.
 */
export async function mediationStatistics(deps: MediationDeps, p: Principal, req: queries.StatisticsRequest) {
  const period = statisticsPeriod(req);
  const base = { principal: p, regionCode: req.regionCode, period };
  const { MediationCase, ArbitrationCase } = deps.models;
  return statisticsResponse({
    'mediation.cases': await figuresByCounty(MediationCase, { ...base, periodField: 'openedAt' }),
    'mediation.agreed': await figuresByCounty(MediationCase, {
      ...base,
      periodField: 'openedAt',
      match: { agreedAt: { $exists: true } },
    }),
    'arbitration.cases': await figuresByCounty(ArbitrationCase, { ...base, periodField: 'appliedAt' }),
    'arbitration.awards': await figuresByCounty(ArbitrationCase, {
      ...base,
      periodField: 'appliedAt',
      match: { status: 'awarded' },
    }),
  });
}
