import { Schema, type FilterQuery, type Model, type UpdateQuery } from 'mongoose';
import type { common, EventType } from '@wage/proto';
import { currentContext } from '../context';
import { conflict, isDuplicateKey, notFound, type DomainError } from '../errors';
import { toKafkaMessage, wrap, type EventDraft } from '../bus/envelope';
import { markSpan, SpanKind } from '../tracing';
import type { Decision, EventDraft as DomainEventDraft } from '@wage/domain';

export type { Decision } from '@wage/domain';

/** An event waiting in its aggregate document to be published by the relay. */
export interface OutboxEntry {
  id: string;
  type: string;
  topic: string;
  key: string;
  /** A Buffer when written; BSON Binary when read with lean(). */
  value: unknown;
  headers: Record<string, string>;
  createdAt: Date;
}

/** Fields every aggregate document carries: optimistic version, pending events, recently handled event ids. */
export interface AggregateFields {
  version: number;
  outbox: OutboxEntry[];
  processed: string[];
}

const outboxEntrySchema = new Schema<OutboxEntry>(
  {
    id: { type: String, required: true },
    type: { type: String, required: true },
    topic: { type: String, required: true },
    key: { type: String, required: true },
    value: { type: Buffer, required: true },
    headers: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

/** Adds the aggregate fields to a service's schema. */
export function aggregateSchemaFields() {
  return {
    version: { type: Number, required: true, default: 0 },
    outbox: { type: [outboxEntrySchema], default: [] },
    processed: { type: [String], default: [] },
  };
}

export interface CommandMeta {
  actor?: common.Actor;
  /** The event or request that caused this command. */
  causationId?: string;
}

const INBOX_KEEP = 500;

/**
 * Writes an aggregate and its events in one single-document atomic operation (the outbox inside the
 * aggregate, DESIGN.md): state and event can never disagree and no transaction is needed. Every write is
 * conditioned on the version read (optimistic concurrency) and bumps it.
 */
export class AggregateStore<T extends AggregateFields> {
  /** Called after every successful write, so the relay publishes at once instead of at its next poll. */
  onCommitted: () => void = () => undefined;

  constructor(
    readonly model: Model<T>,
    readonly source: string,
    readonly topic: string,
  ) {}

  entries(events: readonly DomainEventDraft[], subjectVersion: number, meta: CommandMeta): OutboxEntry[] {
    const ctx = currentContext();
    return events.map((draft) => {
      const env = wrap(draft as EventDraft<EventType>, {
        source: this.source,
        actor: meta.actor,
        causationId: meta.causationId ?? ctx?.eventId ?? ctx?.requestId,
        correlationId: ctx?.traceId,
        subjectVersion,
      });
      // The outbox keeps the event's trace context in its headers, so the relay publishes it as it was made.
      const traceparent = markSpan({
        name: `${this.topic} publish`,
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': this.topic,
          'messaging.message.id': env.id,
          'wage.event.type': env.type,
        },
      });
      const msg = toKafkaMessage(env);
      return {
        id: env.id,
        type: env.type,
        topic: this.topic,
        key: String(msg.key),
        value: msg.value as Buffer,
        headers: { ...(msg.headers as Record<string, string>), traceparent },
        createdAt: env.occurredAt ?? new Date(),
      };
    });
  }

  /** Inserts a new aggregate at version 1 with its first events. A duplicate natural key throws E11000. */
  async create(
    doc: Omit<T, keyof AggregateFields>,
    events: readonly DomainEventDraft[],
    meta: CommandMeta = {},
    inboxEventId?: string,
  ): Promise<T> {
    const created = await this.model.create({
      ...doc,
      version: 1,
      outbox: this.entries(events, 1, meta),
      // Created from a consumed event: that event counts as applied to this aggregate.
      processed: inboxEventId ? [inboxEventId] : [],
    } as unknown as T);
    this.onCommitted();
    return created.toObject() as T;
  }

  /**
   * Creates the aggregate once: a retry (or a concurrent twin) that hits the unique `_id` gets the
   * aggregate already stored instead (`created: false`; null when another unique key refused it). The one
   * place that tells "made it now" from "it was there", so callers never test E11000 themselves.
   */
  async createOnce(
    doc: Omit<T, keyof AggregateFields>,
    events: readonly DomainEventDraft[],
    meta: CommandMeta = {},
    inboxEventId?: string,
  ): Promise<{ created: true; doc: T } | { created: false; doc: T | null }> {
    try {
      return { created: true, doc: await this.create(doc, events, meta, inboxEventId) };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const id = (doc as { _id?: unknown })._id;
      const existing = id === undefined ? null : ((await this.model.findById(id).lean()) as T | null);
      return { created: false, doc: existing };
    }
  }

  /**
   * Applies `update` if the document still has `expectedVersion`; returns null when it does not (changed
   * concurrently, or gone). With `inboxEventId` the same write records the consumed event, and is skipped
   * if that event was already handled.
   */
  async update(
    filter: FilterQuery<T>,
    expectedVersion: number,
    decision: Decision<T>,
    meta: CommandMeta = {},
    inboxEventId?: string,
  ): Promise<T | null> {
    const update = withOutbox(
      toUpdate(decision),
      this.entries(decision.events, expectedVersion + 1, meta),
      inboxEventId,
    );
    const cond: FilterQuery<T> = { ...filter, version: expectedVersion } as FilterQuery<T>;
    if (inboxEventId) (cond as Record<string, unknown>).processed = { $ne: inboxEventId };
    const updated = (await this.model
      .findOneAndUpdate(cond, update as UpdateQuery<T>, { new: true })
      .lean()) as T | null;
    if (updated) this.onCommitted();
    return updated;
  }

  /**
   * Read, decide, write: loads the aggregate, asks the pure domain `decide` what to do, and writes it
   * conditioned on the version read, retrying when another writer got there first.
   */
  async mutate(
    filter: FilterQuery<T>,
    decide: (current: T) => Decision<T> | DomainError,
    meta: CommandMeta = {},
    attempts = 5,
  ): Promise<T> {
    for (let i = 0; i < attempts; i++) {
      const current = (await this.model.findOne(filter).lean()) as T | null;
      if (!current) throw notFound('对象不存在 (not found)');
      const decision = decide(current);
      if (decision instanceof Error) throw decision;
      const updated = await this.update(filter, current.version, decision, meta);
      if (updated) return updated;
    }
    throw conflict('对象正被他人同时修改，请重试 (concurrent modification, retry)');
  }
}

/**
 * The one translation from a domain decision to a MongoDB update: the patch becomes `$set`, the appended
 * items `$push … $each` (bounded with `$slice` where the decision says so). Domain files never write these.
 */
export function toUpdate<S>(d: Decision<S>): UpdateQuery<unknown> {
  const u: Record<string, Record<string, unknown>> = {};
  if (d.set && Object.keys(d.set).length > 0) u.$set = { ...(d.set as Record<string, unknown>) };
  const keep = (d.keepLast ?? {}) as Record<string, number | undefined>;
  for (const [field, items] of Object.entries(d.append ?? {}) as Array<[string, readonly unknown[]]>) {
    if (items.length === 0 && keep[field] === undefined) continue;
    u.$push = {
      ...(u.$push ?? {}),
      [field]: { $each: [...items], ...(keep[field] ? { $slice: -keep[field] } : {}) },
    };
  }
  return u;
}

/** Composes an update with the outbox append, the version bump and (optionally) the inbox record. */
export function withOutbox(
  update: UpdateQuery<unknown>,
  entries: OutboxEntry[],
  inboxEventId?: string,
): UpdateQuery<unknown> {
  const u = { ...(update as Record<string, Record<string, unknown>>) };
  u.$inc = { ...(u.$inc ?? {}), version: 1 };
  const push: Record<string, unknown> = { ...(u.$push ?? {}) };
  if (entries.length > 0) push.outbox = { $each: entries };
  if (inboxEventId) push.processed = { $each: [inboxEventId], $slice: -INBOX_KEEP };
  if (Object.keys(push).length > 0) u.$push = push;
  return u;
}
