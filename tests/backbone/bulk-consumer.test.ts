// The high-volume path of the idempotent consumer: batch handlers with bulk conditional writes, on real
// Kafka and the MongoDB-protocol server.
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { Schema } from 'mongoose';
import { intake } from '@wage/proto';
import {
  applyOnceMany,
  createLogger,
  createOnceMany,
  createProducer,
  ensureTopics,
  EventConsumer,
  newId,
  toKafkaMessage,
  wrap,
} from '@wage/kit';
import { databaseUrl, eventually, testInfra, uniqueNamespace } from '@wage/testing';

jest.setTimeout(120_000);

const logger = createLogger('bulk-consumer-test', 'silent');

async function model(ns: string) {
  const infra = await testInfra();
  const conn = await mongoose.createConnection(databaseUrl(infra.mongoUrl, `${ns}-bulk`)).asPromise();
  const M = conn.model(
    'Counter',
    new Schema(
      { _id: String, key: { type: String, unique: true }, n: Number, processed: [String] },
      { versionKey: false },
    ),
  );
  await M.init();
  return { conn, M };
}

describe('bulk idempotent writes', () => {
  it('applies each event once per document, in order, even when the same batch is applied again', async () => {
    const { conn, M } = await model(uniqueNamespace('once-many'));
    try {
      await M.create([
        { _id: 'a', key: 'a', n: 0, processed: [] },
        { _id: 'b', key: 'b', n: 0, processed: [] },
      ]);
      const items = [
        { filter: { key: 'a' }, eventId: 'e1', update: { $inc: { n: 1 } } },
        { filter: { key: 'a' }, eventId: 'e2', update: { $inc: { n: 10 } } },
        { filter: { key: 'b' }, eventId: 'e3', update: { $inc: { n: 100 } } },
      ];
      const key = (i: { filter: Record<string, unknown> }) => String(i.filter.key);
      expect(await applyOnceMany(M, items, { documentKey: key })).toBe(3);
      expect(await applyOnceMany(M, items, { documentKey: key })).toBe(0); // a redelivered batch
      const docs = await M.find().sort({ _id: 1 }).lean();
      expect(docs.map((d) => d.n)).toEqual([11, 100]);
    } finally {
      await conn.close();
    }
  });

  it('creates each document once and applies a later creating event as an update, once', async () => {
    const { conn, M } = await model(uniqueNamespace('create-many'));
    try {
      const key = (i: { filter: Record<string, unknown> }) => String(i.filter.key);
      const item = (eventId: string, k: string) => ({
        doc: { _id: eventId, key: k, n: 1 },
        eventId,
        otherwise: { filter: { key: k }, eventId, update: { $inc: { n: 1 } } },
      });
      expect(await createOnceMany(M, [item('e1', 'x'), item('e2', 'y')], key)).toBe(2);
      // replay of e1 and a new event e3 for the existing key x
      expect(await createOnceMany(M, [item('e1', 'x'), item('e3', 'x')], key)).toBe(0);
      expect(await createOnceMany(M, [item('e3', 'x')], key)).toBe(0);
      const x = await M.findOne({ key: 'x' }).lean();
      expect(x!.n).toBe(2); // created by e1, incremented once by e3
      expect(await M.countDocuments()).toBe(2);
    } finally {
      await conn.close();
    }
  });
});

describe('batch handlers', () => {
  it('handles a batch in one call and still dead-letters a poison message alone', async () => {
    const infra = await testInfra();
    const ns = uniqueNamespace('batch');
    const topic = `${ns}.wage.intake.events.v1`;
    const kafka = new Kafka({ clientId: ns, brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const producer = createProducer(kafka);
    await producer.connect();
    const seen: string[] = [];
    const callSizes: number[] = [];
    const poisonCase = newId();
    const events = Array.from({ length: 20 }, (_, i) =>
      wrap(
        {
          type: 'intake.CaseRouted.v1',
          subject: `s${i}`,
          caseId: i === 7 ? poisonCase : newId(),
          payload: intake.CaseRouted.fromPartial({ caseNo: `n${i}` }),
        },
        { source: 'intake' },
      ),
    );
    await producer.send({ topic, acks: -1, messages: events.map(toKafkaMessage) });
    const consumer = new EventConsumer({
      kafka,
      groupId: `${ns}-group`,
      topics: [topic],
      producer,
      logger,
      retry: { attempts: 2, initialMs: 10 },
      handlers: {},
      batchHandlers: {
        'intake.CaseRouted.v1': async (batch) => {
          callSizes.push(batch.length);
          if (batch.some((e) => e.envelope.caseId === poisonCase)) throw new Error('cannot handle this case');
          for (const e of batch) seen.push(e.payload.caseNo);
        },
      },
    });
    await consumer.start();
    try {
      await eventually(
        async () => (seen.length === 19 && consumer.health().deadLettered === 1 ? true : undefined),
        60_000,
      );
      expect(Math.max(...callSizes)).toBeGreaterThan(1); // the batch path was used
      expect(seen.sort()).toEqual(
        events
          .filter((_, i) => i !== 7)
          .map((_, i, a) => a[i]!)
          .map((e) => intake.CaseRouted.decode(e.payload).caseNo)
          .sort(),
      );
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  });
});
