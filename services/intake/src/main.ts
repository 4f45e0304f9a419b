import {
  loadConfig,
  main,
  notFound,
  requireRegion,
  serviceEnv,
  type GrpcServer,
  type Runtime,
  type ServiceParts,
} from '@wage/kit';
import { WorkingDayCalendar } from '@wage/cn';
import { intake as pb, queries } from '@wage/proto';
import { caseQueriesWithDocuments, DocumentRegistry } from '@wage/documents';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_ROUTING_RULES, routingTableSchema, type RoutingRule } from './domain/routingRules';
import { intakeStatistics, intakeTimeline, listClues } from './app/queries';
import { intakeModels, type ClueDoc, type IntakeCaseDoc } from './infra/models';
import { fileClue, reporterView, toClueMessage } from './app/fileClue';
import type { IntakeDeps } from './app/receive';
import { decideFiling, publishOverdue } from './app/filing';
import { importClues } from './app/importClues';
import { loadCalendarSchedule, loadStoredSchedules } from './app/calendar';
import { submitPublicClue, trackPublicClue } from './app/publicClues';
import { recordReturnVisit, submitFeedback } from './app/feedback';
import { acceptLegalAidRequest, listLegalAidRequests, requestLegalAid } from './app/legalAid';
import { onCaseConcluded, onWageWarningRaised } from './app/onEvents';

export const intakeEnv = serviceEnv.extend({
  /** A province's routing table (JSON file of rules, see domain/routingRules.ts); the national default otherwise. */
  INTAKE_ROUTING_RULES: z.string().optional(),
  INTAKE_OVERDUE_SCAN_MS: z.coerce.number().int().min(100).default(60_000),
});

export function routingRules(path: string | undefined): RoutingRule[] {
  return path ? routingTableSchema.parse(JSON.parse(readFileSync(path, 'utf8'))) : DEFAULT_ROUTING_RULES;
}

export async function buildIntake(rt: Runtime): Promise<ServiceParts> {
  const cfg = loadConfig(intakeEnv, process.env);
  const models = intakeModels(rt.mongo);
  const documents = new DocumentRegistry(rt.mongo, 'intake', () => rt.pii);
  const deps: IntakeDeps = {
    models,
    clues: rt.store(models.Clue),
    cases: rt.store(models.IntakeCase),
    calendar: new WorkingDayCalendar(),
    pii: rt.pii,
    routingRules: routingRules(cfg.INTAKE_ROUTING_RULES),
  };
  await loadStoredSchedules(models, deps);
  const withCase = async (clue: ClueDoc, unmask: boolean, withReporter: boolean) => {
    const c = (await models.IntakeCase.findById(clue.caseId).lean()) as IntakeCaseDoc | null;
    return toClueMessage(clue, c, withReporter ? reporterView(clue, deps.pii, unmask) : undefined);
  };
  return {
    consumers: [
      {
        topics: [rt.topicOf('finance'), rt.topicOf('inspection'), rt.topicOf('mediation')],
        handlers: {
          'finance.WageWarningRaised.v1': (e) => onWageWarningRaised(deps, rt.logger, e),
          'inspection.CaseClosed.v1': (e) => onCaseConcluded(deps, e),
          'mediation.AgreementReached.v1': (e) => onCaseConcluded(deps, e),
        },
      },
    ],
    jobs: [
      {
        name: 'filing-overdue-scan',
        everyMs: cfg.INTAKE_OVERDUE_SCAN_MS,
        run: async () => void (await publishOverdue(deps)),
      },
      {
        name: 'calendar-schedules',
        everyMs: 60_000,
        run: async () => void (await loadStoredSchedules(models, deps)),
      },
    ],
    grpc: (server: GrpcServer) => {
      server
        .add('wage.intake.v1.IntakeService', pb.IntakeServiceService, {
          fileClue: async (req, ctx) => {
            const r = await fileClue(deps, ctx.principal, req, ctx.idempotencyKey);
            // The receipt: this clue was received; where its case stands is `caseStatus`.
            return { ...toClueMessage(r.clue, r.intakeCase), status: 'received' };
          },
          getClue: async (req, ctx) => {
            const doc = (await models.Clue.findById(req.id).lean()) as ClueDoc | null;
            if (!doc) throw notFound('线索不存在');
            requireRegion(ctx.principal, doc.regionCode, '线索');
            return withCase(doc, ctx.unmask, true);
          },
          listClues: (req, ctx) => listClues(models, ctx.principal, req),
          decideFiling: async (req, ctx) => {
            const r = await decideFiling(deps, ctx.principal, req, ctx.idempotencyKey);
            return toClueMessage(r.clue, r.intakeCase);
          },
          importClues: (req, ctx) => importClues(deps, ctx.principal, req),
          loadCalendarSchedule: (req, ctx) => loadCalendarSchedule(deps, ctx.principal, req),
          recordReturnVisit: (req, ctx) => recordReturnVisit(deps, ctx.principal, req),
          listLegalAidRequests: (req, ctx) => listLegalAidRequests(deps, ctx.principal, req),
          acceptLegalAidRequest: (req, ctx) => acceptLegalAidRequest(deps, ctx.principal, req),
        })
        .add(
          'wage.common.v1.CaseQueries',
          queries.CaseQueriesService,
          caseQueriesWithDocuments(documents, 'hrss', {
            getTimeline: (req, ctx) => intakeTimeline(models, ctx.principal, req.caseId),
            getStatistics: (req, ctx) => intakeStatistics(models, ctx.principal, req),
          }),
        );
      // Public (no login): the server admits only calls over the gateway's client certificate.
      server.add('wage.intake.v1.PublicClueService', pb.PublicClueServiceService, {
        submitPublicClue: (req) => submitPublicClue(deps, req),
        trackPublicClue: (req) => trackPublicClue(deps, req),
        submitFeedback: (req) => submitFeedback(deps, req),
        requestLegalAid: (req) => requestLegalAid(deps, req),
      });
    },
  };
}

if (require.main === module) main({ name: 'intake', env: intakeEnv, build: buildIntake });
