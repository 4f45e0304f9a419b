import { isCalendarDate } from './calendarDate';
import { ancestry } from './region';
import { z } from 'zod';
/**
 * One monthly minimum wage standard: for a region (a province, or a prefecture/county tier below it) from a
 * date. The most specific region wins, then the latest standard in force on the day in question.
 */
export interface MinimumWage {
  regionCode: string;
  monthlyFen: number;
  effectiveFrom: string;
  source?: string;
}

export const minimumWageTableSchema = z.array(
  z.object({
    regionCode: z.string().regex(/^\d{6}$/),
    monthlyFen: z.number().int().positive(),
    effectiveFrom: z.string().refine(isCalendarDate, 'YYYY-MM-DD'),
    source: z.string().optional(),
  }),
);

/**
 * Development values. Xinjiang's first-tier (一类区) monthly minimum wage is ¥1,900, in force since 2021-04-01
 * (新疆维吾尔自治区人力资源和社会保障厅, 2021 adjustment; reported by Xinhua/China Daily in April 2021, and
 * listed in MOHRSS's 全国各地区月最低工资标准情况). It is used province-wide here; the lower county tiers can be
 * added as entries for their prefecture or county codes. Production loads the current table (MINIMUM_WAGE_TABLE).
 */
export const DEV_MINIMUM_WAGES: MinimumWage[] = [
  {
    regionCode: '650000',
    monthlyFen: 190_000,
    effectiveFrom: '2021-04-01',
    source: '新疆 2021-04-01 一类区 1900 元/月',
  },
];

/** The standard in force for `regionCode` on `onDate`, or undefined when the table has none. */
export function minimumWageFor(
  table: readonly MinimumWage[],
  regionCode: string,
  onDate: string,
): MinimumWage | undefined {
  const chain = ancestry(regionCode);
  let best: { w: MinimumWage; depth: number } | undefined;
  for (const w of table) {
    const depth = chain.indexOf(w.regionCode);
    if (depth < 0 || w.effectiveFrom > onDate) continue;
    if (!best || depth < best.depth || (depth === best.depth && w.effectiveFrom > best.w.effectiveFrom)) {
      best = { w, depth };
    }
  }
  return best?.w;
}
