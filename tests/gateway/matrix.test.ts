// Every route of the gateway × every dev-realm caller, against the real Keycloak and all five services: the
// status each caller gets is the one API.md's rules give (401 without a token, 403 without the role, 404 for
// an object outside the caller's region, 403 for a region named outside it, and otherwise the route's own
// success status: every command is run, against fixtures in the state it needs). The expected roles are
// written from the contract, not read from the gateway; the route list comes from the served OpenAPI
// document, so a new route without an entry here fails the test.
import { isWithin } from '@wage/cn';
import { clientToken, eventually } from '@wage/testing';
import { Platform, clueBody } from '../support/platform';
import { residentId, uscc } from '../support/fixtures';
import { daysFromToday, openCase, projectBody } from '../inspection/support';

jest.setTimeout(600_000);
const p = new Platform();

const CALLERS = [
  'clerk.changji',
  'inspector.changji',
  'inspector.lanzhou',
  'housing.changji',
  'police.changji',
  'mediator.changji',
  'arbitrator.changji',
  'judge.changji',
  'finance.changji',
  'credit.xinjiang',
  'supervisor.xinjiang',
  'supervisor.changji',
  'bank-feed',
  'anonymous',
] as const;
type Caller = (typeof CALLERS)[number];

/** The dev realm (API.md): each caller's roles and jurisdiction. */
const REALM: Record<Exclude<Caller, 'anonymous'>, { roles: string[]; region: string }> = {
  'clerk.changji': { roles: ['intake-clerk'], region: '652300' },
  'inspector.changji': { roles: ['labor-inspector'], region: '652300' },
  'inspector.lanzhou': { roles: ['labor-inspector'], region: '620100' },
  'housing.changji': { roles: ['housing-officer'], region: '652300' },
  'police.changji': { roles: ['police-officer'], region: '652300' },
  'mediator.changji': { roles: ['mediator'], region: '652300' },
  'arbitrator.changji': { roles: ['arbitrator'], region: '652300' },
  'judge.changji': { roles: ['judge'], region: '652300' },
  'finance.changji': { roles: ['finance-officer'], region: '652300' },
  'credit.xinjiang': { roles: ['credit-officer'], region: '650000' },
  'supervisor.xinjiang': { roles: ['supervisor', 'pii-reader'], region: '650000' },
  'supervisor.changji': { roles: ['supervisor'], region: '652300' },
  'bank-feed': { roles: ['bank-feed'], region: '650000' },
};

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
const INSPECTION_READERS = ['labor-inspector', 'housing-officer', 'police-officer', 'supervisor'];
const JUSTICE_READERS = ['mediator', 'arbitrator', 'judge', 'supervisor'];
const PROJECT_READERS = ['housing-officer', 'finance-officer', 'labor-inspector', 'supervisor'];

/** The fixtures every route works on: objects in Changji (652301), made in beforeAll. */
const f = {} as Record<
  | 'clue'
  | 'document'
  | 'caseId'
  | 'inspectionCase'
  | 'referralCase'
  | 'secondLargeCase'
  | 'mediationToFail'
  | 'referral'
  | 'plan'
  | 'project'
  | 'claim'
  | 'moneyRequest'
  | 'mediation'
  | 'arbitration'
  | 'enforcement'
  | 'blacklist'
  | 'warning'
  | 'trackingCode'
  | 'accessCode'
  | 'publicCode',
  string
>;

interface RouteRule {
  /** Roles allowed (API.md), or 'public' (no login). */
  roles: string[] | 'public';
  /**
   * 'object': the path names an object in Changji, invisible (404) outside it. 'region': the request names
   * Changji as the region to act in, refused (403) to a caller whose jurisdiction does not cover it, as for
   * another prefecture's statistics. 'none': lists of the caller's own region, national registries.
   */
  scope: 'object' | 'region' | 'none';
  /** The concrete request: path (under /api/v1), body, headers. */
  request: () => { path: string; body?: unknown; headers?: Record<string, string> };
  /**
   * What a caller with the role in the region gets: success, or for two commands the refusal the fixture's
   * state calls for (said where it is so).
   */
  ok: number;
}

const month = daysFromToday(0).slice(0, 7);
let n = 0;
const fresh = () => ++n;

