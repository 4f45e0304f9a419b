// Who may call each RPC: the one declaration the gateway's route table and every service's gRPC server read
// (API.md gives the roles). A method missing here does not compile (each service's table is checked against
// its generated definition), so a new RPC cannot ship without saying who may call it.
import type { CaseQueriesService } from './gen/wage/common/v1/queries';
import type { CreditServiceService } from './gen/wage/credit/v1/credit';
import type { FinanceServiceService, PublicProjectServiceService } from './gen/wage/finance/v1/finance';
import type { MonitoringServiceService } from './gen/wage/finance/v1/monitoring';
import type { InspectionServiceService } from './gen/wage/inspection/v1/inspection';
import type { IntakeServiceService, PublicClueServiceService } from './gen/wage/intake/v1/intake';
import type { MediationServiceService } from './gen/wage/mediation/v1/mediation';

export interface Access {
  /**
   * Realm roles allowed, of people and of machine feeds that come through the gateway (`bank-feed`); the
   * gateway answers 403 to everyone else and the service refuses them again. 'public': no login.
   */
  readonly roles: readonly string[] | 'public';
  /** Service accounts of other platform services that call the service directly, never through the gateway. */
  readonly services?: readonly string[];
}

type Methods<D> = { readonly [M in keyof D]: Access };

const only = (...roles: string[]): Access => ({ roles });

/** API.md "supervisor; other agency roles within their region": the cross-agency questions. */
const AGENCY = [
  'supervisor',
  'intake-clerk',
  'labor-inspector',
  'housing-officer',
  'police-officer',
  'mediator',
  'arbitrator',
  'judge',
  'credit-officer',
  'finance-officer',
];
/** Industry regulators, each for its own industry's projects (API.md second wave). */
const REGULATORS = ['housing-officer', 'transport-officer', 'water-officer'];
const PROJECT_OFFICERS = [...REGULATORS, 'finance-officer'];
const PROJECT_READERS = [...PROJECT_OFFICERS, 'labor-inspector', 'supervisor'];
const MONITORING_HANDLERS = [...PROJECT_OFFICERS, 'labor-inspector', 'supervisor'];
const MONITORING_READERS = [...MONITORING_HANDLERS, 'intake-clerk'];
const MONEY_READERS = ['finance-officer', 'labor-inspector', 'supervisor'];
const CLUE_READERS = ['intake-clerk', 'labor-inspector', 'mediator', 'supervisor'];
const INSPECTION_READERS = ['labor-inspector', 'housing-officer', 'police-officer', 'supervisor'];
const REFERRAL_READERS = ['police-officer', 'labor-inspector', 'supervisor'];
const JUSTICE_READERS = ['mediator', 'arbitrator', 'judge', 'supervisor'];
/** "Any agency role" reads an enterprise's credit; finance asks with the caller's token when a project is registered. */
const CREDIT_READERS = [...AGENCY, 'transport-officer', 'water-officer', 'bank-feed'];
const INSPECTOR = only('labor-inspector');
const MEDIATOR = only('mediator');
const ARBITRATOR = only('arbitrator');
const JUDGE = only('judge');
const CREDIT_OFFICER = only('credit-officer');
const FINANCE_OFFICER = only('finance-officer');
const PUBLIC: Access = { roles: 'public' };

const intake = {
  fileClue: only('intake-clerk'),
  getClue: { roles: CLUE_READERS },
  listClues: { roles: CLUE_READERS },
  decideFiling: only('intake-clerk'),
  importClues: only('intake-clerk'),
  loadCalendarSchedule: only('platform-admin'),
  recordReturnVisit: only('intake-clerk'),
  listLegalAidRequests: only('legal-aid'),
  acceptLegalAidRequest: only('legal-aid'),
} satisfies Methods<typeof IntakeServiceService>;

const publicClues = {
  submitPublicClue: PUBLIC,
  trackPublicClue: PUBLIC,
  submitFeedback: PUBLIC,
  requestLegalAid: PUBLIC,
} satisfies Methods<typeof PublicClueServiceService>;

const publicProjects = {
  getPublicProject: PUBLIC,
} satisfies Methods<typeof PublicProjectServiceService>;

