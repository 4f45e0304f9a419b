import { shanghaiDate, type MinimumWage, type WorkingDayCalendar } from '@wage/cn';
import type { AggregateStore, Logger, PersonalDataProtection } from '@wage/kit';
import type { ContractorStanding } from '../domain/contractorRecord';
import type { DepositRuleBook } from '../domain/depositRules';
import type { FundConfig } from '../domain/emergencyFund';
import type { MoneyConfirmer } from '../infra/inspectionConfirm';
import type { Ledger } from '../infra/ledger';
import type { FinanceModels, ProjectDoc, RecoveryClaimDoc } from '../infra/models';

export interface FinanceDeps {
  models: FinanceModels;
  projects: AggregateStore<ProjectDoc>;
  claims: AggregateStore<RecoveryClaimDoc>;
  ledger: Ledger;
  calendar: WorkingDayCalendar;
  rules: DepositRuleBook;
  funds: FundConfig;
  /** The platform's minimum-wage table (the one arbitration uses), shown on the notice board. */
  minimumWages: readonly MinimumWage[];
  standing: ContractorStanding;
  /** Inspection confirms each draw and advance (case, order, approval) before money moves. */
  confirmer: MoneyConfirmer;
  /** Personal data of named workers; resolved at first use. */
  pii: () => PersonalDataProtection;
  logger: Logger;
  /** Today in Asia/Shanghai (a clock the tests may move). */
  today: () => string;
  /** Early warnings not yet closed, by level (wired to wage monitoring once it is built). */
  openWarnings?: (projectId: string) => Promise<{ red: number; orange: number; yellow: number }>;
}

export const todayInShanghai = () => shanghaiDate(new Date());

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