const RULES: Record<string, RouteRule> = {
  // Intake
  'POST /clues': {
    ok: 201,
    roles: ['intake-clerk'],
    scope: 'none',
    request: () => ({ path: '/clues', body: clueBody(6000 + fresh()) }),
  },
  'GET /clues': {
    roles: ['intake-clerk', 'labor-inspector', 'mediator', 'supervisor'],
    scope: 'none',
    request: () => ({ path: '/clues' }),
    ok: 200,
  },
  'GET /clues/{id}': {
    roles: ['intake-clerk', 'labor-inspector', 'mediator', 'supervisor'],
    scope: 'object',
    request: () => ({ path: `/clues/${f.clue}` }),
    ok: 200,
  },
  'POST /clues/{id}/decision': {
    ok: 200,
    roles: ['intake-clerk'],
    scope: 'object',
    request: () => ({ path: `/clues/${f.clue}/decision`, body: { decision: 'filed', reason: '' } }),
  },
  'POST /clues/import': {
    ok: 200,
    roles: ['intake-clerk'],
    scope: 'none',
    request: () => {
      const { channel: _c, ...rest } = clueBody(6500 + fresh()) as Record<string, unknown>;
      return {
        path: '/clues/import',
        body: { source: 'hotline_12345', content: JSON.stringify({ sourceId: `M-${n}`, ...rest }) },
      };
    },
  },
  'POST /calendar/schedules': {
    ok: 201,
    roles: ['platform-admin'], // no dev user holds it: every caller is refused
    scope: 'none',
    request: () => ({ path: '/calendar/schedules', body: { year: 2027, holidays: [], workdays: [] } }),
  },
  'POST /public/clues': {
    ok: 201,
    roles: 'public',
    scope: 'none',
    request: () => {
      const k = 6800 + fresh();
      return {
        path: '/public/clues',
        body: {
          regionCode: '652301',
          reporter: { name: `自助${k}`, idNumber: residentId(k), phone: `139${String(k).padStart(8, '0')}` },
          employer: { name: `昌吉第${k}建筑公司` },
          workerCount: 3,
          amountFen: 900_000,
          description: '拖欠两个月工资',
        },
      };
    },
  },
  'GET /public/clues/{trackingCode}': {
    roles: 'public',
    scope: 'none',
    request: () => ({ path: `/public/clues/${f.trackingCode}`, headers: { 'x-access-code': f.accessCode } }),
    ok: 200,
  },
  'POST /public/clues/{trackingCode}/feedback': {
    ok: 422, // the worker's case is still open: the return visit comes after closure
    roles: 'public',
    scope: 'none',
    request: () => ({
      path: `/public/clues/${f.trackingCode}/feedback`,
      headers: { 'x-access-code': f.accessCode },
      body: { paid: true, satisfaction: 5 },
    }),
  },
  'POST /public/clues/{trackingCode}/legal-aid': {
    ok: 201,
    roles: 'public',
    scope: 'none',
    request: () => ({
      path: `/public/clues/${f.trackingCode}/legal-aid`,
      headers: { 'x-access-code': f.accessCode },
      body: { reason: '需要律师帮助' },
    }),
  },
  'POST /cases/{caseId}/return-visits': {
    ok: 422, // the fixture case is not closed yet
    roles: ['intake-clerk'],
    scope: 'object',
    request: () => ({ path: `/cases/${f.caseId}/return-visits`, body: { paid: true, satisfaction: 4 } }),
  },
  'GET /legal-aid/requests': {
    roles: ['legal-aid'], // legalaid.changji is not among this matrix's callers: every caller is refused
    scope: 'none',
    request: () => ({ path: '/legal-aid/requests' }),
    ok: 200,
  },
  'POST /legal-aid/requests/{id}/acceptance': {
    ok: 200,
    roles: ['legal-aid'],
    scope: 'object',
    request: () => ({
      path: '/legal-aid/requests/00000000-0000-7000-8000-000000000000/acceptance',
      body: { lawyerName: '李律师' },
    }),
  },
  // Inspection
  'GET /inspection/cases': {
    roles: INSPECTION_READERS,
    scope: 'none',
    request: () => ({ path: '/inspection/cases' }),
    ok: 200,
  },
  'GET /inspection/cases/{id}': {
    roles: INSPECTION_READERS,
    scope: 'object',
    request: () => ({ path: `/inspection/cases/${f.inspectionCase}` }),
    ok: 200,
  },
  ...inspectionCommands(),
  'POST /inspection/plans': {
    ok: 201,
    roles: ['labor-inspector'],
    scope: 'region',
    request: () => ({
      path: '/inspection/plans',
      body: { regionCode: '652301', projectCount: 1, inspectorCount: 1, seed: `m-${fresh()}` },
    }),
  },
  'GET /inspection/plans/{id}': {
    roles: INSPECTION_READERS,
    scope: 'object',
    request: () => ({ path: `/inspection/plans/${f.plan}` }),
    ok: 200,
  },
  'GET /police/referrals': {
    roles: ['police-officer', 'labor-inspector', 'supervisor'],
    scope: 'none',
    request: () => ({ path: '/police/referrals' }),
    ok: 200,
  },
  'GET /police/referrals/{id}': {
    roles: ['police-officer', 'labor-inspector', 'supervisor'],
    scope: 'object',
    request: () => ({ path: `/police/referrals/${f.referral}` }),
    ok: 200,
  },
  'GET /inspection/money-requests': {
    roles: ['inspection-chief', 'labor-inspector'],
    scope: 'none',
    request: () => ({ path: '/inspection/money-requests?status=pending_approval' }),
    ok: 200,
  },
  // A request the chief rejects: deciding it again answers the same rejection.
  'POST /inspection/money-requests/{requestId}/decision': {
    roles: ['inspection-chief'],
    scope: 'object',
    request: () => ({
      path: `/inspection/money-requests/${f.moneyRequest}/decision`,
      body: { decision: 'rejected', note: '矩阵测试驳回' },
    }),
    ok: 200,
  },
  'POST /police/referrals/{id}/decision': {
    ok: 200,
    roles: ['police-officer'],
    scope: 'object',
    request: () => ({ path: `/police/referrals/${f.referral}/decision`, body: { decision: 'accepted' } }),
  },
  // Mediation, arbitration, court
  'POST /mediation/cases': {
    ok: 201,
    roles: ['mediator'],
    scope: 'none',
    request: () => ({ path: '/mediation/cases', body: mediationBody(6900 + fresh()) }),
  },
  'GET /mediation/cases': {
    roles: JUSTICE_READERS,
    scope: 'none',
    request: () => ({ path: '/mediation/cases' }),
    ok: 200,
  },
  'GET /mediation/cases/{id}': {
    roles: JUSTICE_READERS,
    scope: 'object',
    request: () => ({ path: `/mediation/cases/${f.mediation}` }),
    ok: 200,
  },
  'POST /mediation/cases/{id}/sessions': {
    ok: 200,
    roles: ['mediator'],
    scope: 'object',
    request: () => ({ path: `/mediation/cases/${f.mediation}/sessions`, body: { note: '第一次调解' } }),
  },
  'POST /mediation/cases/{id}/agreement': {
    ok: 200,
    roles: ['mediator'],
    scope: 'object',
    request: () => ({
      path: `/mediation/cases/${f.mediation}/agreement`,
      body: { agreedFen: 500_000, payBy: daysFromToday(10) },
    }),
  },
  'POST /mediation/cases/{id}/failure': {
    ok: 200,
    roles: ['mediator'],
    scope: 'object',
    request: () => ({
      path: `/mediation/cases/${f.mediationToFail}/failure`,
      body: { reason: '用人单位拒绝调解' },
    }),
  },
  'POST /mediation/cases/{id}/payments': {
    ok: 200,
    roles: ['mediator'],
    scope: 'object',
    request: () => ({ path: `/mediation/cases/${f.mediation}/payments`, body: { paidFen: 100_000 } }),
  },
  'GET /arbitration/cases': {
    roles: JUSTICE_READERS,
    scope: 'none',
    request: () => ({ path: '/arbitration/cases' }),
    ok: 200,
  },
  'GET /arbitration/cases/{id}': {
    roles: JUSTICE_READERS,
    scope: 'object',
    request: () => ({ path: `/arbitration/cases/${f.arbitration}` }),
    ok: 200,
  },
  'POST /arbitration/cases/{id}/acceptance': {
    ok: 200,
    roles: ['arbitrator'],
    scope: 'object',
    request: () => ({
      path: `/arbitration/cases/${f.arbitration}/acceptance`,
      body: { decision: 'accepted' },
    }),
  },
  'POST /arbitration/cases/{id}/hearings': {
    ok: 200,
    roles: ['arbitrator'],
    scope: 'object',
    request: () => ({
      path: `/arbitration/cases/${f.arbitration}/hearings`,
      body: {
        hearingAt: new Date(Date.now() + 86_400_000).toISOString(),
        place: '昌吉市劳动人事争议仲裁院第一仲裁庭',
      },
    }),
  },
  'POST /arbitration/cases/{id}/award': {
    ok: 200,
    roles: ['arbitrator'],
    scope: 'object',
    // Its date already past (recorded after the fact), so the court can be asked next.
    request: () => ({
      path: `/arbitration/cases/${f.arbitration}/award`,
      body: { awardFen: 600_000, payBy: daysFromToday(-1) },
    }),
  },
  'POST /arbitration/cases/{id}/payments': {
    ok: 200,
    roles: ['arbitrator'],
    scope: 'object',
    request: () => ({ path: `/arbitration/cases/${f.arbitration}/payments`, body: { paidFen: 1 } }),
  },
  'POST /arbitration/cases/{id}/enforcement-requests': {
    ok: 201,
    roles: ['arbitrator'],
    scope: 'object',
    request: () => ({ path: `/arbitration/cases/${f.arbitration}/enforcement-requests`, body: {} }),
  },
  'GET /court/enforcements/{id}': {
    roles: JUSTICE_READERS,
    scope: 'object',
    request: () => ({ path: `/court/enforcements/${f.enforcement}` }),
    ok: 200,
  },
  'POST /court/enforcements/{id}/decision': {
    ok: 200,
    roles: ['judge'],
    scope: 'object',
    request: () => ({
      path: `/court/enforcements/${f.enforcement}/decision`,
      body: { decision: 'accepted' },
    }),
  },
  // Credit (the register of enterprises is national: no region scope)
  'GET /credit/enterprises/{uscc}': {
    roles: [...AGENCY, 'bank-feed'],
    scope: 'none',
    request: () => ({ path: `/credit/enterprises/${uscc(6102)}` }),
    ok: 200,
  },
  'GET /credit/enterprises/{uscc}/restrictions': {
    roles: [...AGENCY, 'bank-feed'],
    scope: 'none',
    request: () => ({ path: `/credit/enterprises/${uscc(6102)}/restrictions?activity=loans` }),
    ok: 200,
  },
  'GET /credit/disclosures': {
    roles: [...AGENCY, 'bank-feed'],
    scope: 'region',
    request: () => ({ path: `/credit/disclosures?regionCode=652300&year=2026&number=4` }),
    ok: 200,
  },
  'POST /credit/blacklist': {
    // The fixture's proposal for this case is under way: a second one is a conflict (409), by the contract.
    ok: 409,
    roles: ['credit-officer'],
    scope: 'none',
    request: () => ({
      path: '/credit/blacklist',
      body: { uscc: uscc(6102), caseId: f.caseId, reason: '拒不支付劳动报酬' },
    }),
  },
  'GET /credit/blacklist': {
    roles: ['credit-officer', 'supervisor'],
    scope: 'none',
    request: () => ({ path: '/credit/blacklist' }),
    ok: 200,
  },
  'GET /credit/blacklist/{id}': {
    roles: ['credit-officer', 'supervisor'],
    scope: 'object',
    request: () => ({ path: `/credit/blacklist/${f.blacklist}` }),
    ok: 200,
  },
  'POST /credit/blacklist/{id}/answer': {
    ok: 200,
    roles: ['credit-officer'],
    scope: 'object',
    request: () => ({
      path: `/credit/blacklist/${f.blacklist}/answer`,
      body: { statement: '资金困难，请求宽限' },
    }),
  },
  'POST /credit/blacklist/{id}/decision': {
    ok: 200,
    roles: ['credit-officer'],
    scope: 'object',
    request: () => ({ path: `/credit/blacklist/${f.blacklist}/decision`, body: { decision: 'list' } }),
  },
  'POST /credit/blacklist/{id}/removal': {
    // Early removal needs 6 clean months after listing, which no test run can wait: refused (422) with the date.
    ok: 422,
    roles: ['credit-officer'],
    scope: 'object',
    request: () => ({
      path: `/credit/blacklist/${f.blacklist}/removal`,
      body: { reason: '已足额支付', pledgeReference: `CN-${fresh()}` },
    }),
  },
  // Finance
  'POST /projects': {
    ok: 201,
    roles: ['housing-officer', 'finance-officer'],
    scope: 'none',
    request: () => ({ path: '/projects', body: projectBody(fresh()) }),
  },
  'GET /projects': {
    roles: [...PROJECT_READERS, 'intake-clerk'],
    scope: 'none',
    request: () => ({ path: '/projects' }),
    ok: 200,
  },
  'GET /projects/{id}': {
    roles: PROJECT_READERS,
    scope: 'object',
    request: () => ({ path: `/projects/${f.project}` }),
    ok: 200,
  },
  'PUT /projects/{id}/notice-board': {
    ok: 200,
    roles: ['housing-officer', 'transport-officer', 'water-officer'],
    scope: 'object',
    request: () => ({
      path: `/projects/${f.project}/notice-board`,
      body: {
        officerName: '王劳资',
        officerPhone: '13912345678',
        payDay: 15,
        hotlines: ['12333'],
        arbitrationAddress: '昌吉市劳动人事争议仲裁院',
        legalAidAddress: '昌吉市法律援助中心',
      },
    }),
  },
  'GET /projects/{id}/qr': {
    roles: ['housing-officer', 'transport-officer', 'water-officer', 'finance-officer'],
    scope: 'object',
    request: () => ({ path: `/projects/${f.project}/qr` }),
    ok: 200,
  },
  'GET /public/projects/{publicCode}': {
    roles: 'public',
    scope: 'none',
    request: () => ({ path: `/public/projects/${f.publicCode}` }),
    ok: 200,
  },
  'POST /projects/{id}/deposits': {
    ok: 201,
    roles: ['finance-officer'],
    scope: 'object',
    request: () => ({
      path: `/projects/${f.project}/deposits`,
      body: { amountFen: 1_000_000, form: 'cash', reference: `M-${fresh()}` },
    }),
  },
  'POST /projects/{id}/dedicated-account': {
    ok: 200,
    roles: ['housing-officer', 'finance-officer'],
    scope: 'object',
    request: () => ({
      path: `/projects/${f.project}/dedicated-account`,
      body: {
        bankName: '昌吉农商银行',
        accountNumber: `622848${String(fresh()).padStart(10, '0')}`,
        openedOn: daysFromToday(-30),
        tripartiteAgreement: true,
      },
    }),
  },
  'POST /projects/{id}/recompute-deposit': {
    ok: 200,
    roles: ['housing-officer', 'finance-officer'],
    scope: 'object',
    request: () => ({ path: `/projects/${f.project}/recompute-deposit`, body: {} }),
  },
  'GET /emergency-funds/{regionCode}': {
    roles: ['finance-officer', 'labor-inspector', 'supervisor'],
    scope: 'object',
    request: () => ({ path: '/emergency-funds/652301' }),
    ok: 200,
  },
  'GET /recovery-claims/{id}': {
    roles: ['finance-officer', 'labor-inspector', 'supervisor'],
    scope: 'object',
    request: () => ({ path: `/recovery-claims/${f.claim}` }),
    ok: 200,
  },
  'POST /recovery-claims/{id}/repayments': {
    ok: 201,
    roles: ['finance-officer', 'labor-inspector'],
    scope: 'object',
    request: () => ({
      path: `/recovery-claims/${f.claim}/repayments`,
      body: { amountFen: 100, reference: `R-${fresh()}` },
    }),
  },
  'GET /ledger/verification': {
    roles: ['finance-officer', 'platform-admin', 'supervisor'],
    scope: 'none',
    request: () => ({ path: '/ledger/verification' }),
    ok: 200,
  },
  // Monitoring (finance II)
  'POST /projects/{id}/workers': {
    ok: 200,
    roles: ['housing-officer'],
    scope: 'object',
    request: () => {
      const k = 7100 + fresh();
      return {
        path: `/projects/${f.project}/workers`,
        body: {
          workers: [{ name: `工人${k}`, idNumber: residentId(k), phone: `137${String(k).padStart(8, '0')}` }],
        },
      };
    },
  },
  'POST /projects/{id}/attendance': {
    ok: 202,
    roles: ['housing-officer', 'bank-feed'],
    scope: 'object',
    request: () => ({
      path: `/projects/${f.project}/attendance`,
      body: { records: [{ idNumber: residentId(7001), date: daysFromToday(-1) }] },
    }),
  },
  'POST /projects/{id}/payroll': {
    ok: 202,
    roles: ['bank-feed', 'finance-officer'],
    scope: 'object',
    request: () => ({
      path: `/projects/${f.project}/payroll`,
      body: {
        month,
        payments: [{ idNumber: residentId(7001), amountFen: 600_000, paidAt: new Date().toISOString() }],
      },
    }),
  },
  'POST /projects/{id}/allocations': {
    ok: 202,
    roles: ['bank-feed', 'finance-officer'],
    scope: 'object',
    request: () => ({
      path: `/projects/${f.project}/allocations`,
      body: {
        allocations: [
          { month, amountFen: 5_000_000, receivedOn: daysFromToday(-1), reference: `AL-${fresh()}` },
        ],
      },
    }),
  },
  'GET /projects/{id}/monitoring': {
    roles: ['housing-officer', 'finance-officer', 'labor-inspector', 'supervisor', 'intake-clerk'],
    scope: 'object',
    request: () => ({ path: `/projects/${f.project}/monitoring` }),
    ok: 200,
  },
  'GET /warnings': {
    roles: ['housing-officer', 'finance-officer', 'labor-inspector', 'supervisor', 'intake-clerk'],
    scope: 'none',
    request: () => ({ path: '/warnings' }),
    ok: 200,
  },
  'POST /warnings/{id}/handling': {
    ok: 200,
    roles: ['housing-officer', 'finance-officer', 'labor-inspector', 'supervisor'],
    scope: 'object',
    request: () => ({ path: `/warnings/${f.warning}/handling`, body: { note: '已约谈总包单位核实工资单' } }),
  },
  // Cross-agency
  'GET /cases/{caseId}/timeline': {
    roles: AGENCY,
    scope: 'object',
    request: () => ({ path: `/cases/${f.caseId}/timeline` }),
    ok: 200,
  },
  'GET /stats': { roles: ['supervisor'], scope: 'none', request: () => ({ path: '/stats' }), ok: 200 },
  // Documents: an empty list outside the region (nothing issued there), a 404 for one document.
  'GET /cases/{caseId}/documents': {
    roles: AGENCY,
    scope: 'none',
    request: () => ({ path: `/cases/${f.caseId}/documents` }),
    ok: 200,
  },
  'GET /documents/{id}': {
    roles: AGENCY,
    scope: 'object',
    request: () => ({ path: `/documents/${f.document}` }),
    ok: 200,
  },
};

