import type { MinimumWage } from '@wage/cn';

export interface Finality {
  final: boolean;
  /** 12 × the monthly minimum wage: claims up to and including this amount are final for the employer. */
  thresholdFen: number;
  minimumWage: MinimumWage;
}

/**
 * 一裁终局 (LDMAL art. 47): an award on wages is final for the employer when the claim does not exceed 12 months
 * of the local monthly minimum wage (“不超过”: equal is still final). The worker may still sue.
 */
export function awardFinality(claimFen: number, minimumWage: MinimumWage, months: number): Finality {
  const thresholdFen = minimumWage.monthlyFen * months;
  return { final: claimFen <= thresholdFen, thresholdFen, minimumWage };
}
