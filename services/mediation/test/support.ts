import { callAsGateway, gatewayChannel } from '@wage/testing';
import { residentIdCheckChar, shanghaiDate, usccCheckChar } from '@wage/cn';
import { mediation, queries } from '@wage/proto';

/** A valid resident ID number (GB 11643) for test person n. */
export function residentId(n: number, region = '652301'): string {
  const first17 = `${region}1988${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid USCC (GB 32100) for test employer n. */
export function uscc(n: number, region = '652301'): string {
  const body = `91${region}MA${String(n).padStart(7, '0')}`.slice(0, 17);
  return body + usccCheckChar(body);
}

export function daysFromToday(n: number): string {
  return shanghaiDate(new Date(Date.now() + n * 86_400_000));
}

/** The mediation service over gRPC with a caller's token (and an idempotency key for commands). */
export function mediationClient(address: string) {
  const c = new mediation.MediationServiceClient(address, gatewayChannel());
  const q = new queries.CaseQueriesClient(address, gatewayChannel());
  const opts = (token: string, idempotencyKey?: string) => ({
    token,
    deadlineMs: 15_000,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  const read = (token: string) => ({ token, deadlineMs: 15_000, idempotent: true });
  const m = mediation;
  return {
    open: (req: Partial<mediation.OpenMediationCaseRequest>, token: string, key?: string) =>
      callAsGateway(
        c.openMediationCase.bind(c),
        m.OpenMediationCaseRequest.fromPartial(req),
        opts(token, key),
      ),
    agree: (req: Partial<mediation.RecordAgreementRequest>, token: string, key?: string) =>
      callAsGateway(c.recordAgreement.bind(c), m.RecordAgreementRequest.fromPartial(req), opts(token, key)),
    fail: (req: Partial<mediation.RecordFailureRequest>, token: string, key?: string) =>
      callAsGateway(c.recordFailure.bind(c), m.RecordFailureRequest.fromPartial(req), opts(token, key)),
    getCase: (req: Partial<mediation.GetRequest>, token: string) =>
      callAsGateway(c.getMediationCase.bind(c), m.GetRequest.fromPartial(req), read(token)),
    listCases: (req: Partial<mediation.ListRequest>, token: string) =>
      callAsGateway(c.listMediationCases.bind(c), m.ListRequest.fromPartial(req), read(token)),
    requestPaymentOrder: (id: string, token: string, key?: string) =>
      callAsGateway(c.requestPaymentOrder.bind(c), { id }, opts(token, key)),
    decideAcceptance: (req: Partial<mediation.DecideAcceptanceRequest>, token: string, key?: string) =>
      callAsGateway(
        c.decideArbitrationAcceptance.bind(c),
        m.DecideAcceptanceRequest.fromPartial(req),
        opts(token, key),
      ),
    scheduleHearing: (req: Partial<mediation.ScheduleHearingRequest>, token: string, key?: string) =>
      callAsGateway(c.scheduleHearing.bind(c), m.ScheduleHearingRequest.fromPartial(req), opts(token, key)),
    award: (req: Partial<mediation.IssueAwardRequest>, token: string, key?: string) =>
      callAsGateway(c.issueAward.bind(c), m.IssueAwardRequest.fromPartial(req), opts(token, key)),
    payAward: (req: Partial<mediation.RecordPaymentRequest>, token: string, key?: string) =>
      callAsGateway(c.recordAwardPayment.bind(c), m.RecordPaymentRequest.fromPartial(req), opts(token, key)),
    requestEnforcement: (id: string, token: string, key?: string) =>
      callAsGateway(c.requestEnforcement.bind(c), { id }, opts(token, key)),
    decideEnforcement: (req: Partial<mediation.CourtDecisionRequest>, token: string, key?: string) =>
      callAsGateway(c.decideEnforcement.bind(c), m.CourtDecisionRequest.fromPartial(req), opts(token, key)),
    concludeEnforcement: (req: Partial<mediation.EnforcementOutcomeRequest>, token: string, key?: string) =>
      callAsGateway(
        c.recordEnforcementOutcome.bind(c),
        m.EnforcementOutcomeRequest.fromPartial(req),
        opts(token, key),
      ),
    decidePaymentOrder: (req: Partial<mediation.CourtDecisionRequest>, token: string, key?: string) =>
      callAsGateway(c.decidePaymentOrder.bind(c), m.CourtDecisionRequest.fromPartial(req), opts(token, key)),
    getArbitration: (req: Partial<mediation.GetRequest>, token: string) =>
      callAsGateway(c.getArbitrationCase.bind(c), m.GetRequest.fromPartial(req), read(token)),
    listArbitrations: (req: Partial<mediation.ListRequest>, token: string) =>
      callAsGateway(c.listArbitrationCases.bind(c), m.ListRequest.fromPartial(req), read(token)),
    timeline: (caseId: string, token: string) =>
      callAsGateway(q.getTimeline.bind(q), { caseId }, read(token)),
    statistics: (req: queries.StatisticsRequest, token: string) =>
      callAsGateway(q.getStatistics.bind(q), req, read(token)),
    close: () => {
      c.close();
      q.close();
    },
  };
}

export { refusal, TopicReader } from '@wage/testing';
