import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { decodeMessage, DomainError, type DecodedEvent } from '@wage/kit';
import type { EventType } from '@wage/proto';
import { eventually } from './infra';

/** The domain error a call was refused with; fails the test if the call succeeded. */
export async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

/** Everything published on a topic since the start of the suite, decoded, collected by one reader. */
export class TopicReader {
  readonly events: DecodedEvent[] = [];
  private consumer: Consumer | undefined;

  constructor(private readonly kafka: Kafka) {}

  static kafka(brokers: string[], clientId = 'test-reader'): Kafka {
    return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
  }

  async start(topic: string): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId: `reader-${Date.now()}-${Math.random()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const d = decodeMessage(message.value);
        if (d.payload !== null) this.events.push(d as DecodedEvent);
      },
    });
    return this;
  }

  of<K extends EventType>(
    type: K,
    where: (e: DecodedEvent<K>) => boolean = () => true,
  ): Array<DecodedEvent<K>> {
    return this.events
      .filter((e) => e.type === type)
      .map((e) => e as unknown as DecodedEvent<K>)
      .filter(where);
  }

  /** Waits until at least one such event arrived. */
  async waitFor<K extends EventType>(
    type: K,
    where: (e: DecodedEvent<K>) => boolean = () => true,
    timeoutMs = 30_000,
  ) {
    return eventually(async () => this.of(type, where)[0], timeoutMs);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
