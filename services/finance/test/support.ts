import { callAsGateway, gatewayChannel } from '@wage/testing';
import { Server, status, type ChannelOptions, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { residentIdCheckChar, usccCheckChar } from '@wage/cn';
import { CLIENT_CHANNEL_OPTIONS, serverCredentials, tlsIdentity } from '@wage/kit';
import { credit, finance, inspection, queries } from '@wage/proto';

/** A valid USCC (GB 32100) for test contractor n. */
export function uscc(n: number, region = '652301'): string {
  const body = `91${region}MA${String(n).padStart(7, '0')}`.slice(0, 17);
  return body + usccCheckChar(body);
}

/** A valid resident ID number (GB 11643) for test worker n. */
export function residentId(n: number, region = '652301'): string {
  const first17 = `${region}1988${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function projectRequest(
  n: number,
  over: Partial<finance.CreateProjectRequest> = {},
): finance.CreateProjectRequest {
  return finance.CreateProjectRequest.fromPartial({
    name: `昌吉市第${n}号住宅楼`,
    regionCode: '652301',
    industry: 'housing',
    contractorUscc: uscc(n),
    contractorName: `昌吉第${n}建筑公司`,
    ownerName: '昌吉某房地产开发公司',
    contractPriceFen: String(1_000_000_000), // ¥10M: Xinjiang's 2 % band
    permitDate: '2026-03-02',
    contractSignedDate: '2026-02-02',
    ...over,
  });
}

type Settings = { idempotencyKey?: string; deadlineMs?: number };

/** The finance gRPC API as a test calls it: every call carries a user's token (and a key when it moves money). */
export function financeClient(address: string, channelOptions: ChannelOptions = {}) {
  const options = { ...CLIENT_CHANNEL_OPTIONS, ...channelOptions };
  const c = new finance.FinanceServiceClient(address, gatewayChannel(), options);
  const q = new queries.CaseQueriesClient(address, gatewayChannel(), options);
  const call =
    <Req, Res>(m: Parameters<typeof callAsGateway<Req, Res>>[0]) =>
    (req: Req, token: string, s: Settings = {}) =>
      callAsGateway(m, req, {
        token,
        deadlineMs: s.deadlineMs ?? 15_000,
        ...(s.idempotencyKey ? { idempotencyKey: s.idempotencyKey } : {}),
      });
  return {
    close: () => {
      c.close();
      q.close();
    },
    createProject: call(c.createProject.bind(c)),
    getProject: call(c.getProject.bind(c)),
    listProjects: call(c.listProjects.bind(c)),
    recompute: call(c.recomputeDepositRequirement.bind(c)),
    recordDedicatedAccount: call(c.recordDedicatedAccount.bind(c)),
    recordDeposit: call(c.recordDeposit.bind(c)),
    drawDeposit: call(c.drawDeposit.bind(c)),
    completeProject: call(c.completeProject.bind(c)),
    noticeDepositReturn: call(c.noticeDepositReturn.bind(c)),
    reviewDepositReturn: call(c.reviewDepositReturn.bind(c)),
    advance: call(c.advanceEmergencyFund.bind(c)),
    repay: call(c.repayRecovery.bind(c)),
    getClaim: call(c.getRecoveryClaim.bind(c)),
    fundBalance: call(c.getFundBalance.bind(c)),
    verifyLedger: call(c.verifyLedger.bind(c)),
    timeline: call(q.getTimeline.bind(q)),
    statistics: call(q.getStatistics.bind(q)),
  };
}
export type FinanceClient = ReturnType<typeof financeClient>;

/**
 * A stand-in for the credit office's gRPC service (not built yet): answers records by USCC, NOT_FOUND for
 * unknown ones, and UNAVAILABLE while `down`.
 */
export class FakeCredit {
  readonly records = new Map<string, Partial<credit.EnterpriseCredit>>();
  down = false;
  calls = 0;
  private readonly server = new Server();
  port = 0;

  async start(): Promise<this> {
    this.server.addService(credit.CreditServiceService, {
      getEnterpriseCredit: (
        call: ServerUnaryCall<credit.GetEnterpriseCreditRequest, credit.EnterpriseCredit>,
        cb: sendUnaryData<credit.EnterpriseCredit>,
      ) => {
        this.calls += 1;
        if (this.down) return cb({ code: status.UNAVAILABLE, details: 'credit is down' });
        if (!call.metadata.get('authorization')[0])
          return cb({ code: status.UNAUTHENTICATED, details: 'no token' });
        const r = this.records.get(call.request.uscc);
        if (!r) return cb({ code: status.NOT_FOUND, details: 'no record' });
        cb(null, credit.EnterpriseCredit.fromPartial({ uscc: call.request.uscc, ...r }));
      },
    });
    this.port = await new Promise<number>((res, rej) =>
      this.server.bindAsync('127.0.0.1:0', serverCredentials(tlsIdentity('credit')), (e, p) =>
        e ? rej(e) : res(p),
      ),
    );
    return this;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

/** The request id the stand-in inspection confirms as approved by a chief; any other is not confirmed. */
export const APPROVED = 'approved-by-chief';

/**
 * A stand-in for inspection's ConfirmMoneyRequest (finance's own suites run finance alone; the real pair is
 * tested in tests/inspection): confirms APPROVED for a caller with a token, NOT_FOUND for anything else.
 */
export class FakeInspection {
  private readonly server = new Server();
  port = 0;
  calls = 0;

  async start(): Promise<this> {
    const unimplemented = (_c: unknown, cb: sendUnaryData<never>) => cb({ code: status.UNIMPLEMENTED });
    const handlers = Object.fromEntries(
      Object.keys(inspection.InspectionServiceService).map((m) => [m, unimplemented]),
    );
    this.server.addService(inspection.InspectionServiceService, {
      ...handlers,
      confirmMoneyRequest: (
        call: ServerUnaryCall<inspection.ConfirmMoneyRequestRequest, inspection.ConfirmMoneyRequestResponse>,
        cb: sendUnaryData<inspection.ConfirmMoneyRequestResponse>,
      ) => {
        this.calls += 1;
        if (!call.metadata.get('authorization')[0])
          return cb({ code: status.UNAUTHENTICATED, details: 'no token' });
        if (call.request.requestId !== APPROVED)
          return cb({ code: status.NOT_FOUND, details: 'no such request' });
        cb(null, { confirmed: true, approvedBy: 'chief.changji', requestedBy: 'inspector.changji' });
      },
    });
    this.port = await new Promise<number>((res, rej) =>
      this.server.bindAsync('127.0.0.1:0', serverCredentials(tlsIdentity('inspection')), (e, p) =>
        e ? rej(e) : res(p),
      ),
    );
    return this;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