function inspectionCommands(): Record<string, RouteRule> {
  const on = (
    tail: string,
    roles: string[],
    ok: number,
    body: () => unknown,
    target: () => string = () => f.inspectionCase,
  ): RouteRule => ({
    roles,
    ok,
    scope: 'object',
    request: () => ({ path: `/inspection/cases/${target()}/${tail}`, body: body() }),
  });
  const inspector = ['labor-inspector'];
  const joint = ['labor-inspector', 'housing-officer'];
  const past = () => new Date(Date.now() - 10 * 86_400_000).toISOString();
  return {
    'POST /inspection/cases/{id}/assignment': on('assignment', inspector, 200, () => ({})),
    'POST /inspection/cases/{id}/extension': on('extension', inspector, 200, () => ({
      reason: '案情复杂，需延期调查',
    })),
    'POST /inspection/cases/{id}/compliance-checks': on('compliance-checks', joint, 201, () => ({
      violations: ['holding_cards'],
    })),
    'POST /inspection/cases/{id}/findings': on('findings', joint, 201, () => ({
      employerUscc: uscc(6001),
      employerName: '昌吉第6001建筑公司',
      arrearsFen: 1_200_000,
      workerCount: 12,
    })),
    'POST /inspection/cases/{id}/payment-orders': on('payment-orders', inspector, 201, () => ({
      amountFen: 1_200_000,
      dueDate: daysFromToday(15),
    })),
    // Served on paper ten days ago and already expired: the penalty below may follow.
    'POST /inspection/cases/{id}/rectification-orders': on('rectification-orders', inspector, 201, () => ({
      violations: ['holding_cards'],
      dueDate: daysFromToday(-1),
      servedAt: past(),
    })),
    'POST /inspection/cases/{id}/payments': on('payments', inspector, 200, () => ({
      paidFen: 100,
      payer: 'employer',
    })),
    // The large case: its order was ignored and its project holds a deposit.
    // Four-eyes: the inspector only requests (202 pending_approval); a chief decides.
    'POST /inspection/cases/{id}/deposit-draws': on(
      'deposit-draws',
      inspector,
      202,
      () => ({ amountFen: 100 }),
      () => f.referralCase,
    ),
    // The second large case: ignored order, no advance yet, above the crime amount.
    'POST /inspection/cases/{id}/emergency-advances': on(
      'emergency-advances',
      inspector,
      202,
      () => ({ amountFen: 100 }),
      () => f.secondLargeCase,
    ),
    'POST /inspection/cases/{id}/penalties': on('penalties', inspector, 201, () => ({
      violation: 'holding_cards',
      amountFen: 2_000_000,
    })),
    'POST /inspection/cases/{id}/police-referrals': on(
      'police-referrals',
      inspector,
      201,
      () => ({ reason: '经责令支付逾期拒不支付' }),
      () => f.secondLargeCase,
    ),
    'POST /inspection/cases/{id}/close': on('close', inspector, 200, () => ({
      outcome: 'withdrawn',
      recoveredFen: 0,
      workersPaid: 0,
    })),
    'POST /inspection/cases/{id}/look-back': on('look-back', inspector, 200, () => ({
      result: '回访未发现新的欠薪',
    })),
  };
}

