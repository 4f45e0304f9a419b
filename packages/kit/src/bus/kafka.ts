import { Kafka, logLevel, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from 'pino';

// The rest of the kit names the client's types through here: this folder is the only place that imports
// kafkajs (tests/platform/kafka-client.test.ts), so a maintained client can replace it in one package.
export type { Kafka, Producer };

/** A kafkajs client whose own logs go through the service's structured logger. */
export function createKafka(clientId: string, brokers: string[], logger: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const fields = { kafka: extra };
        if (level === logLevel.ERROR) logger.error(fields, message);
        else if (level === logLevel.WARN) logger.warn(fields, message);
        else logger.debug(fields, message);
      },
  });
}

/** Idempotent producer; sends use acks -1 (all in-sync replicas) so an acknowledged event is durable. */
export function createProducer(kafka: Kafka): Producer {
  // One request in flight keeps per-partition order even across retries.
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}
