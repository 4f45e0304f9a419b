import { callAsGateway, gatewayChannel } from '@wage/testing';
import { usccCheckChar } from '@wage/cn';
import { newId, toKafkaMessage, wrap } from '@wage/kit';
import { credit, inspection, queries, type EventPayload, type EventType } from '@wage/proto';

/** A valid USCC (GB 32100) for test employer n. */
export function uscc(n: number, region = '652301'): string {
  const body = `91${region}MA${String(n).padStart(7, '0')}`.slice(0, 17);
  return body + usccCheckChar(body);
}

/** The credit service over gRPC with a caller's token (and an idempotency key for commands). */
export function creditClient(address: string) {
  const c = new credit.CreditServiceClient(address, gatewayChannel());
  const q = new queries.CaseQueriesClient(address, gatewayChannel());
  const opts = (token: string, idempotencyKey?: string) => ({
    token,
    deadlineMs: 15_000,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
  const read = (token: string) => ({ token, deadlineMs: 15_000, idempotent: true });
  return {
    standing: (u: string, token: string) =>
      callAsGateway(c.getEnterpriseCredit.bind(c), { uscc: u }, read(token)),
    propose: (req: Partial<credit.ProposeListingRequest>, token: string, key?: string) =>
      callAsGateway(
        c.proposeListing.bind(c),
        credit.ProposeListingRequest.fromPartial(req),
        opts(token, key),
      ),
    answer: (req: Partial<credit.RecordAnswerRequest>, token: string, key?: string) =>
      callAsGateway(c.recordAnswer.bind(c), credit.RecordAnswerRequest.fromPartial(req), opts(token, key)),
    decide: (req: Partial<credit.DecideListingRequest>, token: string, key?: string) =>
      callAsGateway(c.decideListing.bind(c), credit.DecideListingRequest.fromPartial(req), opts(token, key)),
    remove: (req: Partial<credit.RequestRemovalRequest>, token: string, key?: string) =>
      callAsGateway(
        c.requestRemoval.bind(c),
        credit.RequestRemovalRequest.fromPartial(req),
        opts(token, key),
      ),
    get: (id: string, token: string) => callAsGateway(c.getListingProposal.bind(c), { id }, read(token)),
    list: (req: Partial<credit.ListListingProposalsRequest>, token: string) =>
      callAsGateway(
        c.listListingProposals.bind(c),
        credit.ListListingProposalsRequest.fromPartial(req),
        read(token),
      ),
    check: (u: string, activity: string, token: string) =>
      callAsGateway(c.checkRestriction.bind(c), { uscc: u, activity }, read(token)),
    disclosures: (req: Partial<credit.ListDisclosuresRequest>, token: string) =>
      callAsGateway(c.listDisclosures.bind(c), credit.ListDisclosuresRequest.fromPartial(req), read(token)),
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

/** An integration event exactly as the producing service's outbox publishes it. */
export function message<K extends EventType>(
  type: K,
  caseId: string,
  region: string,
  payload: EventPayload<K>,
  occurredAt?: Date,
) {
  return toKafkaMessage(
    wrap(
      { type, subject: newId(), caseId, region, payload },
      { source: type.split('.')[0] ?? '', ...(occurredAt ? { occurredAt } : {}) },
    ),
  );
}

export const employer = (u: string, n: number) =>
  inspection.EmployerRef.fromPartial({
    name: `昌吉第${n}建筑劳务有限公司`,
    uscc: u,
    legalRepresentative: `法人${n}`,
  });

export { refusal, TopicReader } from '@wage/testing';
