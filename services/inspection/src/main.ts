import { z } from 'zod';
import { WorkingDayCalendar } from '@wage/cn';
import {
  CLIENT_CHANNEL_OPTIONS,
  platformChannel,
  jsonEnv,
  main,
  serviceEnv,
  unavailable,
  hasAnyRole,
  type GrpcServer,
  type Runtime,
  type ServiceParts,
} from '@wage/kit';
import { caseQueriesWithDocuments, DocumentRegistry } from '@wage/documents';
import { finance, inspection as pb, queries } from '@wage/proto';
import {
  assign,
  close,
  complianceCheck,
  decideOnReferral,
  extend,
  findCase,
  finding,
  getReferral,
  listCases,
  listReferrals,
  lookBackDone,
  payment,
  paymentOrder,
  penalty,
  rectificationOrder,
  refer,
} from './app/commands';
import type { InspectionDeps } from './app/deps';
import { caseMessage } from './app/messages';
import {
  advanceEmergencyFund,
  confirmMoneyRequest,
  decideMoneyRequest,
  drawDeposit,
  finishPendingMoney,
  listMoneyRequests,
} from './app/money';
import { onCaseRouted } from './app/onCaseRouted';
import { drawInspectionPlan, getPlan } from './app/plans';
import { inspectionStatistics, inspectionTimeline } from './app/queries';
import { overdueScan } from './app/scan';
import { crimeThresholdTableSchema, DEV_CRIME_THRESHOLDS, NATIONAL_RULES } from './domain/rules';
import { inspectionModels } from './infra/models';

/** Service settings: finance's address, the provinces' crime amounts, the inspector roster, the scheduler. */
export const inspectionEnv = serviceEnv.extend({
  /** host:port of finance (deposit draws, emergency advances, projects for random plans). */
  FINANCE_GRPC: z.string().optional(),
  /** JSON {"650000": {individualFen, groupWorkers, groupFen}}; within the national range; default: Xinjiang dev. */
  CRIME_THRESHOLDS: jsonEnv(crimeThresholdTableSchema).optional(),
  /** JSON {"652300": ["inspector.changji", ...]}: inspectors per region for random plans. */
  INSPECTOR_ROSTER: jsonEnv(z.record(z.string(), z.array(z.string().min(1)))).optional(),
  INSPECTION_SCAN_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
  /** How often pending draws/advances are completed, and how old they must be first (ms). */
  MONEY_RECOVERY_EVERY_MS: z.coerce.number().int().min(100).default(5_000),
  MONEY_RECOVERY_AGE_MS: z.coerce.number().int().min(0).default(3_000),
});
type InspectionEnv = z.infer<typeof inspectionEnv>;

const DEV_ROSTER: Record<string, string[]> = {
  '652300': ['inspector.changji', 'inspector.changji.2', 'inspector.changji.3', 'inspector.changji.4'],
  '620100': ['inspector.lanzhou'],
};

/** Test hooks (WAGE_FAULT=finance-pause:before:8000 or finance-pause:after:8000): a window to kill the process in. */
function faultOf(spec: string | undefined): InspectionDeps['fault'] {
  const m = /^finance-pause:(before|after):(\d+)$/.exec(spec ?? '');
  if (!m) return undefined;
  const ms = Number(m[2]);
  return { pauseBeforeFinanceMs: m[1] === 'before' ? ms : 0, pauseAfterFinanceMs: m[1] === 'after' ? ms : 0 };
}

