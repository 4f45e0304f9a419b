import { finance as pb, type EventType } from '@wage/proto';
import type { EventDraft } from '@wage/domain';

type FinanceEventType = Extract<EventType, `finance.${string}`>;
type MessageName<K extends string> = K extends `finance.${infer N}.v1`
  ? N extends keyof typeof pb
    ? N
    : never
  : never;
type PayloadOf<K extends FinanceEventType> = (typeof pb)[MessageName<K>] extends {
  fromPartial(o: infer I): unknown;
}
  ? I
  : never;

/** A finance event draft: the payload message is named after the event (`finance.DepositDrawn.v1` → DepositDrawn). */
export function financeEvent<K extends FinanceEventType>(
  type: K,
  at: { subject: string; caseId?: string | undefined; region: string },
  payload: PayloadOf<K>,
): EventDraft {
  const name = type.split('.')[1] as MessageName<K>;
  const codec = pb[name] as unknown as { fromPartial(o: unknown): unknown };
  return {
    type,
    subject: at.subject,
    ...(at.caseId ? { caseId: at.caseId } : {}),
    region: at.region,
    payload: codec.fromPartial(payload),
  } as EventDraft;
}