const inspection = {
  getCase: { roles: [...INSPECTION_READERS, 'inspection-chief'] },
  listCases: { roles: [...INSPECTION_READERS, 'inspection-chief'] },
  assignInspector: INSPECTOR,
  extendInvestigation: INSPECTOR,
  recordComplianceCheck: only('labor-inspector', 'housing-officer'),
  recordFinding: only('labor-inspector', 'housing-officer'),
  issuePaymentOrder: INSPECTOR,
  issueRectificationOrder: INSPECTOR,
  recordPayment: INSPECTOR,
  // Four-eyes (四眼原则): the inspector only requests; a chief of the region (another person) decides.
  drawDeposit: INSPECTOR,
  advanceEmergencyFund: INSPECTOR,
  listMoneyRequests: only('inspection-chief', 'labor-inspector'),
  decideMoneyRequest: only('inspection-chief'),
  // Finance confirms a movement before making it, forwarding the token it was called with (the approving
  // chief's or inspection's own account); never offered through the gateway.
  confirmMoneyRequest: { roles: ['inspection-chief'], services: ['wage-inspection'] },
  decidePenalty: INSPECTOR,
  referToPolice: INSPECTOR,
  getReferral: { roles: REFERRAL_READERS },
  listReferrals: { roles: REFERRAL_READERS },
  decideReferral: only('police-officer'),
  closeCase: INSPECTOR,
  completeLookBack: INSPECTOR,
  drawPlan: INSPECTOR,
  getPlan: { roles: INSPECTION_READERS },
} satisfies Methods<typeof InspectionServiceService>;

const mediation = {
  openMediationCase: MEDIATOR,
  assignMediator: MEDIATOR,
  recordSession: MEDIATOR,
  recordAgreement: MEDIATOR,
  recordFailure: MEDIATOR,
  recordAgreementPayment: MEDIATOR,
  // A court may order payment on a mediation agreement; not offered through the gateway.
  requestPaymentOrder: only('mediator', 'judge'),
  getMediationCase: { roles: JUSTICE_READERS },
  listMediationCases: { roles: JUSTICE_READERS },
  decideArbitrationAcceptance: ARBITRATOR,
  scheduleHearing: ARBITRATOR,
  extendArbitration: ARBITRATOR,
  orderInterimPayment: ARBITRATOR,
  issueAward: ARBITRATOR,
  recordAwardPayment: ARBITRATOR,
  requestEnforcement: ARBITRATOR,
  getArbitrationCase: { roles: JUSTICE_READERS },
  listArbitrationCases: { roles: JUSTICE_READERS },
  decideEnforcement: JUDGE,
  recordEnforcementOutcome: JUDGE,
  decidePaymentOrder: JUDGE,
  getCourtRequest: { roles: JUSTICE_READERS },
  listCourtRequests: { roles: JUSTICE_READERS },
} satisfies Methods<typeof MediationServiceService>;

const credit = {
  getEnterpriseCredit: { roles: CREDIT_READERS },
  proposeListing: CREDIT_OFFICER,
  recordAnswer: CREDIT_OFFICER,
  decideListing: CREDIT_OFFICER,
  requestRemoval: CREDIT_OFFICER,
  getListingProposal: only('credit-officer', 'supervisor'),
  listListingProposals: only('credit-officer', 'supervisor'),
  checkRestriction: { roles: CREDIT_READERS },
  listDisclosures: { roles: CREDIT_READERS },
} satisfies Methods<typeof CreditServiceService>;

/**
 * Inspection moves money with the approving chief's token or, completing what a crash left pending, as its own
 * account; an inspector's token alone moves nothing (four-eyes), and finance confirms each request with inspection.
 */
const MONEY_MOVERS: Access = { roles: ['inspection-chief'], services: ['wage-inspection'] };

