import { z } from 'zod';
import { applyRatioBasisPoints, formatFen, provinceOf, regionName, type WorkingDayCalendar } from '@wage/cn';
import type { ContractorRecord } from './contractorRecord';

// 工资保证金 (DOMAIN.md, five systems 4): a share of the contract price lodged in cash or as a bank guarantee
// within 20 working days of the construction permit. Every number is configuration with a national default;
// a province overrides what it sets. Ratios are basis points (1 bp = 0.01 %), money is integer fen.

/** One band of a provincial table: contracts of at least `fromFen` (and below the next band) pay `ratioBp`. */
export interface DepositTier {
  fromFen: number;
  ratioBp: number;
}

export interface DepositTable {
  /** Bands in ascending `fromFen`, the first from 0. National range: 1 %–3 % (100–300 bp). */
  tiers: DepositTier[];
  /** A province's cap on the amount; applied last, after every adjustment. */
  capFen?: number;
  /** Never below this ratio after adjustments (0.5 %). */
  floorBp: number;
  /** Arrears in the last 2 years: raised by at least 50 % (×1.5). */
  arrearsMultiplierBp: number;
  /** On the blacklist (失信名单): raised by at least 100 % (×2). */
  blacklistMultiplierBp: number;
  /** 2 clean years: lowered by at least 50 % (×0.5). */
  cleanYearsMultiplierBp: number;
  cleanYearsForReduction: number;
  /** Clean this many years with real-name management and a dedicated account: exempt. */
  cleanYearsForExemption: number;
  /** Contracts below this price with a clean previous year may be exempt (¥3M); absent: no such exemption. */
  smallContractExemptBelowFen?: number;
}

/** The national defaults (人社部 2021 工资保证金规定) and the provinces that override them. */
export interface DepositRuleBook {
  national: DepositTable;
  provinces: Record<string, Partial<DepositTable>>;
}

const YUAN = 100;
const MILLION = 1_000_000 * YUAN;

export const NATIONAL_DEPOSIT_TABLE: DepositTable = {
  tiers: [{ fromFen: 0, ratioBp: 200 }],
  floorBp: 50,
  arrearsMultiplierBp: 15_000,
  blacklistMultiplierBp: 20_000,
  cleanYearsMultiplierBp: 5_000,
  cleanYearsForReduction: 2,
  cleanYearsForExemption: 3,
  smallContractExemptBelowFen: 3 * MILLION,
};

/** The dev configuration: Xinjiang's tiers (<¥10M 3 %, ¥10M–100M 2 %, ≥¥100M 1 %) with the ¥5M cap. */
export const DEV_DEPOSIT_RULES: DepositRuleBook = {
  national: NATIONAL_DEPOSIT_TABLE,
  provinces: {
    '650000': {
      tiers: [
        { fromFen: 0, ratioBp: 300 },
        { fromFen: 10 * MILLION, ratioBp: 200 },
        { fromFen: 100 * MILLION, ratioBp: 100 },
      ],
      capFen: 5 * MILLION,
    },
  },
};

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const bp = z.number().int().nonnegative().max(1_000_000);
const tiers = z
  .array(
    z.object({
      fromFen: fen,
      ratioBp: z.number().int().min(100, '基础比例不低于 1%').max(300, '基础比例不超过 3%'),
    }),
  )
  .min(1)
  .refine((t) => t[0]?.fromFen === 0, 'the first tier starts at 0')
  .refine((t) => t.every((x, i) => i === 0 || x.fromFen > t[i - 1]!.fromFen), 'tiers ascend by fromFen');
const tableSchema = z.object({
  tiers,
  capFen: fen.optional(),
  floorBp: bp,
  arrearsMultiplierBp: bp,
  blacklistMultiplierBp: bp,
  cleanYearsMultiplierBp: bp,
  cleanYearsForReduction: z.number().int().min(1),
  cleanYearsForExemption: z.number().int().min(1),
  smallContractExemptBelowFen: fen.optional(),
});
export const depositRuleBookSchema = z.object({
  national: tableSchema,
  provinces: z.record(z.string().regex(/^\d{2}0000$/), tableSchema.partial()),
});

/** Validates a rule book given as configuration (e.g. the FINANCE_DEPOSIT_RULES environment variable). */
export function parseDepositRuleBook(input: unknown): DepositRuleBook {
  return depositRuleBookSchema.parse(input) as DepositRuleBook;
}

/** The table for a project's region: the national default with its province's overrides. */
export function tableFor(book: DepositRuleBook, regionCode: string): DepositTable {
  const province = provinceOf(regionCode) ?? '';
  return { ...book.national, ...(book.provinces[province] ?? {}) };
}

