// Backbone benchmark: raw kafkajs produce→consume on the local broker versus the same number of events
// through the aggregate outbox relay and the idempotent consumer; event latency from command to consumer
// at 100 events/s; resident memory of an idle service. Prints figures and ratios; asserts nothing.
import { Kafka, logLevel } from 'kafkajs';
import { Schema } from 'mongoose';
import { intake } from '@wage/proto';
import {
  AggregateStore,
  aggregateSchemaFields,
  createOnceMany,
  connectMongo,
  createLogger,
  createProducer,
  ensureTopics,
  EventConsumer,
  newId,
  OutboxRelay,
  type AggregateFields,
} from '@wage/kit';
import { databaseUrl, ServiceProcess, testInfra, uniqueNamespace } from '@wage/testing';

const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const logger = createLogger('bench', 'warn');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

function samplePayload(i: number) {
  return intake.CaseRouted.fromPartial({
    caseId: newId(),
    caseNo: `652301-2026-${String(i).padStart(6, '0')}`,
    route: intake.Route.ROUTE_INSPECTION,
    reason: '工程建设项目欠薪，转劳动保障监察并通报行业主管部门',
    regionCode: '652301',
    employer: { name: '昌吉某建筑工程有限公司', uscc: '91652301MA77ABCDE1' },
    projectId: `p-${i}`,
    workerCount: 12,
    amountFen: '1200000',
  });
}