const finance = {
  createProject: { roles: PROJECT_OFFICERS },
  getProject: { roles: PROJECT_READERS },
  // The clerk picks the project a clue is about from the county's list (no deposit figures needed, none hidden).
  listProjects: { roles: [...PROJECT_READERS, 'intake-clerk'] },
  recomputeDepositRequirement: { roles: PROJECT_OFFICERS },
  recordDedicatedAccount: { roles: PROJECT_OFFICERS },
  recordDeposit: FINANCE_OFFICER,
  drawDeposit: MONEY_MOVERS,
  completeProject: { roles: PROJECT_OFFICERS },
  noticeDepositReturn: FINANCE_OFFICER,
  reviewDepositReturn: FINANCE_OFFICER,
  advanceEmergencyFund: MONEY_MOVERS,
  repayRecovery: only('finance-officer', 'labor-inspector'),
  getRecoveryClaim: { roles: MONEY_READERS },
  getFundBalance: { roles: MONEY_READERS },
  verifyLedger: only('finance-officer', 'supervisor', 'platform-admin'),
  updateNoticeBoard: { roles: REGULATORS },
  getProjectPublicCode: { roles: PROJECT_OFFICERS },
} satisfies Methods<typeof FinanceServiceService>;

const monitoring = {
  registerWorkers: { roles: REGULATORS },
  // Inspection asks (with the caller's token) whether named workers are on the roster; not through the gateway.
  checkRoster: {
    roles: ['labor-inspector', ...REGULATORS, 'inspection-chief'],
    services: ['wage-inspection'],
  },
  recordAttendance: { roles: [...REGULATORS, 'bank-feed'] },
  recordPayroll: only('bank-feed', 'finance-officer'),
  recordAllocations: only('bank-feed', 'finance-officer'),
  listWarnings: { roles: MONITORING_READERS },
  handleWarning: { roles: MONITORING_HANDLERS },
  getProjectMonitoring: { roles: MONITORING_READERS },
} satisfies Methods<typeof MonitoringServiceService>;

const caseQueries = {
  getTimeline: { roles: AGENCY },
  getStatistics: only('supervisor'),
  // "Those who can see the case": every agency role, region-checked by the issuing service.
  listDocuments: {
    roles: [...AGENCY, 'inspection-chief', 'transport-officer', 'water-officer', 'legal-aid'],
  },
  getDocument: { roles: [...AGENCY, 'inspection-chief', 'transport-officer', 'water-officer', 'legal-aid'] },
} satisfies Methods<typeof CaseQueriesService>;

/** Every served RPC, by full gRPC service name and method (the generated definitions' keys). */
export const ACCESS = {
  'wage.intake.v1.IntakeService': intake,
  'wage.intake.v1.PublicClueService': publicClues,
  'wage.inspection.v1.InspectionService': inspection,
  'wage.mediation.v1.MediationService': mediation,
  'wage.credit.v1.CreditService': credit,
  'wage.finance.v1.FinanceService': finance,
  'wage.finance.v1.PublicProjectService': publicProjects,
  'wage.finance.v1.MonitoringService': monitoring,
  'wage.common.v1.CaseQueries': caseQueries,
} as const;

/** RPCs whose roles are settled ahead of the proto methods (none at the moment); they move into ACCESS then. */
export const PLANNED_ACCESS = {} as const satisfies {
  readonly [S in ServiceName]?: Readonly<Record<string, Access>>;
};

export type ServiceName = keyof typeof ACCESS;
export type MethodName<S extends ServiceName> = keyof (typeof ACCESS)[S] & string;

/** One RPC and who may call it: what a gateway route names. */
export interface Rpc {
  readonly service: ServiceName;
  readonly method: string;
  readonly access: Access;
}

export function rpc<S extends ServiceName>(service: S, method: MethodName<S>): Rpc {
  return { service, method, access: (ACCESS[service] as Record<string, Access>)[method]! };
}

/** The declaration for a served method; undefined when the service or method is not declared. */
export function accessOf(service: string, method: string): Access | undefined {
  const methods = (ACCESS as Record<string, Record<string, Access> | undefined>)[service];
  return methods && Object.hasOwn(methods, method) ? methods[method] : undefined;
}

/**
 * Whether a caller holding `callerRoles` may call: through the gateway only the roles count; a direct call
 * from another service may also present a declared service account.
 */
export function admits(access: Access, callerRoles: readonly string[], direct: boolean): boolean {
  if (access.roles === 'public') return true;
  const allowed = direct ? [...access.roles, ...(access.services ?? [])] : access.roles;
  return callerRoles.some((r) => allowed.includes(r));
}