export interface DepositRequirement {
  requiredDepositFen: number;
  /** Ratio applied to the contract price (after adjustments and the floor, before the cap); 0 when exempt. */
  ratioBp: number;
  baseRatioBp: number;
  multiplierBp: number;
  capped: boolean;
  exempt: boolean;
  /** How the figure was reached, for the official and the contractor. */
  basis: string;
}

const pct = (b: number) => `${b / 100}%`;
const times = (b: number) => `×${(b / 10_000).toString()}`;

/**
 * The required deposit of a project: exemptions first (3 clean years with real-name management and a
 * dedicated account; a small contract after a clean year), then the province's band for the contract price,
 * adjusted by the contractor's record (blacklist ×2, else arrears in the last 2 years ×1.5, else 2 clean
 * years ×0.5), never below the floor, and the province's cap applied last.
 */
export function requiredDeposit(
  contractPriceFen: number,
  regionCode: string,
  record: ContractorRecord,
  book: DepositRuleBook,
): DepositRequirement {
  const t = tableFor(book, regionCode);
  const where = regionName(provinceOf(regionCode) ?? '') ?? '全国';
  const troubled = record.blacklisted || record.arrearsLastTwoYears;
  if (
    !troubled &&
    record.cleanYears >= t.cleanYearsForExemption &&
    record.realNameCompliant &&
    record.wageAccountCompliant
  ) {
    return exempt(
      `连续${t.cleanYearsForExemption}年无拖欠且落实实名制和专用账户，免于存储 (exempt: clean record)`,
    );
  }
  if (
    !troubled &&
    t.smallContractExemptBelowFen !== undefined &&
    contractPriceFen < t.smallContractExemptBelowFen &&
    record.cleanYears >= 1
  ) {
    return exempt(
      `合同额低于${formatFen(t.smallContractExemptBelowFen)}且上一年无拖欠，免于存储 (exempt: small contract)`,
    );
  }

  const tier = [...t.tiers].reverse().find((x) => contractPriceFen >= x.fromFen) ?? t.tiers[0]!;
  const multiplierBp = record.blacklisted
    ? t.blacklistMultiplierBp
    : record.arrearsLastTwoYears
      ? t.arrearsMultiplierBp
      : record.cleanYears >= t.cleanYearsForReduction
        ? t.cleanYearsMultiplierBp
        : 10_000;
  const why = record.blacklisted
    ? '列入失信名单'
    : record.arrearsLastTwoYears
      ? '近2年有拖欠'
      : record.cleanYears >= t.cleanYearsForReduction
        ? `连续${t.cleanYearsForReduction}年无拖欠`
        : '';
  // Rounded up: the ratio is an obligation, like the amount.
  const adjusted = applyRatioBasisPoints(tier.ratioBp, multiplierBp);
  const ratioBp = Math.max(adjusted, t.floorBp);
  const uncapped = applyRatioBasisPoints(contractPriceFen, ratioBp);
  const capped = t.capFen !== undefined && uncapped > t.capFen;
  const amount = capped ? t.capFen! : uncapped;

  const steps = [`${where}档位 ${pct(tier.ratioBp)}`];
  if (multiplierBp !== 10_000) steps.push(`${why} ${times(multiplierBp)} → ${pct(adjusted)}`);
  if (ratioBp !== adjusted) steps.push(`不低于 ${pct(t.floorBp)}`);
  steps.push(`${formatFen(contractPriceFen)} × ${pct(ratioBp)} = ${formatFen(uncapped)}`);
  if (capped) steps.push(`上限 ${formatFen(t.capFen!)}`);
  return {
    requiredDepositFen: amount,
    ratioBp,
    baseRatioBp: tier.ratioBp,
    multiplierBp,
    capped,
    exempt: false,
    basis: steps.join('；'),
  };

  function exempt(basis: string): DepositRequirement {
    return {
      requiredDepositFen: 0,
      ratioBp: 0,
      baseRatioBp: 0,
      multiplierBp: 0,
      capped: false,
      exempt: true,
      basis,
    };
  }
}

/** Deposit due: 20 working days after the construction permit. */
export const DEPOSIT_DUE_WORKING_DAYS = 20;
/** Top-up due: 10 working days after a draw. */
export const TOP_UP_DUE_WORKING_DAYS = 10;

export function depositDueDate(permitDate: string, calendar: WorkingDayCalendar) {
  return calendar.addWorkingDays(permitDate, DEPOSIT_DUE_WORKING_DAYS);
}

export function topUpDueDate(drawDate: string, calendar: WorkingDayCalendar) {
  return calendar.addWorkingDays(drawDate, TOP_UP_DUE_WORKING_DAYS);
}
