import type { WorkingDayCalendar } from '@wage/cn';
import type { AggregateStore, Logger, Principal } from '@wage/kit';
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

export function acting(p: Principal, now = new Date()): Acting {
  return { by: p.username || p.subject, now };
}

export { requestFingerprint as fingerprint } from '@wage/kit';

export { isDuplicateKey } from '@wage/kit';
