import { countyOf, isWithin } from '@wage/cn';
import { financeEvent } from './events';
import type { Decision, EventDraft } from '@wage/domain';

// 应急周转金: county (and town) governments keep a budgeted fund to advance wages when nothing else pays in
// time; every advance is a claim against the employer, and what is recovered flows back into the fund.
// "One case, one allocation" (一案一拨): a case gets one advance.

/** Which counties have a fund and its yearly budget: every county below one of `regions`. */
export interface FundConfig {
  regions: string[];
  budgetFen: number;
}

/** Dev configuration: every county-level region under the demo users' regions, ¥5,000,000 a year. */
export const DEV_FUND_CONFIG: FundConfig = { regions: ['650000', '620100'], budgetFen: 500_000_000 };

/** The county whose fund serves a region code (a county, or a longer code below it); undefined above county. */
export function fundCounty(regionCode: string): string | undefined {
  return countyOf(regionCode);
}

export function yearlyBudget(config: FundConfig, county: string): number | undefined {
  return config.regions.some((r) => isWithin(county, r)) ? config.budgetFen : undefined;
}

export interface RecoveryClaimState {
  _id: string;
  caseId: string;
  regionCode: string;
  fundAccount: string;
  fundYear: number;
  employer: { name: string; uscc: string };
  advancedFen: number;
  repaidFen: number;
  status: 'open' | 'repaid';
}

export function advanced(c: RecoveryClaimState, advanceId: string): EventDraft {
  return financeEvent(
    'finance.EmergencyAdvanced.v1',
    { subject: c._id, caseId: c.caseId, region: c.regionCode },
    {
      claimId: c._id,
      advanceId,
      caseId: c.caseId,
      regionCode: c.regionCode,
      fundYear: c.fundYear,
      amountFen: String(c.advancedFen),
      employer: c.employer,
    },
  );
}

/** A repayment the ledger accepted (never more than outstanding): the claim closes when nothing is owed. */
export function repaid(c: RecoveryClaimState, repaymentId: string, amountFen: number): Decision {
  const repaidFen = c.repaidFen + amountFen;
  const outstanding = c.advancedFen - repaidFen;
  const status = outstanding <= 0 ? 'repaid' : 'open';
  return {
    set: { repaidFen, status },
    events: [
      financeEvent(
        'finance.RecoveryRepaid.v1',
        { subject: c._id, caseId: c.caseId, region: c.regionCode },
        {
          claimId: c._id,
          repaymentId,
          caseId: c.caseId,
          regionCode: c.regionCode,
          amountFen: String(amountFen),
          outstandingFen: String(outstanding),
          fullyRepaid: status === 'repaid',
        },
      ),
    ],
  };
}
