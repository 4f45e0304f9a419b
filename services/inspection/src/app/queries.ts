import {
  coversRegion,
  figuresByCounty,
  regionFilter,
  regionScopeFilter,
  statisticsPeriod,
  statisticsResponse,
  type Principal,
} from '@wage/kit';
import type { queries } from '@wage/proto';
import type { InspectionModels } from '../infra/models';

export async function inspectionTimeline(
  models: InspectionModels,
  p: Principal,
  caseId: string,
): Promise<queries.TimelineResponse> {
  const doc = await models.InspectionCase.findOne({ caseId }).lean();
  if (!doc || !coversRegion(p, doc.regionCode)) return { caseId, caseNo: '', regionCode: '', items: [] };
  return {
    caseId,
    caseNo: doc.caseNo,
    regionCode: doc.regionCode,
    items: doc.history.map((h) => ({ at: h.at, agency: 'hrss', type: h.type, summary: h.summary })),
  };
}

/** Referrals counted per county by when they were sent (or accepted), from the cases' embedded referrals. */
async function referralFigures(
  models: InspectionModels,
  p: Principal,
  regionCode: string,
  period: { from: Date; to: Date },
  status?: string,
) {
  const field = status ? 'referrals.policeDecidedAt' : 'referrals.transferredAt';
  const out = new Map<string, number>();
  const docs = await models.InspectionCase.find(
    {
      $and: [
        regionScopeFilter(p),
        regionCode ? regionFilter(regionCode) : {},
        { [field]: { $gte: period.from, $lte: period.to } },
      ],
    },
    { regionCode: 1, referrals: 1 },
  ).lean();
  for (const d of docs) {
    for (const r of d.referrals ?? []) {
      const at = status ? r.policeDecidedAt : r.transferredAt;
      if (!at || at < period.from || at > period.to || (status && r.status !== status)) continue;
      out.set(d.regionCode, (out.get(d.regionCode) ?? 0) + 1);
    }
  }
  return out;
}

export async function inspectionStatistics(
  models: InspectionModels,
  p: Principal,
  req: queries.StatisticsRequest,
) {
  const period = statisticsPeriod(req);
  const closed = { principal: p, regionCode: req.regionCode, period, periodField: 'closedAt' };
  const [opened, recovered, workers, sent, accepted] = await Promise.all([
    figuresByCounty(models.InspectionCase, {
      principal: p,
      regionCode: req.regionCode,
      period,
      periodField: 'openedAt',
    }),
    figuresByCounty(models.InspectionCase, { ...closed, sumField: 'closure.recoveredFen' }),
    figuresByCounty(models.InspectionCase, { ...closed, sumField: 'closure.workersPaid' }),
    referralFigures(models, p, req.regionCode, period),
    referralFigures(models, p, req.regionCode, period, 'accepted'),
  ]);
  return statisticsResponse({
    'inspection.opened': opened,
    recoveredFen: recovered,
    workersPaid: workers,
    'policeReferrals.sent': sent,
    'policeReferrals.accepted': accepted,
  });
}
