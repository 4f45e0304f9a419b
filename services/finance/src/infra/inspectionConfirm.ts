import {
  callUnary,
  CLIENT_CHANNEL_OPTIONS,
  DomainError,
  platformChannel,
  ruleViolation,
  unavailable,
} from '@wage/kit';
import { inspection } from '@wage/proto';

/** What finance asks inspection before a draw or advance: the approved request it carries out. */
export interface MoneyToConfirm {
  caseId: string;
  requestId: string;
  kind: 'draw' | 'advance';
  amountFen: number;
  projectId?: string;
  regionCode?: string;
}

/** Confirms a movement with inspection, or throws: 422 when inspection does not confirm, 503 when it cannot answer. */
export interface MoneyConfirmer {
  confirm(m: MoneyToConfirm, callerToken: string): Promise<void>;
}

const NOT_CONFIRMED =
  '劳动保障监察机构未确认该案件的已批准支付申请，不予支付 (inspection did not confirm the request)';

/** `wage.inspection.v1.InspectionService/ConfirmMoneyRequest`, with the token finance was called with. */
export class GrpcMoneyConfirmer implements MoneyConfirmer {
  private readonly client: inspection.InspectionServiceClient;

  constructor(
    address: string,
    private readonly deadlineMs = 5_000,
  ) {
    this.client = new inspection.InspectionServiceClient(
      address,
      platformChannel('finance'),
      CLIENT_CHANNEL_OPTIONS,
    );
  }

  async confirm(m: MoneyToConfirm, callerToken: string): Promise<void> {
    if (!m.caseId || !m.requestId)
      throw ruleViolation(NOT_CONFIRMED, [{ field: 'requestId', message: '必填' }]);
    try {
      const r = await callUnary(
        this.client.confirmMoneyRequest.bind(this.client),
        inspection.ConfirmMoneyRequestRequest.fromPartial({
          caseId: m.caseId,
          requestId: m.requestId,
          kind: m.kind,
          amountFen: String(m.amountFen),
          projectId: m.projectId ?? '',
          regionCode: m.regionCode ?? '',
        }),
        { token: callerToken, deadlineMs: this.deadlineMs, idempotent: true },
      );
      if (!r.confirmed) throw ruleViolation(NOT_CONFIRMED);
    } catch (e) {
      if (e instanceof DomainError && e.httpStatus < 500 && e.kind !== 'unauthenticated')
        throw ruleViolation(NOT_CONFIRMED);
      throw unavailable('劳动保障监察服务暂不可用，无法确认支付申请，请稍后重试');
    }
  }

  close(): void {
    this.client.close();
  }
}

/** Without INSPECTION_GRPC finance cannot confirm any request, so it moves no money. */
export const confirmationNotConfigured: MoneyConfirmer = {
  confirm: async () => {
    throw unavailable('未配置劳动保障监察服务 (INSPECTION_GRPC not set)：无法确认支付申请');
  },
};
