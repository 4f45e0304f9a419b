import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventType } from '@wage/proto';
import { inSpan, SpanKind } from '../tracing';
import { deadLetterTopic } from './topics';
import { consumerMetrics } from './metrics';
import { decodeMessage, headerString, type DecodedEvent } from './envelope';

export type EventHandler<K extends EventType> = (event: DecodedEvent<K>) => Promise<void>;
export type EventHandlers = { [K in EventType]?: EventHandler<K> };
/** For high-volume streams: all events of one type in a fetched batch at once, in order. Idempotent too. */
export type BatchEventHandler<K extends EventType> = (events: Array<DecodedEvent<K>>) => Promise<void>;
export type BatchEventHandlers = { [K in EventType]?: BatchEventHandler<K> };

export interface RetryPolicy {
  attempts: number;
  initialMs: number;
  maxMs: number;
}

export interface ConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  handlers: EventHandlers;
  /**
   * Types handled a batch at a time. A fetched batch made only of such types (and types nobody handles) is
   * handed over in one call per type; if that call keeps failing, the batch is handled message by message
   * so a single poison message goes to the dead-letter topic alone.
   */
  batchHandlers?: BatchEventHandlers;
  /** Used to publish dead letters. */
  producer: Producer;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** A message in retries longer than this marks the consumer unhealthy. */
  stuckAfterMs?: number;
  partitionsConsumedConcurrently?: number;
  /** How many keys of one batch are handled at once (a key's messages always in order). */
  keysConcurrently?: number;
  /** Reliability tests: `fail-case:<caseId>` makes every event of that case fail, like a handler bug. */
  fault?: string;
}

export interface ConsumerHealth {
  groupId: string;
  running: boolean;
  healthy: boolean;
  reason?: string;
  processed: number;
  deadLettered: number;
  lastError?: string;
}

