/**
 * Joint punishment (联合惩戒) of listed employers: what each activity's gatekeeper must refuse while the
 * enterprise is on the list, and the documents that say so. A configuration table: a province may add its own
 * measures (CREDIT_RESTRICTIONS).
 */
export type Activity =
  'procurement' | 'bidding' | 'funding' | 'honours' | 'loans' | 'market_access' | 'tax_incentives';

export interface RestrictionRule {
  restriction: string;
  legalBasis: string[];
}

/** The documents behind 拖欠农民工工资失信联合惩戒. */
export const LEGAL_BASIS = {
  regulation: '《保障农民工工资支付条例》（国务院令第724号）第四十八条',
  listingMeasures: '《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》（人力资源社会保障部令第45号）',
  opinion2016: '《国务院办公厅关于全面治理拖欠农民工工资问题的意见》（国办发〔2016〕1号）',
  memorandum:
    '《关于对严重拖欠农民工工资用人单位及其有关人员开展联合惩戒的合作备忘录》（发改财金〔2017〕2058号）',
  creditSystem:
    '《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）',
  procurementLaw: '《中华人民共和国政府采购法》第二十二条',
  disclosure: '《重大劳动保障违法行为社会公布办法》（人力资源社会保障部令第29号）',
} as const;

const common = [LEGAL_BASIS.regulation, LEGAL_BASIS.listingMeasures, LEGAL_BASIS.memorandum];

export const JOINT_PUNISHMENT: Record<Activity, RestrictionRule> = {
  procurement: { restriction: '限制参加政府采购活动', legalBasis: [...common, LEGAL_BASIS.procurementLaw] },
  bidding: { restriction: '限制参与工程建设项目招标投标', legalBasis: [...common, LEGAL_BASIS.opinion2016] },
  funding: {
    restriction: '限制获得政府资金支持（财政补助、专项资金等）',
    legalBasis: [...common, LEGAL_BASIS.creditSystem],
  },
  honours: { restriction: '限制评优评先、授予荣誉称号', legalBasis: [...common, LEGAL_BASIS.creditSystem] },
  loans: { restriction: '作为金融机构融资授信的审慎性参考，限制融资贷款', legalBasis: [...common] },
  market_access: {
    restriction: '限制市场准入、行政许可（从严审核）',
    legalBasis: [...common, LEGAL_BASIS.creditSystem],
  },
  tax_incentives: { restriction: '限制享受税收优惠政策', legalBasis: [...common] },
};

export const ACTIVITIES = Object.keys(JOINT_PUNISHMENT) as Activity[];

export function isActivity(s: string): s is Activity {
  return (ACTIVITIES as string[]).includes(s);
}

export interface RestrictionAnswer {
  allowed: boolean;
  restriction: string;
  legalBasis: string[];
}

/** The answer for one activity: refused with its restriction and basis while listed, allowed otherwise. */
export function checkRestriction(
  listed: boolean,
  activity: Activity,
  table: Record<Activity, RestrictionRule> = JOINT_PUNISHMENT,
): RestrictionAnswer {
  const rule = table[activity];
  return listed
    ? { allowed: false, restriction: rule.restriction, legalBasis: rule.legalBasis }
    : { allowed: true, restriction: '', legalBasis: [] };
}

/** Every restriction that applies while listed, for the enterprise's standing. */
export function restrictionsWhileListed(
  table: Record<Activity, RestrictionRule> = JOINT_PUNISHMENT,
): string[] {
  return ACTIVITIES.map((a) => table[a].restriction);
}
