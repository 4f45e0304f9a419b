import type { MinimumWage, WorkingDayCalendar } from '@wage/cn';
import { type AggregateStore, type Logger, type PersonalDataProtection, type Principal } from '@wage/kit';
import type { Acting } from '../domain/common';
import type { MediationRules } from '../domain/rules';
import type { ArbitrationCaseDoc, CourtRequestDoc, MediationCaseDoc, MediationModels } from '../infra/models';

export interface MediationDeps {
  models: MediationModels;
  cases: AggregateStore<MediationCaseDoc>;
  arbitrations: AggregateStore<ArbitrationCaseDoc>;
  court: AggregateStore<CourtRequestDoc>;
  calendar: WorkingDayCalendar;
  pii: PersonalDataProtection;
  rules: MediationRules;
  minimumWages: MinimumWage[];
  logger: Logger;
}

export function acting(p: Principal, now = new Date()): Acting {
  return { by: p.username || p.subject, now };
}

export { inRegion, isDuplicateKey, requestFingerprint as fingerprint } from '@wage/kit';
