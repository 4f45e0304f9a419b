import { z } from 'zod';
import { jsonEnv, main, serviceEnv, type GrpcServer, type Runtime, type ServiceParts } from '@wage/kit';
import { DEV_MINIMUM_WAGES, minimumWageTableSchema, WorkingDayCalendar } from '@wage/cn';
import { finance as pb, queries } from '@wage/proto';
import { caseQueriesWithDocuments, DocumentRegistry } from '@wage/documents';
import { DEV_DEPOSIT_RULES, depositRuleBookSchema, type DepositRuleBook } from './domain/depositRules';
import { DEV_FUND_CONFIG } from './domain/emergencyFund';
import { todayInShanghai, type FinanceDeps } from './app/deps';
import {
  advanceEmergencyFund,
  claimMessage,
  drawDeposit,
  fundBalance,
  recordDeposit,
  registerMovementEffects,
  repayRecovery,
  visibleClaim,
} from './app/movements';
import {
  completeProject,
  createProject,
  listProjects,
  noticeDepositReturn,
  projectMessage,
  recomputeRequirement,
  recordDedicatedAccount,
  registerProjectEffects,
  reviewDepositReturn,
  reviewProjectDeadlines,
  visibleProject,
} from './app/projects';
import { financeStatistics, financeTimeline } from './app/queries';
import { verifyLedger } from './app/verify';
import { getPublicProject, publicProjectMessage, updateNoticeBoard } from './app/noticeBoard';
import { creditNotConfigured, GrpcContractorStanding } from './infra/creditStanding';
import { confirmationNotConfigured, GrpcMoneyConfirmer } from './infra/inspectionConfirm';
import { Ledger } from './infra/ledger';
import { financeModels } from './infra/models';
import { monitoringParts } from './monitoring/service';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

export const financeEnv = serviceEnv.extend({
  /** host:port of the credit service; without it every ratio is provisional (computed as if in arrears). */
  CREDIT_GRPC: z.string().optional(),
  /** host:port of the inspection service; without it no draw or advance can be confirmed, so none is made. */
  INSPECTION_GRPC: z.string().optional(),
  /** The deposit rule book as JSON (national default + provinces); default: the dev book (Xinjiang tiers). */
  FINANCE_DEPOSIT_RULES: jsonEnv(depositRuleBookSchema).optional(),
  /** Counties below these regions keep an emergency revolving fund of EMERGENCY_FUND_BUDGET_FEN a year. */
  EMERGENCY_FUND_REGIONS: csv.default(DEV_FUND_CONFIG.regions),
  EMERGENCY_FUND_BUDGET_FEN: z.coerce.number().int().nonnegative().default(DEV_FUND_CONFIG.budgetFen),
  /** How often pending postings are completed, and how old they must be (ms). */
  LEDGER_RECOVERY_EVERY_MS: z.coerce.number().int().positive().default(5_000),
  LEDGER_RECOVERY_AGE_MS: z.coerce.number().int().nonnegative().default(2_000),
  /** How long an account keeps the marks of finished postings before compaction (ms). */
  LEDGER_COMPACTION_GRACE_MS: z.coerce.number().int().min(1_000).default(600_000),
  LEDGER_COMPACTION_EVERY_MS: z.coerce.number().int().positive().default(60_000),
  /** The platform's minimum wage table (same variable and shape as mediation's); default: the dev values. */
  MINIMUM_WAGE_TABLE: jsonEnv(minimumWageTableSchema).optional(),
  DEADLINE_SCAN_EVERY_MS: z.coerce.number().int().positive().default(3_600_000),
});
export type FinanceEnv = z.infer<typeof financeEnv>;

