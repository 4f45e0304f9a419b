import { z } from 'zod';
import {
  countyOf,
  isCalendarDate,
  isLandline,
  isMobile,
  isRegionCode,
  isWithin,
  prefectureOf,
  validateResidentId,
  validateUscc,
} from '@wage/cn';
import { DEFAULT_ROUTING_RULES, matchRule, type RoutingRule } from './routingRules';

/** Where a clue came from (一窗受理: every channel comes through one window). */
export const CHANNELS = [
  'window',
  'hotline_12345',
  'national_platform',
  'police_110',
  'online',
  'union',
  'early_warning',
  'return_visit', // a worker said after closure that the money never arrived
] as const;
export type Channel = (typeof CHANNELS)[number];

export type Route = 'inspection' | 'mediation' | 'transfer';

/** Group complaints (10+ workers) are filed the same day they arrive. */
export const GROUP_CLUE_WORKERS = 10;

const MAX_FEN = 1_000_000_000_000; // ¥10 billion: beyond any single case, rejects overflow attempts

export const clueInputSchema = z.object({
  channel: z.enum(CHANNELS, { message: '未知的来源渠道' }),
  regionCode: z.string().refine(isRegionCode, '不是有效的行政区划代码 (GB/T 2260)'),
  reporter: z.object({
    name: z.string().trim().min(1, '必填').max(50),
    idNumber: z.string().refine((v) => validateResidentId(v).ok, '身份证号码无效 (GB 11643 校验失败)'),
    phone: z.string().refine((v) => isMobile(v) || isLandline(v), '电话号码无效'),
  }),
  employer: z.object({
    name: z.string().trim().min(2, '用人单位名称过短').max(100),
    uscc: z
      .string()
      .refine((v) => validateUscc(v).ok, '统一社会信用代码无效 (GB 32100 校验失败)')
      .optional(),
  }),
  projectId: z.string().max(64).optional(),
  workerCount: z.number().int().min(1, '至少 1 人').max(100_000),
  amountFen: z.number().int('金额必须是整数分').min(1).max(MAX_FEN),
  description: z.string().trim().min(1, '必填').max(4_000),
  occurredFrom: z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD').optional(),
  occurredTo: z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD').optional(),
  sensitive: z.boolean().optional(),
  employerVanished: z.boolean().optional(),
});
export type ClueInput = z.infer<typeof clueInputSchema>;

export function isGroupClue(c: Pick<ClueInput, 'workerCount' | 'sensitive'>): boolean {
  return c.workerCount >= GROUP_CLUE_WORKERS || c.sensitive === true;
}

export interface RoutingDecision {
  route: Route;
  reason: string;
  industryRegulator: string;
  policeFlag: boolean;
  targetRegionCode: string;
  rule: string;
}

/**
 * 分类流转 by the rule table (routingRules.ts): construction-project arrears to inspection with the industry
 * regulator notified, an individual dispute to mediation, a vanished employer to inspection with a police flag,
 * and a clue outside the receiving office's jurisdiction transferred to the right region.
 */
export function routeClue(
  c: Pick<ClueInput, 'regionCode' | 'projectId' | 'workerCount' | 'employerVanished'>,
  receivingRegion: string,
  rules: readonly RoutingRule[] = DEFAULT_ROUTING_RULES,
): RoutingDecision {
  const outside = !!receivingRegion && !isWithin(c.regionCode, receivingRegion);
  const rule = matchRule(rules, {
    outsideJurisdiction: outside,
    employerVanished: c.employerVanished === true,
    constructionProject: !!c.projectId,
    workerCount: c.workerCount,
  });
  return {
    route: rule.route,
    reason: rule.reason,
    industryRegulator: rule.industryRegulator,
    policeFlag: rule.policeFlag,
    targetRegionCode:
      rule.route === 'transfer' ? (countyOf(c.regionCode) ?? prefectureOf(c.regionCode) ?? c.regionCode) : '',
    rule: rule.name,
  };
}

/** Human-readable case number, unique per county and year: 652301-2026-000123. */
export function formatCaseNo(countyCode: string, year: number, seq: number): string {
  return `${countyCode}-${year}-${String(seq).padStart(6, '0')}`;
}
