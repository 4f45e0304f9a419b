import { z } from 'zod';
import { WorkingDayCalendar } from '@wage/cn';
import { main, serviceEnv, type GrpcServer, type Runtime, type ServiceParts, jsonEnv } from '@wage/kit';
import { credit as pb, queries } from '@wage/proto';
import { caseQueriesWithDocuments, DocumentRegistry } from '@wage/documents';
import type { CreditDeps } from './app/deps';
import {
  decideListingCommand,
  getListingProposal,
  listListingProposals,
  proposeListing,
  recordAnswerCommand,
  requestRemovalCommand,
} from './app/listingCommands';
import { listingScan } from './app/listingScan';
import { creditHandlers } from './app/onEvents';
import {
  checkRestrictionQuery,
  creditStatistics,
  creditTimeline,
  getEnterpriseCredit,
  listDisclosures,
} from './app/standing';
import { ACTIVITIES, JOINT_PUNISHMENT, type Activity, type RestrictionRule } from './domain/jointPunishment';
import { DEV_XINJIANG_RULES, type CreditRules } from './domain/rules';
import { creditModels } from './infra/models';

const fen = z.number().int().min(1);
const kinds = z.array(z.string().min(1));

/** Service settings: the province's overrides of the rules, and of the joint punishment table. */
export const creditEnv = serviceEnv.extend({
  /** Partial JSON of `CreditRules`; the default is the dev configuration for Xinjiang (¥10,000 / ¥60,000). */
  CREDIT_RULES: jsonEnv(
    z
      .object({
        crimeAmount: z.object({ individualFen: fen, groupWorkers: z.number().int().min(1), groupFen: fen }),
        answerWorkingDays: z.number().int().min(1).max(60),
        listingYears: z.number().int().min(1).max(10),
        removalCleanMonths: z.number().int().min(0).max(60),
        rating: z.object({
          windowYears: z.number().int().min(1).max(10),
          cleanYearsForA: z.number().int().min(1).max(10),
          dishonestKinds: kinds,
          recordKinds: kinds,
          repeatArrearsForC: z.number().int().min(1),
        }),
        realNameViolations: kinds,
        wageAccountViolations: kinds,
      })
      .partial()
      .strict(),
  ).optional(),
  /** JSON {activity: {restriction, legalBasis: [...]}} replacing rows of the joint punishment table. */
  CREDIT_RESTRICTIONS: jsonEnv(
    z.record(
      z.enum(ACTIVITIES as [Activity, ...Activity[]]),
      z.object({ restriction: z.string().min(1), legalBasis: z.array(z.string().min(1)).min(1) }),
    ),
  ).optional(),
  /** How often the scheduler expires listings and repairs interrupted listing steps. */
  CREDIT_SCAN_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
});
type CreditEnv = z.infer<typeof creditEnv>;

export async function buildCredit(rt: Runtime<CreditEnv>): Promise<ServiceParts> {
  const models = creditModels(rt.mongo);
  const documents = new DocumentRegistry(rt.mongo, 'credit', () => rt.pii);
  const overrides = rt.config.CREDIT_RULES ?? {};
  const rules: CreditRules = {
    ...DEV_XINJIANG_RULES,
    ...overrides,
    rating: { ...DEV_XINJIANG_RULES.rating, ...(overrides.rating ?? {}) } as CreditRules['rating'],
  } as CreditRules;
  const restrictions: Record<Activity, RestrictionRule> = {
    ...JOINT_PUNISHMENT,
    ...(rt.config.CREDIT_RESTRICTIONS ?? {}),
  };
  const deps: CreditDeps = {
    models,
    profiles: rt.store(models.EnterpriseProfile),
    proposals: rt.store(models.ListingProposal),
    calendar: new WorkingDayCalendar(),
    rules,
    restrictions,
    logger: rt.logger,
  };
  const handlers = creditHandlers(deps);
  return {
    consumers: [
      {
        topics: [rt.topicOf('inspection'), rt.topicOf('mediation'), rt.topicOf('finance')],
        handlers: { ...handlers.inspection, ...handlers.mediation, ...handlers.finance },
      },
    ],
    grpc: (server: GrpcServer) =>
      server
        .add('wage.credit.v1.CreditService', pb.CreditServiceService, {
          getEnterpriseCredit: (req, ctx) => getEnterpriseCredit(deps, ctx.principal, req),
          proposeListing: (req, ctx) => proposeListing(deps, ctx.principal, req, ctx.idempotencyKey),
          recordAnswer: (req, ctx) => recordAnswerCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          decideListing: (req, ctx) => decideListingCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          requestRemoval: (req, ctx) => requestRemovalCommand(deps, ctx.principal, req, ctx.idempotencyKey),
          getListingProposal: (req, ctx) => getListingProposal(deps, ctx.principal, req),
          listListingProposals: (req, ctx) => listListingProposals(deps, ctx.principal, req),
          checkRestriction: (req, ctx) => checkRestrictionQuery(deps, ctx.principal, req),
          listDisclosures: (req, ctx) => listDisclosures(deps, ctx.principal, req),
        })
        .add(
          'wage.common.v1.CaseQueries',
          queries.CaseQueriesService,
          caseQueriesWithDocuments(documents, 'credit', {
            getTimeline: (req, ctx) => creditTimeline(deps, ctx.principal, req.caseId),
            getStatistics: (req, ctx) => creditStatistics(deps, ctx.principal, req),
          }),
        ),
    jobs: [{ name: 'listing-scan', everyMs: rt.config.CREDIT_SCAN_EVERY_MS, run: () => listingScan(deps) }],
  };
}

if (require.main === module)
  main({
    name: 'credit',
    env: creditEnv,
    build: buildCredit,
    production: { devRuleBooks: ['CREDIT_RULES'], requirePiiKeys: false },
  });
