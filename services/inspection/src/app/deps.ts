import type { WorkingDayCalendar } from '@wage/cn';
import type { DocumentRegistry } from '@wage/documents';
import type { AggregateStore, Logger, PersonalDataProtection, Principal } from '@wage/kit';
import type { finance } from '@wage/proto';
import type { Acting } from '../domain/inspectionCase';
import type { CrimeThreshold, InspectionRules } from '../domain/rules';
import type { InspectionCaseDoc, InspectionModels } from '../infra/models';

export interface InspectionDeps {
  models: InspectionModels;
  cases: AggregateStore<InspectionCaseDoc>;
  calendar: WorkingDayCalendar;
  rules: InspectionRules;
  crimeThresholds: Readonly<Record<string, CrimeThreshold>>;
  /** Inspectors per region for random plans (besides those assigned to cases). */
  roster: Readonly<Record<string, string[]>>;
  finance: () => finance.FinanceServiceClient;
  /** Finance's monitoring service (same address): the project's real-name roster. */
  monitoring: () => finance.MonitoringServiceClient;
  pii: () => PersonalDataProtection;
  /** The official documents (文书) the inspection agency issues. */
  documents: DocumentRegistry;
  /** The service account's token (client credentials) for completing pending movements; none if not configured. */
  serviceToken?: () => Promise<string>;
  logger: Logger;
  /** Test hooks: pause before/after the finance call of a draw or advance, so a test can kill the process there. */
  fault?: { pauseBeforeFinanceMs: number; pauseAfterFinanceMs: number };
}

/** The job that works cases (behaviour, not access: who may call each RPC is @wage/proto ACCESS). */
export const INSPECTORS = ['labor-inspector'] as const;

export function acting(p: Principal, now = new Date()): Acting {
  return { by: p.username || p.subject, now };
}

export const WHAT = '监察案件';
