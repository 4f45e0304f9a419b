import { z } from 'zod';
import { isRegionCode, validateUscc } from '@wage/cn';
import {
  coversRegion,
  figuresByCounty,
  invalidArgument,
  notFound,
  parseInput,
  regionFilter,
  permissionDenied,
  statisticsPeriod,
  statisticsResponse,
  type Principal,
} from '@wage/kit';
import { credit as pb, type queries } from '@wage/proto';
import { disclosurePeriod, toCsv, type DisclosureRow } from '../domain/disclosure';
import {
  checkRestriction,
  isActivity,
  LEGAL_BASIS,
  restrictionsWhileListed,
  ACTIVITIES,
} from '../domain/jointPunishment';
import { listingInForce, rate, wageRecord } from '../domain/rating';
import type { EnterpriseProfileDoc, ListingProposalDoc } from '../infra/models';
import type { CreditDeps } from './deps';

const usccField = z.string().refine((v) => validateUscc(v).ok, '统一社会信用代码无效 (GB 32100 校验失败)');

/**
 * GET /credit/enterprises/{uscc}: the standing as of now (the rating re-evaluated on the facts, so clean
 * periods count up to today), with its reasons, the restrictions in force and the wage record for deposits.
 */
export async function getEnterpriseCredit(
  deps: CreditDeps,
  p: Principal,
  req: pb.GetEnterpriseCreditRequest,
): Promise<pb.EnterpriseCredit> {
  const { uscc } = parseInput(z.object({ uscc: usccField }), req, '统一社会信用代码有误');
  const doc = await deps.models.EnterpriseProfile.findById(uscc).lean<EnterpriseProfileDoc>();
  if (!doc) throw notFound('信用档案中没有该单位的记录 (no credit record)');
  const now = new Date();
  const { rating, reasons } = rate(doc.facts, doc.listings, now, deps.rules);
  const listed = listingInForce(doc.listings, now);
  const violations = doc.facts.filter((f) =>
    [...deps.rules.rating.dishonestKinds, ...deps.rules.rating.recordKinds].includes(f.kind),
  ).length;
  return pb.EnterpriseCredit.fromPartial({
    uscc,
    name: doc.name,
    rating,
    blacklisted: Boolean(listed),
    listedUntil: listed?.listedUntil ?? '',
    restrictions: listed ? restrictionsWhileListed(deps.restrictions) : [],
    violations,
    wageRecord: wageRecord(doc.facts, doc.firstSeenAt, now, deps.rules),
    ratingReasons: reasons,
    regionCode: doc.regionCode,
    legalRepresentative: doc.legalRepresentative,
    ratedAt: now.toISOString(),
  });
}

/** Joint punishment check: may this enterprise take part in the activity? With the restriction and its basis. */
export async function checkRestrictionQuery(
  deps: CreditDeps,
  p: Principal,
  req: pb.CheckRestrictionRequest,
): Promise<pb.RestrictionCheck> {
  const input = parseInput(
    z.object({ uscc: usccField, activity: z.string().refine(isActivity, `应为 ${ACTIVITIES.join(' | ')}`) }),
    req,
    '联合惩戒查询：信息有误',
  );
  const activity = input.activity as (typeof ACTIVITIES)[number];
  const doc = await deps.models.EnterpriseProfile.findById(input.uscc).lean<EnterpriseProfileDoc>();
  const now = new Date();
  const listed = doc ? listingInForce(doc.listings, now) : undefined;
  const answer = checkRestriction(Boolean(listed), activity, deps.restrictions);
  return pb.RestrictionCheck.fromPartial({
    uscc: input.uscc,
    activity,
    ...answer,
    listedUntil: listed?.listedUntil ?? '',
    rating: doc ? rate(doc.facts, doc.listings, now, deps.rules).rating : '',
  });
}

const disclosureSchema = z.object({
  regionCode: z.string().refine(isRegionCode, '不是有效的行政区划代码 (GB/T 2260)'),
  year: z.number().int().min(2000).max(2100),
  number: z.number().int(),
  format: z.enum(['', 'json', 'csv'], '应为 json 或 csv'),
});

