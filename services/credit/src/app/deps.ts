import type { WorkingDayCalendar } from '@wage/cn';
import { CROSS_AGENCY_READERS, type AggregateStore, type Logger, type Principal } from '@wage/kit';
import type { Acting } from '../domain/listingProposal';
import type { Activity, RestrictionRule } from '../domain/jointPunishment';
import type { CreditRules } from '../domain/rules';
import type { CreditModels, EnterpriseProfileDoc, ListingProposalDoc } from '../infra/models';

export interface CreditDeps {
  models: CreditModels;
  profiles: AggregateStore<EnterpriseProfileDoc>;
  proposals: AggregateStore<ListingProposalDoc>;
  calendar: WorkingDayCalendar;
  rules: CreditRules;
  restrictions: Record<Activity, RestrictionRule>;
  logger: Logger;
}

/** The blacklist procedure is the credit office's. */
export const CREDIT_OFFICERS = ['credit-officer'] as const;
/** Who may see proposals: the credit office and supervisors. */
export const PROPOSAL_READERS = ['credit-officer', 'supervisor'] as const;
/**
 * Standing and joint punishment checks: any agency role (finance for deposits, regulators for bidding), and
 * the banks' feed client, which checks the `loans` and `funding` restrictions before lending.
 */
export const STANDING_READERS = [...CROSS_AGENCY_READERS, 'platform-admin', 'bank-feed'] as const;

export function acting(p: Principal, now = new Date()): Acting {
  return { by: p.username || p.subject, now };
}

export { requestFingerprint as fingerprint } from '@wage/kit';

export { isDuplicateKey } from '@wage/kit';