export const DLQ_HEADERS = {
  error: 'dlq-error',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  group: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Consumes integration events and hands each known type to its handler. Offsets are committed only after
 * the handler succeeded, or after the message went to the dead-letter topic once its bounded retries with
 * backoff were spent, so the messages behind a poison message keep flowing. Handlers must be idempotent
 * (see inbox.ts): Kafka delivers at least once.
 */
export class EventConsumer {
  private consumer: Consumer | undefined;
  private readonly retry: RetryPolicy;
  private state: ConsumerHealth;
  private retryingSince: number | undefined;
  private crashed: string | undefined;

  constructor(private readonly opts: ConsumerOptions) {
    this.retry = { attempts: 5, initialMs: 200, maxMs: 5_000, ...opts.retry };
    this.state = { groupId: opts.groupId, running: false, healthy: false, processed: 0, deadLettered: 0 };
  }

  async start(): Promise<void> {
    const consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      const { error, restart } = e.payload;
      this.state.lastError = error.message;
      if (!restart) this.crashed = `consumer crashed: ${error.message}`;
      this.opts.logger.error({ err: error, restart }, 'consumer crashed');
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      const { topic, partition, offsetLag } = e.payload;
      consumerMetrics.lag(this.opts.groupId, topic, partition, offsetLag);
    });
    await consumer.connect();
    for (const topic of this.opts.topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.state.running = true;
  }

  /** Stops fetching, lets the in-flight message finish and leaves the group. */
  async stop(): Promise<void> {
    this.state.running = false;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  health(): ConsumerHealth {
    const stuckAfter = this.opts.stuckAfterMs ?? 60_000;
    let reason: string | undefined;
    if (!this.state.running) reason = 'not running';
    else if (this.crashed) reason = this.crashed;
    else if (this.retryingSince !== undefined && Date.now() - this.retryingSince > stuckAfter)
      reason = `a message has been retried for over ${stuckAfter} ms`;
    return { ...this.state, healthy: reason === undefined, ...(reason ? { reason } : {}) };
  }

  /**
   * One fetched batch of a partition: messages with the same key (one case) are handled in order, different
   * keys side by side; the offset is committed once, after every message of the batch was handled or
   * dead-lettered. A batch cut short (shutdown, rebalance) is not committed and is redelivered: handlers
   * are idempotent.
   */
  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (await this.tryWholeBatch(batch.messages)) {
      this.state.processed += batch.messages.length;
      const last = batch.messages[batch.messages.length - 1];
      if (last) {
        payload.resolveOffset(last.offset); // moves the fetch position; the commit below makes it durable
        await this.consumer?.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ]);
      }
      return;
    }
    await this.handleByKey(payload);
  }

  /** The batch-handler path: true when the whole batch was handled by batch handlers. */
  private async tryWholeBatch(messages: KafkaMessage[]): Promise<boolean> {
    const batchHandlers = this.opts.batchHandlers;
    if (!batchHandlers || messages.length < 2) return false;
    const byType = new Map<string, DecodedEvent[]>();
    try {
      for (const m of messages) {
        const d = decodeMessage(m.value);
        if (d.payload === null || this.opts.handlers[d.type as EventType]) {
          if (d.payload !== null) return false; // a type with a per-event handler: keep per-key order
          continue;
        }
        if (!batchHandlers[d.type as EventType]) continue;
        byType.set(d.type, [...(byType.get(d.type) ?? []), d as DecodedEvent]);
      }
    } catch {
      return false; // a malformed message: let the per-message path dead-letter it
    }
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        for (const [type, events] of byType) {
          await (batchHandlers[type as EventType] as BatchEventHandler<EventType>)(events);
        }
        return true;
      } catch (e) {
        this.opts.logger.warn({ err: e, attempt }, 'batch handler failed');
      }
    }
    return false;
  }

  private async handleByKey({
    batch,
    heartbeat,
    isRunning,
    isStale,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    const chains = new Map<string, KafkaMessage[]>();
    for (const m of batch.messages) {
      const key = m.key?.toString('utf8') ?? '';
      const chain = chains.get(key);
      if (chain) chain.push(m);
      else chains.set(key, [m]);
    }
    const queue = [...chains.values()];
    let complete = true;
    const worker = async () => {
      for (let chain = queue.shift(); chain; chain = queue.shift()) {
        for (const message of chain) {
          if (!isRunning() || isStale()) {
            complete = false;
            return;
          }
          await this.handle(batch.topic, batch.partition, message, heartbeat);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.opts.keysConcurrently ?? 16, queue.length) }, worker),
    );
    const last = batch.messages[batch.messages.length - 1];
    if (!complete || !last) return;
    resolveOffset(last.offset);
    await this.consumer?.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
    ]);
  }

  private async handle(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        await this.dispatch(message.value, message.headers);
        lastError = undefined;
        break;
      } catch (e) {
        lastError = e as Error;
        this.retryingSince ??= Date.now();
        this.state.lastError = lastError.message;
        this.opts.logger.warn(
          { err: lastError, topic, partition, offset: message.offset, attempt },
          'handler failed',
        );
        if (attempt < this.retry.attempts) {
          await sleep(Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** (attempt - 1)));
          await heartbeat();
        }
      }
    }
    if (lastError) {
      await this.deadLetter(
        topic,
        partition,
        message.offset,
        message.key,
        message.value,
        message.headers,
        lastError,
      );
      this.state.deadLettered++;
      consumerMetrics.deadLettered(this.opts.groupId, topic);
    } else {
      this.state.processed++;
    }
    this.retryingSince = undefined;
  }

  private async dispatch(value: Buffer | null, headers: IHeaders | undefined): Promise<void> {
    const decoded = decodeMessage(value);
    const batchHandler = this.opts.batchHandlers?.[decoded.type as EventType] as
      BatchEventHandler<EventType> | undefined;
    const handler =
      (this.opts.handlers[decoded.type as EventType] as EventHandler<EventType> | undefined) ??
      (batchHandler ? (e: DecodedEvent) => batchHandler([e]) : undefined);
    if (!handler || decoded.payload === null) return; // not an event this service cares about
    const env = decoded.envelope;
    if (this.opts.fault === `fail-case:${env.caseId}`)
      throw new Error(`injected fault for case ${env.caseId}`);
    // One CONSUMER span per delivery attempt, child of the span that put the event in the outbox.
    await inSpan(
      {
        name: `${this.opts.groupId} process ${env.type}`,
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.consumer.group.name': this.opts.groupId,
          'messaging.message.id': env.id,
          'wage.event.type': env.type,
        },
      },
      () => handler(decoded as DecodedEvent),
      {
        traceparent: headerString(headers, 'traceparent'),
        work: { caseId: env.caseId || undefined, eventId: env.id },
      },
    );
  }

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    key: Buffer | null,
    value: Buffer | null,
    headers: IHeaders | undefined,
    error: Error,
  ): Promise<void> {
    this.opts.logger.error({ err: error, topic, partition, offset }, 'message sent to the dead-letter topic');
    await this.opts.producer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key,
          value,
          headers: {
            ...(headers ?? {}),
            [DLQ_HEADERS.error]: error.message.slice(0, 2_000),
            [DLQ_HEADERS.topic]: topic,
            [DLQ_HEADERS.partition]: String(partition),
            [DLQ_HEADERS.offset]: offset,
            [DLQ_HEADERS.group]: this.opts.groupId,
            [DLQ_HEADERS.attempts]: String(this.retry.attempts),
            [DLQ_HEADERS.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
  }
}
