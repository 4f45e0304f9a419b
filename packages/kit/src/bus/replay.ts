import type { IHeaders, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { DLQ_HEADERS } from './consumer';
import { headerString } from './envelope';

export interface ReplayOptions {
  kafka: Kafka;
  producer: Producer;
  /** The dead-letter topic to drain, e.g. `wage.intake.events.v1.dlq`. */
  deadLetterTopic: string;
  /** Only messages dead-lettered by this consumer group (default: all). */
  consumerGroup?: string;
  logger: Logger;
  /** Give up waiting for the end of the topic after this long. */
  timeoutMs?: number;
}

/**
 * Re-delivers dead letters to their original topic, once each: the replay group commits what it has
 * re-published, so running the command twice does not re-deliver twice. Consumers are idempotent, so a
 * group that had already handled the message ignores the copy.
 */
export async function replayDeadLetters(opts: ReplayOptions): Promise<number> {
  const groupId = `${opts.deadLetterTopic}.replay`;
  // Where each partition ends now, and where the replay group stands: we stop once it reaches the end.
  const admin = opts.kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(opts.deadLetterTopic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [opts.deadLetterTopic] });
  await admin.disconnect();
  const high = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
  const position = new Map(
    ends.map((p) => {
      const c = committed?.partitions.find((x) => x.partition === p.partition)?.offset ?? '-1';
      return [p.partition, BigInt(c) >= 0n ? BigInt(c) : BigInt(p.low)];
    }),
  );
  const consumer = opts.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let replayed = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: opts.deadLetterTopic, fromBeginning: true });

  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`replay did not reach the end of ${opts.deadLetterTopic} in time`)),
      opts.timeoutMs ?? 60_000,
    );
    const check = () => {
      if ([...high].every(([p, end]) => (position.get(p) ?? 0n) >= end)) {
        clearTimeout(timer);
        resolve();
      }
    };
    check();
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const original = headerString(message.headers, DLQ_HEADERS.topic);
          const group = headerString(message.headers, DLQ_HEADERS.group);
          if (original && (!opts.consumerGroup || opts.consumerGroup === group)) {
            const headers: IHeaders = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) {
              if (!k.startsWith('dlq-') && v !== undefined) headers[k] = v;
            }
            headers['dlq-replayed-at'] = new Date().toISOString();
            await opts.producer.send({
              topic: original,
              acks: -1,
              messages: [{ key: message.key, value: message.value, headers }],
            });
            replayed++;
          }
          const next = BigInt(message.offset) + 1n;
          await consumer.commitOffsets([{ topic: opts.deadLetterTopic, partition, offset: next.toString() }]);
          position.set(partition, next);
          check();
        },
      })
      .catch(reject);
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  opts.logger.info({ deadLetterTopic: opts.deadLetterTopic, replayed }, 'dead letters replayed');
  return replayed;
}