function mediationBody(k: number) {
  return {
    regionCode: '652301',
    applicant: { name: `申请人${k}`, idNumber: residentId(k), phone: `137${String(k).padStart(8, '0')}` },
    employer: { name: `昌吉劳务公司${k}`, uscc: uscc(k) },
    claimFen: 600_000,
  };
}

const tokens = {} as Record<Caller, string | undefined>;

async function as(
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return p.request(method, `/api/v1${path}`, {
    token: tokens[caller],
    ...(body !== undefined ? { body } : {}),
    headers,
  });
}

async function ok<T>(r: { status: number; text: string; body: T }, what: string): Promise<T> {
  if (r.status >= 300) throw new Error(`fixture ${what}: ${r.status} ${r.text}`);
  return r.body;
}

beforeAll(async () => {
  await p.start('gw-matrix', {
    connected: true,
    env: { gateway: { PUBLIC_RATE_LIMIT: '10000' }, finance: { WARNING_SCAN_EVERY_MS: '1000' } },
  });
  for (const c of CALLERS) {
    tokens[c] =
      c === 'anonymous'
        ? undefined
        : c === 'bank-feed'
          ? await clientToken(p.infra.keycloakUrl, 'bank-feed', 'bank-feed-dev-secret')
          : await p.token(c);
  }
  // A clue waiting for the clerk's decision (an individual clue), its case, its inspection case.
  const clue = await ok(await as('clerk.changji', 'POST', '/clues', clueBody(6001)), 'clue');
  f.clue = clue.id;
  f.caseId = clue.caseId;
  f.inspectionCase = (await openCase(p, 6002, { workerCount: 30, amountFen: 3_000_000 })).id;

  // A project with its deposit and a monitored worker.
  const project = await ok(await as('housing.changji', 'POST', '/projects', projectBody(0)), 'project');
  f.project = project.id;
  f.publicCode = project.publicCode;
  await ok(
    await as('finance.changji', 'POST', `/projects/${f.project}/deposits`, {
      amountFen: 50_000_000,
      form: 'cash',
      reference: 'M-0',
    }),
    'deposit',
  );
  const worker = { name: '工人7001', idNumber: residentId(7001), phone: '13700007001' };
  await ok(
    await as('housing.changji', 'POST', `/projects/${f.project}/workers`, { workers: [worker] }),
    'worker',
  );

  // A case above the crime amount whose order was ignored: referred to police, advanced from the fund.
  const big = await openCase(p, 6003, {
    projectId: f.project,
    workerCount: 210,
    amountFen: 1_050_000_000,
    employer: { name: '昌吉第6003建筑公司', uscc: uscc(6102) },
  });
  f.referralCase = big.id;
  const I = 'inspector.changji';
  await ok(
    await as(I, 'POST', `/inspection/cases/${big.id}/findings`, {
      employerUscc: uscc(6102),
      employerName: '昌吉第6003建筑公司',
      projectId: f.project,
      arrearsFen: 1_050_000_000,
      workerCount: 210,
    }),
    'findings',
  );
  await ok(
    await as(I, 'POST', `/inspection/cases/${big.id}/payment-orders`, {
      amountFen: 1_050_000_000,
      dueDate: daysFromToday(-2),
      servedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
    }),
    'order',
  );
  f.referral = (
    await ok(
      await as(I, 'POST', `/inspection/cases/${big.id}/police-referrals`, {
        reason: '经责令支付逾期拒不支付',
      }),
      'referral',
    )
  ).referralId;
  const advanceAsked = await ok(
    await as(I, 'POST', `/inspection/cases/${big.id}/emergency-advances`, { amountFen: 1_000_000 }),
    'advance request',
  );
  const chief = await p.token('chief.changji');
  f.claim = (
    await ok(
      await p.request('POST', `/api/v1/inspection/money-requests/${advanceAsked.requestId}/decision`, {
        token: chief,
        body: { decision: 'approved', note: '同意' },
      }),
      'advance approval',
    )
  ).recoveryClaimId;
  f.moneyRequest = (
    await ok(
      await as(I, 'POST', `/inspection/cases/${big.id}/deposit-draws`, { amountFen: 100 }),
      'draw request',
    )
  ).requestId;
  f.plan = (
    await ok(
      await as(I, 'POST', '/inspection/plans', {
        regionCode: '652301',
        projectCount: 1,
        inspectorCount: 1,
        seed: 'matrix',
      }),
      'plan',
    )
  ).id;

  // A second large case, its order ignored too, with no advance or referral yet.
  const second = await openCase(p, 6004, {
    workerCount: 210,
    amountFen: 1_050_000_000,
    employer: { name: '昌吉第6004建筑公司', uscc: uscc(6103) },
  });
  f.secondLargeCase = second.id;
  await ok(
    await as(I, 'POST', `/inspection/cases/${second.id}/findings`, {
      employerUscc: uscc(6103),
      employerName: '昌吉第6004建筑公司',
      arrearsFen: 1_050_000_000,
      workerCount: 210,
    }),
    'second findings',
  );
  await ok(
    await as(I, 'POST', `/inspection/cases/${second.id}/payment-orders`, {
      amountFen: 1_050_000_000,
      dueDate: daysFromToday(-2),
      servedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
    }),
    'second order',
  );

  // Credit learns of the ignored order from inspection's events: the officer can propose listing.
  f.caseId = big.caseId;
  f.document = (await ok(await as(I, 'GET', `/cases/${big.caseId}/documents`), 'documents')).items[0].id;
  f.blacklist = await eventually(async () => {
    const r = await as('credit.xinjiang', 'POST', '/credit/blacklist', {
      uscc: uscc(6102),
      caseId: big.caseId,
      reason: '拒不支付劳动报酬',
    });
    return r.status === 201 ? (r.body.id as string) : undefined;
  }, 60_000);

  // Mediation fails into arbitration; the award goes to the court for enforcement.
  f.mediationToFail = (
    await ok(await as('mediator.changji', 'POST', '/mediation/cases', mediationBody(6204)), 'mediation 4')
  ).id;
  f.mediation = (
    await ok(await as('mediator.changji', 'POST', '/mediation/cases', mediationBody(6201)), 'mediation')
  ).id;
  const failed = await ok(
    await as('mediator.changji', 'POST', '/mediation/cases', mediationBody(6202)),
    'mediation 2',
  );
  f.arbitration = (
    await ok(
      await as('mediator.changji', 'POST', `/mediation/cases/${failed.id}/failure`, { reason: '拒绝调解' }),
      'failure',
    )
  ).arbitrationCaseId;
  const A = 'arbitrator.changji';
  const award = await ok(
    await as('mediator.changji', 'POST', '/mediation/cases', mediationBody(6203)),
    'mediation 3',
  );
  const arb = (
    await ok(
      await as('mediator.changji', 'POST', `/mediation/cases/${award.id}/failure`, { reason: '拒绝调解' }),
      'failure 3',
    )
  ).arbitrationCaseId;
  await ok(
    await as(A, 'POST', `/arbitration/cases/${arb}/acceptance`, { decision: 'accepted' }),
    'acceptance',
  );
  await ok(
    await as(A, 'POST', `/arbitration/cases/${arb}/hearings`, {
      hearingAt: new Date(Date.now() + 3_600_000).toISOString(),
      place: '第一仲裁庭',
    }),
    'hearing',
  );
  // An award made with its date already past (recorded after the fact), so the court can be asked now.
  await ok(
    await as(A, 'POST', `/arbitration/cases/${arb}/award`, { awardFen: 600_000, payBy: daysFromToday(-1) }),
    'award',
  );
  f.enforcement = (
    await ok(await as(A, 'POST', `/arbitration/cases/${arb}/enforcement-requests`, {}), 'enforcement')
  ).enforcementId;

  // A worker's own clue and its access code.
  const own = await ok(
    await as('anonymous', 'POST', '/public/clues', RULES['POST /public/clues']!.request().body),
    'public clue',
  );
  f.trackingCode = own.trackingCode;
  f.accessCode = own.accessCode;

  // A red warning on the project: one worker paid an outsized single amount.
  await ok(
    await as('bank-feed', 'POST', `/projects/${f.project}/payroll`, {
      month,
      payments: [{ idNumber: worker.idNumber, amountFen: 6_000_000, paidAt: new Date().toISOString() }],
    }),
    'payroll',
  );
  f.warning = await eventually(async () => {
    const r = await as('finance.changji', 'GET', '/warnings?regionCode=652301&limit=200');
    return r.body.items?.find((w: { projectId: string }) => w.projectId === f.project)?.id as
      string | undefined;
  }, 60_000);
});
afterAll(() => p.stop());

