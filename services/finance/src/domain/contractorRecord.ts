// What the deposit rules need to know of a general contractor's record, as the credit office keeps it.

export interface ContractorRecord {
  blacklisted: boolean;
  /** Wage arrears found in the last 2 years. */
  arrearsLastTwoYears: boolean;
  /** Consecutive years without wage arrears, up to today. */
  cleanYears: number;
  realNameCompliant: boolean;
  wageAccountCompliant: boolean;
}

/** Where a project's figure came from: the credit office's answer, or an assumption while it is unreachable. */
export type Standing = { kind: 'known'; record: ContractorRecord } | { kind: 'unavailable'; reason: string };

/**
 * While credit cannot be asked the project is registered anyway and its ratio computed as if the contractor
 * had arrears in the last 2 years (the safe side for workers); the profile says so until it is recomputed.
 */
export const ASSUMED_WHILE_UNKNOWN: ContractorRecord = {
  blacklisted: false,
  arrearsLastTwoYears: true,
  cleanYears: 0,
  realNameCompliant: false,
  wageAccountCompliant: false,
};

/** An enterprise the credit office has no record of: no arrears, no clean years to its credit either. */
export const NO_RECORD: ContractorRecord = {
  blacklisted: false,
  arrearsLastTwoYears: false,
  cleanYears: 0,
  realNameCompliant: false,
  wageAccountCompliant: false,
};

export function recordFor(standing: Standing): {
  record: ContractorRecord;
  provisional: boolean;
  reason: string;
} {
  return standing.kind === 'known'
    ? { record: standing.record, provisional: false, reason: '' }
    : {
        record: ASSUMED_WHILE_UNKNOWN,
        provisional: true,
        reason: `信用记录暂不可得，暂按近2年有拖欠计算，待重新核定 (credit unavailable: ${standing.reason})`,
      };
}

/** The port through which finance asks the credit office for a contractor's standing (credit over gRPC). */
export interface ContractorStanding {
  /** Never throws: an unreachable credit service answers `unavailable` with the reason. */
  lookup(uscc: string, callerToken: string): Promise<Standing>;
}