export async function buildInspection(rt: Runtime<InspectionEnv>): Promise<ServiceParts> {
  const models = inspectionModels(rt.mongo);
  const calendar = new WorkingDayCalendar();
  let financeClient: finance.FinanceServiceClient | undefined;
  let monitoringClient: finance.MonitoringServiceClient | undefined;
  const financeAddress = () => {
    if (!rt.config.FINANCE_GRPC) throw unavailable('未配置财政服务 (FINANCE_GRPC not set)');
    return rt.config.FINANCE_GRPC;
  };
  const fault = faultOf(rt.config.WAGE_FAULT);
  if (!rt.serviceAccount)
    rt.logger.warn(
      'SERVICE_CLIENT_ID/SECRET not set: draws and advances left pending by a crash wait for a chief to open the case',
    );
  const documents = new DocumentRegistry(rt.mongo, 'inspection', () => rt.pii);
  const deps: InspectionDeps = {
    models,
    cases: rt.store(models.InspectionCase),
    calendar,
    rules: NATIONAL_RULES,
    crimeThresholds: rt.config.CRIME_THRESHOLDS ?? DEV_CRIME_THRESHOLDS,
    roster: rt.config.INSPECTOR_ROSTER ?? DEV_ROSTER,
    finance: () =>
      (financeClient ??= new finance.FinanceServiceClient(
        financeAddress(),
        platformChannel('inspection'),
        CLIENT_CHANNEL_OPTIONS,
      )),
    monitoring: () =>
      (monitoringClient ??= new finance.MonitoringServiceClient(
        financeAddress(),
        platformChannel('inspection'),
        CLIENT_CHANNEL_OPTIONS,
      )),
    pii: () => rt.pii,
    documents,
    logger: rt.logger,
    ...(rt.serviceAccount ? { serviceToken: () => rt.serviceAccount!.token() } : {}),
    ...(fault ? { fault } : {}),
  };
  if (!rt.serviceAccount)
    rt.logger.warn(
      'SERVICE_CLIENT_ID/SECRET not set: draws and advances left pending by a crash wait for an inspector to open the case',
    );
  if (!rt.config.FINANCE_GRPC)
    rt.logger.warn(
      'FINANCE_GRPC not set: deposit draws, emergency advances and random plans are unavailable',
    );
  return {
    consumers: [
      {
        topics: [rt.topicOf('intake')],
        handlers: {
          'intake.CaseRouted.v1': (e) => onCaseRouted(models, deps.cases, calendar, rt.logger, e),
        },
      },
    ],
    grpc: (server: GrpcServer) =>
      server
        .add('wage.inspection.v1.InspectionService', pb.InspectionServiceService, {
          getCase: async (req, ctx) => {
            let doc = await findCase(deps, ctx.principal, req);
            // A chief opening a case completes an approved movement a crash left pending (with the chief's
            // token: an inspector's alone moves no money).
            if (
              hasAnyRole(ctx.principal, ['inspection-chief']) &&
              [...(doc.draws ?? []), ...(doc.advances ?? [])].some((x) => x.status === 'pending')
            ) {
              await finishPendingMoney(deps, rt.config.MONEY_RECOVERY_AGE_MS, ctx.principal, doc);
              doc = await findCase(deps, ctx.principal, req);
            }
            return caseMessage(doc);
          },
          listCases: (req, ctx) => listCases(deps, ctx.principal, req),
          assignInspector: (req, ctx) => assign(deps, ctx.principal, req, ctx.idempotencyKey),
          extendInvestigation: (req, ctx) => extend(deps, ctx.principal, req, ctx.idempotencyKey),
          recordComplianceCheck: (req, ctx) => complianceCheck(deps, ctx.principal, req, ctx.idempotencyKey),
          recordFinding: (req, ctx) => finding(deps, ctx.principal, req, ctx.idempotencyKey),
          issuePaymentOrder: (req, ctx) => paymentOrder(deps, ctx.principal, req, ctx.idempotencyKey),
          issueRectificationOrder: (req, ctx) =>
            rectificationOrder(deps, ctx.principal, req, ctx.idempotencyKey),
          recordPayment: (req, ctx) => payment(deps, ctx.principal, req, ctx.idempotencyKey),
          drawDeposit: (req, ctx) => drawDeposit(deps, ctx.principal, req, ctx.idempotencyKey),
          advanceEmergencyFund: (req, ctx) =>
            advanceEmergencyFund(deps, ctx.principal, req, ctx.idempotencyKey),
          listMoneyRequests: (req, ctx) => listMoneyRequests(deps, ctx.principal, req),
          decideMoneyRequest: (req, ctx) => decideMoneyRequest(deps, ctx.principal, req, ctx.idempotencyKey),
          confirmMoneyRequest: (req, ctx) => confirmMoneyRequest(deps, ctx.principal, req),
          decidePenalty: (req, ctx) => penalty(deps, ctx.principal, req, ctx.idempotencyKey),
          referToPolice: (req, ctx) => refer(deps, ctx.principal, req, ctx.idempotencyKey),
          getReferral: (req, ctx) => getReferral(deps, ctx.principal, req),
          listReferrals: (req, ctx) => listReferrals(deps, ctx.principal, req),
          decideReferral: (req, ctx) => decideOnReferral(deps, ctx.principal, req, ctx.idempotencyKey),
          closeCase: (req, ctx) => close(deps, ctx.principal, req, ctx.idempotencyKey),
          completeLookBack: (req, ctx) => lookBackDone(deps, ctx.principal, req, ctx.idempotencyKey),
          drawPlan: (req, ctx) => drawInspectionPlan(deps, ctx.principal, req, ctx.idempotencyKey),
          getPlan: (req, ctx) => getPlan(deps, ctx.principal, req),
        })
        .add(
          'wage.common.v1.CaseQueries',
          queries.CaseQueriesService,
          caseQueriesWithDocuments(documents, 'hrss', {
            getTimeline: (req, ctx) => inspectionTimeline(models, ctx.principal, req.caseId),
            getStatistics: (req, ctx) => inspectionStatistics(models, ctx.principal, req),
          }),
        ),
    jobs: [
      { name: 'overdue-scan', everyMs: rt.config.INSPECTION_SCAN_EVERY_MS, run: () => overdueScan(deps) },
      {
        name: 'finish-money',
        everyMs: rt.config.MONEY_RECOVERY_EVERY_MS,
        run: () => finishPendingMoney(deps, rt.config.MONEY_RECOVERY_AGE_MS),
      },
    ],
    onStop: async () => {
      financeClient?.close();
      monitoringClient?.close();
    },
  };
}

if (require.main === module)
  main({
    name: 'inspection',
    env: inspectionEnv,
    build: buildInspection,
    production: { devRuleBooks: ['CRIME_THRESHOLDS', 'INSPECTOR_ROSTER'] },
  });
