import { z } from 'zod';
import { DEV_MINIMUM_WAGES, minimumWageTableSchema, WorkingDayCalendar } from '@wage/cn';
import { main, serviceEnv, type GrpcServer, type Runtime, type ServiceParts, jsonEnv } from '@wage/kit';
import { mediation as pb, queries } from '@wage/proto';
import { caseQueriesWithDocuments, DocumentRegistry } from '@wage/documents';
import {
  decideAcceptanceCommand,
  extendArbitrationCommand,
  getArbitrationCase,
  issueAwardCommand,
  listArbitrationCases,
  orderInterimPaymentCommand,
  recordAwardPaymentCommand,
  requestEnforcementCommand,
  scheduleHearingCommand,
} from './app/arbitrationCommands';
import {
  decideEnforcementCommand,
  decidePaymentOrderCommand,
  getCourtRequest,
  listCourtRequests,
  recordEnforcementOutcomeCommand,
} from './app/courtCommands';
import type { MediationDeps } from './app/deps';
import {
  assignMediatorCommand,
  getMediationCase,
  listMediationCases,
  openMediationCase,
  recordAgreementCommand,
  recordAgreementPaymentCommand,
  recordFailureCommand,
  recordSessionCommand,
  requestPaymentOrderCommand,
} from './app/mediationCommands';
import { onCaseRouted } from './app/onCaseRouted';
import { overdueScan } from './app/overdueScan';
import { mediationStatistics, mediationTimeline } from './app/queries';
import { NATIONAL_RULES, type MediationRules } from './domain/rules';
import { mediationModels } from './infra/models';

const days = z.number().int().min(0).max(365);

/** Service settings: the province's overrides of the national rules and its minimum wage table. */
export const mediationEnv = serviceEnv.extend({
  /** Partial JSON of `MediationRules`, e.g. {"awardPaymentDays":15}. */
  MEDIATION_RULES: jsonEnv(
    z
      .object({
        mediationDays: days,
        acceptanceWorkingDays: days,
        decisionDays: days,
        extensionDays: days,
        finalAwardMonths: z.number().int().min(1).max(120),
        awardChallengeDays: days,
        awardPaymentDays: days,
        paymentOrderResponseDays: days,
      })
      .partial()
      .strict(),
  ).optional(),
  /** JSON array of {regionCode, monthlyFen, effectiveFrom, source?}; default: the dev values for Xinjiang. */
  MINIMUM_WAGE_TABLE: jsonEnv(minimumWageTableSchema).optional(),
  /** How often the scheduler looks for expired mediations, unpaid agreements and awards, overdue steps. */
  MEDIATION_SCAN_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
});
type MediationEnv = z.infer<typeof mediationEnv>;

export async function buildMediation(rt: Runtime<MediationEnv>): Promise<ServiceParts> {
  const models = mediationModels(rt.mongo);
  const documents = new DocumentRegistry(rt.mongo, 'mediation', () => rt.pii);
  const rules: MediationRules = { ...NATIONAL_RULES, ...(rt.config.MEDIATION_RULES ?? {}) };
  const deps: MediationDeps = {
    models,
    cases: rt.store(models.MediationCase),
    arbitrations: rt.store(models.ArbitrationCase),
    court: rt.store(models.CourtRequest),
    calendar: new WorkingDayCalendar(),
    get pii() {
      return rt.pii;
    },
    rules,
    minimumWages: rt.config.MINIMUM_WAGE_TABLE ?? DEV_MINIMUM_WAGES,
    logger: rt.logger,
  };
  return {
    consumers: [
      {
        topics: [rt.topicOf('intake')],
        handlers: { 'intake.CaseRouted.v1': (e) => onCaseRouted(deps, e) },
      },
    ],
    grpc: (server: GrpcServer) =>
      server
        .add('wage.mediation.v1.MediationService', pb.MediationServiceService, {
          openMediationCase: (req, ctx) => openMediationCase(deps, ctx.principal, req, ctx.idempotencyKey),
          assignMediator: (req, ctx) => assignMediatorCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          recordSession: (req, ctx) => recordSessionCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          recordAgreement: (req, ctx) => recordAgreementCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          recordFailure: (req, ctx) => recordFailureCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          recordAgreementPayment: (req, ctx) =>
            recordAgreementPaymentCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          requestPaymentOrder: (req, ctx) =>
            requestPaymentOrderCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          getMediationCase: (req, ctx) => getMediationCase(deps, ctx.principal, req),
          listMediationCases: (req, ctx) => listMediationCases(deps, ctx.principal, req),
          decideArbitrationAcceptance: (req, ctx) =>
            decideAcceptanceCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          scheduleHearing: (req, ctx) => scheduleHearingCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          extendArbitration: (req, ctx) =>
            extendArbitrationCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          orderInterimPayment: (req, ctx) =>
            orderInterimPaymentCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          issueAward: (req, ctx) => issueAwardCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          recordAwardPayment: (req, ctx) =>
            recordAwardPaymentCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          requestEnforcement: (req, ctx) =>
            requestEnforcementCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          getArbitrationCase: (req, ctx) => getArbitrationCase(deps, ctx.principal, req),
          listArbitrationCases: (req, ctx) => listArbitrationCases(deps, ctx.principal, req),
          decideEnforcement: (req, ctx) =>
            decideEnforcementCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          recordEnforcementOutcome: (req, ctx) =>
            recordEnforcementOutcomeCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          decidePaymentOrder: (req, ctx) =>
            decidePaymentOrderCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          getCourtRequest: (req, ctx) => getCourtRequest(deps, ctx.principal, req),
          listCourtRequests: (req, ctx) => listCourtRequests(deps, ctx.principal, req),
        })
        .add(
          'wage.common.v1.CaseQueries',
          queries.CaseQueriesService,
          caseQueriesWithDocuments(documents, 'arbitration', {
            getTimeline: (req, ctx) => mediationTimeline(deps, ctx.principal, req.caseId),
            getStatistics: (req, ctx) => mediationStatistics(deps, ctx.principal, req),
          }),
        ),
    jobs: [
      { name: 'overdue-scan', everyMs: rt.config.MEDIATION_SCAN_EVERY_MS, run: () => overdueScan(deps) },
    ],
  };
}

if (require.main === module)
  main({
    name: 'mediation',
    env: mediationEnv,
    build: buildMediation,
    production: { devRuleBooks: ['MINIMUM_WAGE_TABLE'] },
  });
