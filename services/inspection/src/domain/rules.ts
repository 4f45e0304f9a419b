import { provinceOf } from '@wage/cn';
import { z } from 'zod';

/**
 * The statutory rule book of inspection (DOMAIN.md step 3 and 6). Every number is configuration with a
 * national default; a province overrides its crime threshold within the national range.
 */

export type CoreSystem =
  'real_name' | 'dedicated_account' | 'contractor_pays' | 'deposit' | 'notice_board' | 'other';

/** The five core systems (五项制度) checked on every construction project. */
export const CORE_SYSTEMS: readonly CoreSystem[] = [
  'real_name',
  'dedicated_account',
  'contractor_pays',
  'deposit',
  'notice_board',
];

export interface ViolationRule {
  system: CoreSystem;
  description: string;
  penaltyMinFen: number;
  penaltyMaxFen: number;
  workStoppage: boolean;
  legalBasis: string;
}

const BASIS = '《保障农民工工资支付条例》第五十五条';
const BASIS_56 = '《保障农民工工资支付条例》第五十六条';

/** Penalty ranges per unit (DOMAIN.md step 3). */
export const VIOLATIONS: Readonly<Record<string, ViolationRule>> = {
  no_real_name: {
    system: 'real_name',
    description: '未实行劳动用工实名制管理',
    penaltyMinFen: 5_000_000,
    penaltyMaxFen: 10_000_000,
    workStoppage: true,
    legalBasis: BASIS,
  },
  no_dedicated_account: {
    system: 'dedicated_account',
    description: '未按规定开设或使用农民工工资专用账户',
    penaltyMinFen: 5_000_000,
    penaltyMaxFen: 10_000_000,
    workStoppage: true,
    legalBasis: BASIS,
  },
  no_deposit: {
    system: 'deposit',
    description: '未按规定存储工资保证金或未提供金融机构保函',
    penaltyMinFen: 5_000_000,
    penaltyMaxFen: 10_000_000,
    workStoppage: true,
    legalBasis: BASIS,
  },
  no_pay_sheet: {
    system: 'contractor_pays',
    description: '施工总承包单位未按规定代发工资、未编制工资支付表',
    penaltyMinFen: 5_000_000,
    penaltyMaxFen: 10_000_000,
    workStoppage: false,
    legalBasis: BASIS_56,
  },
  no_notice_board: {
    system: 'notice_board',
    description: '未在施工现场设立维权信息告示牌',
    penaltyMinFen: 5_000_000,
    penaltyMaxFen: 10_000_000,
    workStoppage: false,
    legalBasis: BASIS_56,
  },
  pay_in_kind: {
    system: 'other',
    description: '以实物或有价证券等形式代替货币支付工资',
    penaltyMinFen: 2_000_000,
    penaltyMaxFen: 5_000_000,
    workStoppage: false,
    legalBasis: '《保障农民工工资支付条例》第五十四条',
  },
  no_ledger: {
    system: 'other',
    description: '未编制工资支付台账并依法保存',
    penaltyMinFen: 2_000_000,
    penaltyMaxFen: 5_000_000,
    workStoppage: false,
    legalBasis: '《保障农民工工资支付条例》第五十四条',
  },
  holding_cards: {
    system: 'contractor_pays',
    description: '扣押或者变相扣押农民工工资卡、身份证件',
    penaltyMinFen: 2_000_000,
    penaltyMaxFen: 5_000_000,
    workStoppage: false,
    legalBasis: '《保障农民工工资支付条例》第五十四条',
  },
};

/** 拒不支付劳动报酬罪 amounts: one worker at `individualFen`, or `groupWorkers`+ workers totalling `groupFen`. */
export interface CrimeThreshold {
  individualFen: number;
  groupWorkers: number;
  groupFen: number;
}

/** National floor of 法释〔2013〕3号 art. 3 (the province picks a figure in ¥5,000–20,000 / ¥30,000–100,000). */
export const NATIONAL_CRIME_FLOOR: CrimeThreshold = {
  individualFen: 500_000,
  groupWorkers: 10,
  groupFen: 3_000_000,
};
export const NATIONAL_CRIME_CEILING: CrimeThreshold = {
  individualFen: 2_000_000,
  groupWorkers: 10,
  groupFen: 10_000_000,
};

/** Dev configuration: Xinjiang (650000) ¥10,000 / 10 workers ¥60,000, as credit uses. */
export const DEV_CRIME_THRESHOLDS: Readonly<Record<string, CrimeThreshold>> = {
  '650000': { individualFen: 1_000_000, groupWorkers: 10, groupFen: 6_000_000 },
};

export const crimeThresholdTableSchema = z.record(
  z.string().regex(/^\d{2}0000$/, '省级区划代码'),
  z
    .object({
      individualFen: z
        .number()
        .int()
        .min(NATIONAL_CRIME_FLOOR.individualFen)
        .max(NATIONAL_CRIME_CEILING.individualFen),
      groupWorkers: z.number().int().min(1).max(1_000),
      groupFen: z.number().int().min(NATIONAL_CRIME_FLOOR.groupFen).max(NATIONAL_CRIME_CEILING.groupFen),
    })
    .strict(),
);

export function crimeThresholdFor(
  regionCode: string,
  table: Readonly<Record<string, CrimeThreshold>>,
): CrimeThreshold {
  return table[provinceOf(regionCode) ?? ''] ?? NATIONAL_CRIME_FLOOR;
}

/**
 * Whether confirmed arrears reach the crime amount. Arrears are known as a total and a head count: the
 * one-worker figure counts as met when the average per worker reaches it (as credit decides).
 */
export function crimeAmountReached(arrearsFen: number, workerCount: number, t: CrimeThreshold): boolean {
  if (workerCount >= t.groupWorkers && arrearsFen >= t.groupFen) return true;
  return workerCount >= 1 && arrearsFen / workerCount >= t.individualFen;
}

export interface InspectionRules {
  investigationWorkingDays: number;
  extensionWorkingDays: number;
  /** The agency decides on a referral within 3 days of the order being ignored, transfers within 24 hours. */
  referralDecisionDays: number;
  referralTransferHours: number;
  /** Police review a referral within 3 days. */
  policeReviewDays: number;
  /** A closed case gets a look-back review (回头看) this many calendar days after closing. */
  lookBackDays: number;
}

export const NATIONAL_RULES: InspectionRules = {
  investigationWorkingDays: 60,
  extensionWorkingDays: 30,
  referralDecisionDays: 3,
  referralTransferHours: 24,
  policeReviewDays: 3,
  lookBackDays: 90,
};
