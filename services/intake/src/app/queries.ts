import {
  coversRegion,
  figuresByCounty,
  invalidArgument,
  regionFilter,
  regionScopeFilter,
  statisticsPeriod,
  statisticsResponse,
  type Principal,
} from '@wage/kit';
import { isRegionCode } from '@wage/cn';
import type { intake as pb, queries } from '@wage/proto';
import type { ClueDoc, IntakeCaseDoc, IntakeModels } from '../infra/models';
import { toClueMessage } from './fileClue';

/** What intake knows of a case, for the cross-agency timeline; nothing outside the caller's region. */
export async function intakeTimeline(
  models: IntakeModels,
  p: Principal,
  caseId: string,
): Promise<queries.TimelineResponse> {
  const c = (await models.IntakeCase.findById(caseId).lean()) as IntakeCaseDoc | null;
  if (!c || !coversRegion(p, c.regionCode)) return { caseId, caseNo: '', regionCode: '', items: [] };
  return {
    caseId,
    caseNo: c.caseNo,
    regionCode: c.regionCode,
    items: c.history.map((h) => ({ at: h.at, agency: 'hrss', type: h.type, summary: h.summary })),
  };
}

export async function intakeStatistics(models: IntakeModels, p: Principal, req: queries.StatisticsRequest) {
  const period = statisticsPeriod(req);
  const base = { principal: p, regionCode: req.regionCode, period };
  return statisticsResponse({
    'clues.received': await figuresByCounty(models.Clue, { ...base, periodField: 'receivedAt' }),
    'clues.filed': await figuresByCounty(models.IntakeCase, { ...base, periodField: 'filedAt' }),
    'clues.closed': await figuresByCounty(models.IntakeCase, {
      ...base,
      periodField: 'closedAt',
      match: { status: 'closed' },
    }),
    'clues.overdue': await figuresByCounty(models.IntakeCase, {
      ...base,
      periodField: 'receivedAt',
      match: { status: 'received', filingDueAt: { $lt: new Date() } },
    }),
    // 回访: answers given in the period, the sum of their scores (the gateway divides) and the "paid" ones.
    ...(await satisfactionFigures(models, base)),
  });
}

async function satisfactionFigures(
  models: IntakeModels,
  base: Pick<Parameters<typeof figuresByCounty>[1], 'principal' | 'regionCode' | 'period'>,
) {
  const answered = { ...base, periodField: 'feedback.at', match: { 'feedback.at': { $exists: true } } };
  return {
    'satisfaction.answers': await figuresByCounty(models.Clue, answered),
    'satisfaction.scoreSum': await figuresByCounty(models.Clue, {
      ...answered,
      sumField: 'feedback.satisfaction',
    }),
    'satisfaction.paid': await figuresByCounty(models.Clue, {
      ...answered,
      match: { 'feedback.paid': true },
    }),
  };
}

const STATUSES = ['received', 'filed', 'rejected', 'transferred', 'closed'];

/** Clues of the caller's region (and below), newest first, by cursor (ids are time-ordered UUIDv7). */
export async function listClues(
  models: IntakeModels,
  p: Principal,
  req: pb.ListCluesRequest,
): Promise<pb.ListCluesResponse> {
  const errors = [];
  if (req.status && !STATUSES.includes(req.status))
    errors.push({ field: 'status', message: `应为 ${STATUSES.join('|')}` });
  if (req.regionCode && !isRegionCode(req.regionCode))
    errors.push({ field: 'regionCode', message: '不是有效的行政区划代码' });
  if (req.limit < 0 || req.limit > 200) errors.push({ field: 'limit', message: '1–200' });
  if (req.cursor && !/^[0-9a-f-]{36}$/.test(req.cursor)) errors.push({ field: 'cursor', message: '无效' });
  if (errors.length) throw invalidArgument('查询参数有误', errors);
  const limit = req.limit || 50;
  const filter = {
    $and: [
      regionScopeFilter(p),
      req.regionCode ? regionFilter(req.regionCode) : {},
      req.status ? { status: req.status } : {},
      req.cursor ? { _id: { $lt: req.cursor } } : {},
    ],
  };
  const docs = (await models.Clue.find(filter)
    .sort({ _id: -1 })
    .limit(limit + 1)
    .lean()) as ClueDoc[];
  const page = docs.slice(0, limit);
  const cases = (await models.IntakeCase.find({
    _id: { $in: [...new Set(page.map((d) => d.caseId))] },
  }).lean()) as IntakeCaseDoc[];
  const byId = new Map(cases.map((c) => [c._id, c]));
  return {
    items: page.map((d) => toClueMessage(d, byId.get(d.caseId))),
    nextCursor: docs.length > limit ? page[page.length - 1]!._id : '',
  };
}
