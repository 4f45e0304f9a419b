#!/usr/bin/env node
// Operator command: re-deliver dead letters to their original topic once the cause is fixed.
//   KAFKA_BROKERS=127.0.0.1:9092 wage-dlq replay wage.intake.events.v1.dlq [--group inspection]
import { createKafka, createProducer } from '../bus/kafka';
import { replayDeadLetters } from '../bus/replay';
import { createLogger } from '../logger';

async function run(argv: string[]): Promise<number> {
  const [command, topic, ...rest] = argv;
  const groupIdx = rest.indexOf('--group');
  const group = groupIdx >= 0 ? rest[groupIdx + 1] : undefined;
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (command !== 'replay' || !topic || !topic.endsWith('.dlq') || brokers.length === 0) {
    console.error('usage: KAFKA_BROKERS=host:port wage-dlq replay <topic>.dlq [--group <consumer group>]');
    return 2;
  }
  const logger = createLogger('dlq-replay');
  const kafka = createKafka('wage-dlq-replay', brokers, logger);
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    const n = await replayDeadLetters({
      kafka,
      producer,
      deadLetterTopic: topic,
      consumerGroup: group,
      logger,
    });
    console.log(`replayed ${n} message(s) from ${topic}`);
    return 0;
  } finally {
    await producer.disconnect();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`replay failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
