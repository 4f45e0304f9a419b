import {
  coversRegion,
  figuresByCounty,
  statisticsPeriod,
  statisticsResponse,
  type Principal,
} from '@wage/kit';
import { formatFen } from '@wage/cn';
import type { queries } from '@wage/proto';
import type { FinanceModels } from '../infra/models';

const SUMMARY: Record<string, (fen: number, requested: number) => string> = {
  draw: (fen, requested) =>
    `动用工资保证金 ${formatFen(fen)} 支付工人工资${fen < requested ? `（申请 ${formatFen(requested)}，余额不足）` : ''}`,
  advance: (fen) => `应急周转金垫付 ${formatFen(fen)}，向用人单位追偿`,
  repayment: (fen) => `用人单位归还垫付款 ${formatFen(fen)}`,
};

/** What finance knows of a case: its deposit draws, its emergency advance and the repayments. */
export async function financeTimeline(
  models: FinanceModels,
  p: Principal,
  caseId: string,
): Promise<queries.TimelineResponse> {
  const postings = await models.Posting.find({
    caseId,
    status: 'applied',
    kind: { $in: Object.keys(SUMMARY) },
  })
    .sort({ createdAt: 1 })
    .lean();
  const visible = postings.filter((x) => coversRegion(p, x.regionCode));
  if (visible.length === 0) return { caseId, caseNo: '', regionCode: '', items: [] };
  return {
    caseId,
    caseNo: '',
    regionCode: visible[0]!.regionCode,
    items: visible.map((x) => {
      return {
        at: x.createdAt,
        agency: 'finance',
        type: `finance.${x.kind}`,
        summary: SUMMARY[x.kind]!(x.amountFen, x.requestedFen),
      };
    }),
  };
}

/**
 * Finance's figures per county: projects monitored and deposit-compliant (registered by the end of the
 * period, as they stand now), and the money drawn, advanced and repaid in the period.
 */
export async function financeStatistics(models: FinanceModels, p: Principal, req: queries.StatisticsRequest) {
  const period = statisticsPeriod(req);
  const base = { principal: p, regionCode: req.regionCode };
  const upToEnd = { from: new Date(0), to: period.to };
  const moved = (kind: string) =>
    figuresByCounty(models.Posting, {
      ...base,
      period,
      periodField: 'createdAt',
      match: { kind, status: 'applied' },
      sumField: 'amountFen',
    });
  return statisticsResponse({
    'projects.monitored': await figuresByCounty(models.Project, {
      ...base,
      period: upToEnd,
      periodField: 'registeredAt',
      match: { status: { $ne: 'closed' } },
    }),
    'projects.depositCompliant': await figuresByCounty(models.Project, {
      ...base,
      period: upToEnd,
      periodField: 'registeredAt',
      match: { status: { $ne: 'closed' }, depositCompliant: true },
    }),
    'deposits.drawnFen': await moved('draw'),
    'emergency.advancedFen': await moved('advance'),
    'emergency.repaidFen': await moved('repayment'),
  });
}
