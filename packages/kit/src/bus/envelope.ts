import type { IHeaders, Message } from 'kafkajs';
import { Envelope, eventCodec, isKnownEventType, type EventPayload, type EventType } from '@wage/proto';
import type { common } from '@wage/proto';
import { newId } from '../ids';
import { DomainError } from '../errors';
import type { EventDraft as DomainEventDraft } from '@wage/domain';

/** An event before it is wrapped (the domain's draft), narrowed to the proto catalogue. */
export type EventDraft<K extends EventType = EventType> = DomainEventDraft<K, EventPayload<K>>;

export interface EnvelopeMeta {
  source: string;
  actor?: common.Actor;
  causationId?: string;
  correlationId?: string;
  subjectVersion?: number;
  occurredAt?: Date;
}

/** A consumed event, decoded: the envelope fields plus the typed payload. */
export interface DecodedEvent<K extends EventType = EventType> {
  envelope: Envelope;
  type: K;
  payload: EventPayload<K>;
}

export function wrap<K extends EventType>(draft: EventDraft<K>, meta: EnvelopeMeta): Envelope {
  const codec = eventCodec(draft.type);
  return Envelope.fromPartial({
    id: newId(),
    type: draft.type,
    source: meta.source,
    subject: draft.subject,
    caseId: draft.caseId ?? '',
    causationId: meta.causationId ?? '',
    correlationId: meta.correlationId ?? '',
    occurredAt: meta.occurredAt ?? new Date(),
    region: draft.region ?? '',
    actor: meta.actor,
    subjectVersion: String(meta.subjectVersion ?? 0),
    payload: Buffer.from(codec.encode(draft.payload).finish()),
  });
}

/** Kafka key: the case id keeps one case's events in order; the subject where there is no case. */
export function partitionKey(env: Envelope): string {
  return env.caseId || env.subject;
}

/** CloudEvents binary-mode headers mirroring the envelope (the outbox adds the W3C `traceparent`). */
export function cloudEventHeaders(env: Envelope): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: env.id,
    ce_type: env.type,
    ce_source: `/wage/${env.source}`,
    ce_subject: env.subject,
    ce_time: (env.occurredAt ?? new Date()).toISOString(),
    'content-type': 'application/x-protobuf',
  };
}

export function toKafkaMessage(env: Envelope): Message {
  return {
    key: partitionKey(env),
    value: Buffer.from(Envelope.encode(env).finish()),
    headers: cloudEventHeaders(env),
  };
}

export class PoisonMessage extends DomainError {
  constructor(detail: string) {
    super('invalid_argument', detail);
    this.name = 'PoisonMessage';
  }
}

/** Decodes a Kafka value into an envelope and its typed payload; unknown types decode with payload null. */
export function decodeMessage(
  value: Buffer | null,
): DecodedEvent | { envelope: Envelope; type: string; payload: null } {
  if (!value || value.length === 0) throw new PoisonMessage('empty message');
  let envelope: Envelope;
  try {
    envelope = Envelope.decode(value);
  } catch (e) {
    throw new PoisonMessage(`not an event envelope: ${(e as Error).message}`);
  }
  if (!envelope.id || !envelope.type) throw new PoisonMessage('envelope without id or type');
  if (!isKnownEventType(envelope.type)) return { envelope, type: envelope.type, payload: null };
  try {
    const payload = eventCodec(envelope.type).decode(envelope.payload);
    return { envelope, type: envelope.type, payload };
  } catch (e) {
    throw new PoisonMessage(`payload of ${envelope.type} does not decode: ${(e as Error).message}`);
  }
}

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