/**
 * The list of major violations a region publishes for a period: enterprises listed in the period within the
 * region, with name, USCC, legal representative, facts and outcome; as CSV too when asked.
 */
export async function listDisclosures(
  deps: CreditDeps,
  p: Principal,
  req: pb.ListDisclosuresRequest,
): Promise<pb.DisclosureList> {
  const input = parseInput(disclosureSchema, req, '公布名单查询：信息有误');
  // A region the caller names, not an object it found: refused as for statistics (API.md), not hidden.
  if (!coversRegion(p, input.regionCode))
    throw permissionDenied('只能查询本辖区的公布名单 (region outside your jurisdiction)');
  const period = disclosurePeriod(input.regionCode, input.year, input.number);
  if (typeof period === 'string')
    throw invalidArgument('公布期间有误', [{ field: 'number', message: period }]);
  const docs = await deps.models.ListingProposal.find({
    ...regionFilter(input.regionCode),
    listedFrom: { $gte: period.from, $lte: period.to },
    status: { $in: ['listed', 'removed', 'expired'] },
  })
    .sort({ listedFrom: 1, _id: 1 })
    .lean<ListingProposalDoc[]>();
  const rows: Array<DisclosureRow & { regionCode: string; caseId: string; listedFrom: string }> = docs.map(
    (d) => ({
      name: d.enterpriseName,
      uscc: d.uscc,
      legalRepresentative: d.legalRepresentative,
      facts: d.facts,
      outcome: outcomeOf(d),
      regionCode: d.regionCode,
      caseId: d.caseId,
      listedFrom: d.listedFrom ?? '',
    }),
  );
  return pb.DisclosureList.fromPartial({
    regionCode: input.regionCode,
    period: period.label,
    from: period.from,
    to: period.to,
    items: rows,
    csv: input.format === 'csv' ? toCsv(rows) : '',
    legalBasis: LEGAL_BASIS.disclosure,
  });
}

function outcomeOf(d: ListingProposalDoc): string {
  const persons = [d.legalRepresentative, ...(d.responsiblePersons ?? [])].filter(Boolean).join('、');
  const base = `列入拖欠农民工工资失信联合惩戒对象名单（${d.listedFrom} 至 ${d.listedUntil}${persons ? `，含 ${persons}` : ''}）`;
  if (d.status === 'removed')
    return `${base}；已于 ${d.endedAt ? new Date(d.endedAt).toISOString().slice(0, 10) : ''} 提前移出`;
  if (d.status === 'expired') return `${base}；期满移出`;
  return base;
}

/** The blacklist procedure of a cross-agency case, for the gateway's timeline (agency `credit`). */
export async function creditTimeline(
  deps: CreditDeps,
  p: Principal,
  caseId: string,
): Promise<queries.TimelineResponse> {
  const docs = await deps.models.ListingProposal.find({ caseId }).lean<ListingProposalDoc[]>();
  const first = docs[0];
  if (!first || !coversRegion(p, first.regionCode)) return { caseId, caseNo: '', regionCode: '', items: [] };
  const items = docs
    .flatMap((d) => d.steps ?? [])
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
    .map((s) => ({ at: s.at, agency: 'credit', type: s.type, summary: s.summary }));
  return { caseId, caseNo: '', regionCode: first.regionCode, items };
}

/** `blacklisted`: enterprises listed in the period, per county of the enterprise's region. */
export async function creditStatistics(deps: CreditDeps, p: Principal, req: queries.StatisticsRequest) {
  const period = statisticsPeriod(req);
  return statisticsResponse({
    blacklisted: await figuresByCounty(deps.models.ListingProposal, {
      principal: p,
      regionCode: req.regionCode,
      periodField: 'listedAt',
      period,
      match: { status: { $in: ['listed', 'removed', 'expired'] } },
    }),
  });
}
