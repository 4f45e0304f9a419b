import { callUnary, CLIENT_CHANNEL_OPTIONS, DomainError, platformChannel } from '@wage/kit';
import { credit } from '@wage/proto';
import { NO_RECORD, type ContractorStanding, type Standing } from '../domain/contractorRecord';

/** Asks `wage.credit.v1.CreditService/GetEnterpriseCredit` with the caller's token (credit checks role and region). */
export class GrpcContractorStanding implements ContractorStanding {
  private readonly client: credit.CreditServiceClient;

  constructor(
    address: string,
    private readonly deadlineMs = 3_000,
  ) {
    this.client = new credit.CreditServiceClient(address, platformChannel('finance'), CLIENT_CHANNEL_OPTIONS);
  }

  async lookup(uscc: string, callerToken: string): Promise<Standing> {
    try {
      const c = await callUnary(
        this.client.getEnterpriseCredit.bind(this.client),
        credit.GetEnterpriseCreditRequest.fromPartial({ uscc }),
        {
          token: callerToken,
          deadlineMs: this.deadlineMs,
          idempotent: true,
        },
      );
      const w = c.wageRecord;
      return {
        kind: 'known',
        record: {
          blacklisted: c.blacklisted,
          arrearsLastTwoYears: w?.arrearsLastTwoYears ?? false,
          cleanYears: w?.cleanYears ?? 0,
          realNameCompliant: w?.realNameCompliant ?? false,
          wageAccountCompliant: w?.wageAccountCompliant ?? false,
        },
      };
    } catch (e) {
      // No record at the credit office: nothing against the contractor, nothing to its credit either.
      if (e instanceof DomainError && e.kind === 'not_found') return { kind: 'known', record: NO_RECORD };
      const reason = e instanceof DomainError ? `${e.kind}: ${e.detail}` : (e as Error).message;
      return { kind: 'unavailable', reason };
    }
  }

  close(): void {
    this.client.close();
  }
}

/** Without CREDIT_GRPC every project is registered with a provisional ratio. */
export const creditNotConfigured: ContractorStanding = {
  lookup: async () => ({ kind: 'unavailable', reason: 'CREDIT_GRPC 未配置 (credit service not configured)' }),
};