/** What the contract gives a caller on a route. */
function expected(rule: RouteRule, caller: Caller): 'ok' | 401 | 403 | 404 {
  if (rule.roles === 'public') return 'ok';
  if (caller === 'anonymous') return 401;
  const { roles, region } = REALM[caller];
  if (!roles.some((r) => (rule.roles as string[]).includes(r))) return 403;
  // Every fixture sits in Changji (652301): callers of 650000 and 652300 see it; Lanzhou (620100) does not.
  const covers = isWithin('652301', region);
  if (rule.scope === 'object' && !covers) return 404;
  if (rule.scope === 'region' && !covers) return 403;
  return 'ok';
}

it('serves every route of its OpenAPI document, and this test has a rule for each', async () => {
  const doc = (await p.request('GET', '/api/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
  );
  expect(served.sort()).toEqual(Object.keys(RULES).sort());
});

describe('route × caller', () => {
  it.each(Object.keys(RULES))('%s', async (route) => {
    const rule = RULES[route]!;
    const method = route.split(' ')[0]!;
    const got: Record<string, number | string> = {};
    const want: Record<string, number | string> = {};
    for (const caller of CALLERS) {
      const req = rule.request();
      const r = await as(caller, method, req.path, req.body, req.headers);
      const exp = expected(rule, caller);
      want[caller] = exp === 'ok' ? rule.ok : exp;
      // The refusal's reason beside an unexpected status, so a failure reads as what went wrong.
      got[caller] = r.status === want[caller] ? r.status : `${r.status} ${r.body?.detail ?? ''}`;
      if (r.status >= 400) expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(got).toEqual(want);
  });
});