async function rawKafka(kafka: Kafka, topic: string, value: Buffer): Promise<number> {
  await ensureTopics(kafka, [{ topic }], false);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}-raw` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const m of batch.messages) resolveOffset(m.offset);
      seen += batch.messages.length;
      await heartbeat();
      if (seen >= N) done();
    },
  });
  await sleep(3_000); // group join
  const t0 = Date.now();
  for (let i = 0; i < N; i += 500) {
    const messages = Array.from({ length: Math.min(500, N - i) }, (_, j) => ({
      key: `k${(i + j) % 64}`,
      value,
    }));
    await producer.send({ topic, acks: -1, messages });
  }
  await finished;
  const ms = Date.now() - t0;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return ms;
}

interface BenchAggregate extends AggregateFields {
  _id: string;
  n: number;
}

async function main() {
  const infra = await testInfra();
  const ns = uniqueNamespace('bench');
  const kafka = new Kafka({ clientId: 'bench', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const sample = samplePayload(1);
  const value = Buffer.from(intake.CaseRouted.encode(sample).finish());

  console.log(
    `backbone benchmark: ${N} events, Kafka ${infra.kafkaBrokers.join(',')}, Mongo ${infra.mongoUrl}`,
  );
  const rawMs = await rawKafka(kafka, `${ns}.raw`, value);
  const rawRate = rate(N, rawMs);
  console.log(`raw kafkajs produce→consume:         ${rawRate} events/s (${rawMs} ms)`);

  // The backbone: commands write aggregates with their events; the relay publishes; the consumer applies once.
  const mongo = await connectMongo(databaseUrl(infra.mongoUrl, `${ns}-bench`), logger);
  const schema = new Schema<BenchAggregate>(
    { _id: String, n: Number, ...aggregateSchemaFields() },
    { versionKey: false },
  );
  const Agg = mongo.model<BenchAggregate>('BenchAggregate', schema, 'aggregates');
  const Target = mongo.model(
    'BenchTarget',
    new Schema(
      { _id: String, caseId: { type: String, unique: true }, processed: [String] },
      { versionKey: false },
    ),
    'targets',
  );
  await Promise.all([Agg.init(), Target.init()]);
  const topic = `${ns}.wage.bench.events.v1`;
  await ensureTopics(kafka, [{ topic }]);
  const store = new AggregateStore(Agg, 'bench', topic);
  const producer = createProducer(kafka);
  await producer.connect();

  const applied = new Map<string, number>();
  let appliedCount = 0;
  const consumer = new EventConsumer({
    kafka,
    groupId: `${ns}-consumer`,
    topics: [topic],
    producer,
    logger,
    handlers: {},
    // The high-volume path of the idempotent consumer: a fetched batch in one conditional bulk write.
    batchHandlers: {
      'intake.CaseRouted.v1': async (events) => {
        // Each event opens one case document (unique caseId); a repeat only records itself once.
        await createOnceMany(
          Target,
          events.map((e) => ({
            doc: { _id: e.envelope.id, caseId: e.payload.caseId },
            eventId: e.envelope.id,
            otherwise: { filter: { caseId: e.payload.caseId }, eventId: e.envelope.id, update: {} },
          })),
          (i) => String(i.filter.caseId),
        );
        const now = Date.now();
        for (const e of events) {
          if (!applied.has(e.envelope.id)) appliedCount++;
          applied.set(e.envelope.id, now - (e.envelope.occurredAt?.getTime() ?? now));
        }
      },
    },
  });
  await consumer.start();
  await sleep(3_000);

  // Throughput: N commands' events pending in their aggregates, then relay + consumer drain them.
  const docs = Array.from({ length: N }, (_, i) => {
    const id = newId();
    return {
      _id: id,
      n: i,
      version: 1,
      processed: [],
      outbox: store.entries(
        [{ type: 'intake.CaseRouted.v1', subject: id, caseId: newId(), payload: samplePayload(i) }],
        1,
        {},
      ),
    };
  });
  // Bare MongoDB on the same server: inserting these documents is the floor of what the outbox costs.
  const tm = Date.now();
  for (let i = 0; i < docs.length; i += 1000) await Agg.insertMany(docs.slice(i, i + 1000), { lean: true });
  const bareMongoRate = rate(N, Date.now() - tm);
  console.log(`bare MongoDB insertMany (same docs):  ${bareMongoRate} docs/s`);
  const relay = new OutboxRelay({
    connection: mongo,
    models: [Agg],
    producer,
    logger,
    ownerId: `${ns}-relay`,
    ...(process.env.BENCH_RELAY_SLICE ? { batchSize: Number(process.env.BENCH_RELAY_SLICE) } : {}),
  });
  const t0 = Date.now();
  relay.start();
  let relayMs = 0;
  while (appliedCount < N) {
    if (!relayMs && relay.published >= N) relayMs = Date.now() - t0;
    await sleep(20);
  }
  const backboneMs = Date.now() - t0;
  console.log(`  of which the relay published all in ${relayMs || backboneMs} ms`);
  const backboneRate = rate(N, backboneMs);
  console.log(`outbox relay + idempotent consumer:  ${backboneRate} events/s (${backboneMs} ms)`);
  console.log(`ratio backbone / raw Kafka:          ${(backboneRate / rawRate).toFixed(2)} (target ≥ 0.50)`);
  console.log(`ratio backbone / bare MongoDB:       ${(backboneRate / bareMongoRate).toFixed(2)}`);
  // What the design's outbox costs in MongoDB alone (read the pending events, then $pull each aggregate's):
  // the backbone cannot be faster than this, whatever Kafka does.
  const { readMs, publishMs, removeMs } = relay.timings;
  const mongoMs = readMs + removeMs;
  console.log(
    `  relay time: read ${Math.round(readMs)} ms, publish ${Math.round(publishMs)} ms, remove ${Math.round(removeMs)} ms`,
  );
  console.log(
    `relay's MongoDB work alone bounds the backbone at ${rate(N, mongoMs)} events/s = ${(rate(N, mongoMs) / rawRate).toFixed(2)} of raw Kafka`,
  );

  // Latency: 1,000 commands at 100/s, each a real aggregate write that nudges the relay.
  applied.clear();
  store.onCommitted = () => relay.nudge();
  const before = appliedCount;
  for (let i = 0; i < 1000; i++) {
    const started = Date.now();
    const id = newId();
    await store.create({ _id: id, n: i } as never, [
      { type: 'intake.CaseRouted.v1', subject: id, caseId: newId(), payload: samplePayload(i) },
    ]);
    await sleep(Math.max(0, 10 - (Date.now() - started)));
  }
  while (appliedCount < before + 1000) await sleep(20);
  const lat = [...applied.values()];
  console.log(
    `event latency command→consumer @100/s: p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms (target p99 < 250 ms)`,
  );
  await relay.stop();
  await consumer.stop();
  await producer.disconnect();
  await mongo.close();

  // Memory: an idle service process (intake) after start-up.
  const svc = await new ServiceProcess({ name: 'intake', infra, namespace: ns }).start();
  await sleep(5_000);
  const { readFileSync } = await import('node:fs');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${svc.pid}/status`, 'utf8'))?.[1] ?? NaN);
  console.log(`idle service resident memory:        ${Math.round(rssKb / 1024)} MB (target < 150 MB)`);
  await svc.stop();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