export async function buildFinance(rt: Runtime<FinanceEnv>): Promise<ServiceParts> {
  const cfg = rt.config;
  const models = financeModels(rt.mongo);
  const documents = new DocumentRegistry(rt.mongo, 'finance', () => rt.pii);
  const ledger = new Ledger(models, rt.logger, cfg.WAGE_FAULT);
  const credit = cfg.CREDIT_GRPC ? new GrpcContractorStanding(cfg.CREDIT_GRPC) : undefined;
  const confirmer = cfg.INSPECTION_GRPC ? new GrpcMoneyConfirmer(cfg.INSPECTION_GRPC) : undefined;
  const deps: FinanceDeps = {
    models,
    projects: rt.store(models.Project),
    claims: rt.store(models.RecoveryClaim),
    ledger,
    calendar: new WorkingDayCalendar(),
    rules: (cfg.FINANCE_DEPOSIT_RULES as DepositRuleBook | undefined) ?? DEV_DEPOSIT_RULES,
    funds: { regions: cfg.EMERGENCY_FUND_REGIONS, budgetFen: cfg.EMERGENCY_FUND_BUDGET_FEN },
    minimumWages: cfg.MINIMUM_WAGE_TABLE ?? DEV_MINIMUM_WAGES,
    standing: credit ?? creditNotConfigured,
    confirmer: confirmer ?? confirmationNotConfigured,
    pii: () => rt.pii,
    logger: rt.logger,
    today: todayInShanghai,
  };
  registerMovementEffects(deps);
  registerProjectEffects(deps);
  if (!confirmer) rt.logger.warn('INSPECTION_GRPC not set: deposit draws and emergency advances are refused');
  if (!credit)
    rt.logger.warn(
      'CREDIT_GRPC not set: deposit ratios are provisional (computed as if the contractor had arrears)',
    );

  // Movements a crash left half-done are completed before the first call is served.
  await Promise.all([models.Posting.init(), models.Account.init()]);
  rt.logger.info('ledger indexes ready; completing pending postings');
  await ledger.recoverPending(0);
  rt.logger.info('ledger ready');
  void reviewProjectDeadlines(deps).catch((e) => rt.logger.error({ err: e }, 'deadline review failed'));

  const monitoring = monitoringParts(rt, models.Project, todayInShanghai);
  deps.openWarnings = async (projectId) => {
    const rows = await monitoring.models.WageWarning.aggregate<{ _id: string; n: number }>([
      { $match: { projectId, status: { $ne: 'closed' } } },
      { $group: { _id: '$level', n: { $sum: 1 } } },
    ]);
    const n = (level: string) => rows.find((r) => r._id === level)?.n ?? 0;
    return { red: n('red'), orange: n('orange'), yellow: n('yellow') };
  };
  return {
    consumers: monitoring.consumers,
    grpc: (server: GrpcServer) =>
      monitoring
        .grpc(server)
        .add('wage.finance.v1.FinanceService', pb.FinanceServiceService, {
          createProject: async (req, ctx) =>
            projectMessage(deps, await createProject(deps, ctx.principal, req, ctx.idempotencyKey)),
          getProject: async (req, ctx) =>
            projectMessage(deps, await visibleProject(deps, ctx.principal, req.id)),
          listProjects: (req, ctx) => listProjects(deps, ctx.principal, req),
          recomputeDepositRequirement: async (req, ctx) =>
            projectMessage(deps, await recomputeRequirement(deps, ctx.principal, req.id, ctx.idempotencyKey)),
          recordDedicatedAccount: async (req, ctx) =>
            projectMessage(deps, await recordDedicatedAccount(deps, ctx.principal, req, ctx.idempotencyKey)),
          recordDeposit: (req, ctx) => recordDeposit(deps, ctx.principal, req, ctx.idempotencyKey),
          drawDeposit: (req, ctx) => drawDeposit(deps, ctx.principal, req, ctx.idempotencyKey),
          completeProject: async (req, ctx) =>
            projectMessage(deps, await completeProject(deps, ctx.principal, req, ctx.idempotencyKey)),
          noticeDepositReturn: async (req, ctx) =>
            projectMessage(deps, await noticeDepositReturn(deps, ctx.principal, req.id, ctx.idempotencyKey)),
          reviewDepositReturn: async (req, ctx) =>
            projectMessage(deps, await reviewDepositReturn(deps, ctx.principal, req, ctx.idempotencyKey)),
          advanceEmergencyFund: (req, ctx) =>
            advanceEmergencyFund(deps, ctx.principal, req, ctx.idempotencyKey),
          repayRecovery: (req, ctx) => repayRecovery(deps, ctx.principal, req, ctx.idempotencyKey),
          getRecoveryClaim: async (req, ctx) =>
            claimMessage(deps, await visibleClaim(deps, ctx.principal, req.id)),
          getFundBalance: (req, ctx) => fundBalance(deps, ctx.principal, req),
          verifyLedger: () => verifyLedger(deps),
          updateNoticeBoard: async (req, ctx) =>
            projectMessage(deps, await updateNoticeBoard(deps, ctx.principal, req, ctx.idempotencyKey)),
          getProjectPublicCode: async (req, ctx) =>
            publicProjectMessage(deps, await visibleProject(deps, ctx.principal, req.id)),
        })
        .add('wage.finance.v1.PublicProjectService', pb.PublicProjectServiceService, {
          getPublicProject: (req) => getPublicProject(deps, req),
        })
        .add(
          'wage.common.v1.CaseQueries',
          queries.CaseQueriesService,
          caseQueriesWithDocuments(documents, 'finance', {
            getTimeline: (req, ctx) => financeTimeline(models, ctx.principal, req.caseId),
            getStatistics: (req, ctx) => financeStatistics(models, ctx.principal, req),
          }),
        ),
    jobs: [
      {
        name: 'ledger-recovery',
        everyMs: cfg.LEDGER_RECOVERY_EVERY_MS,
        run: async () => void (await ledger.recoverPending(cfg.LEDGER_RECOVERY_AGE_MS)),
      },
      {
        name: 'ledger-compaction',
        everyMs: cfg.LEDGER_COMPACTION_EVERY_MS,
        run: async () => void (await ledger.compact(cfg.LEDGER_COMPACTION_GRACE_MS)),
      },
      {
        name: 'deposit-deadlines',
        everyMs: cfg.DEADLINE_SCAN_EVERY_MS,
        run: async () => void (await reviewProjectDeadlines(deps)),
      },
      ...monitoring.jobs,
    ],
    onStop: async () => {
      credit?.close();
      confirmer?.close();
    },
  };
}

if (require.main === module)
  main({
    name: 'finance',
    env: financeEnv,
    build: buildFinance,
    production: {
      devRuleBooks: [
        'FINANCE_DEPOSIT_RULES',
        'EMERGENCY_FUND_REGIONS',
        'EMERGENCY_FUND_BUDGET_FEN',
        'MINIMUM_WAGE_TABLE',
      ],
    },
  });
