// Nothing is lost or done twice when a process dies or a message repeats (issue 2 acceptance),
// on the real local Kafka, MongoDB-protocol server and Keycloak.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { Envelope } from '@wage/proto';
import { DLQ_HEADERS, headerString } from '@wage/kit';
import {
  databaseUrl,
  eventually,
  repoRoot,
  ServiceProcess,
  testInfra,
  tokenFor,
  uniqueNamespace,
} from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import { clueRequest, intakeClient } from '../support/fixtures';

jest.setTimeout(300_000);

let infra: InfraEndpoints;
let kafka: Kafka;

beforeAll(async () => {
  infra = await testInfra();
  kafka = new Kafka({
    clientId: 'reliability-test',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
});

async function db(namespace: string, service: string) {
  return mongoose.createConnection(databaseUrl(infra.mongoUrl, `${namespace}-${service}`)).asPromise();
}

/** Reads a whole topic from offset 0 with a fresh group and returns every message. */
async function readTopic(topic: string, expectAtLeast: number) {
  const messages: Array<{ value: Buffer | null; headers: Record<string, unknown> }> = [];
  const consumer = kafka.consumer({ groupId: `reader-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      messages.push({ value: message.value, headers: (message.headers ?? {}) as Record<string, unknown> });
    },
  });
  await eventually(async () => (messages.length >= expectAtLeast ? true : undefined), 30_000);
  await new Promise((r) => setTimeout(r, 1_000)); // anything beyond the expected would show up too
  await consumer.disconnect();
  return messages;
}

async function pool<T>(n: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

/** Files a clue, retrying with the same idempotency key until intake answers (as a portal would). */
async function fileWithRetry(address: string, token: string, n: number, key: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await intakeClient(address).fileClue(clueRequest(n), token, key);
    } catch (e) {
      if (attempt > 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('reliability of the backbone', () => {
  it('every one of 1,000 commands takes effect exactly once although the consumer is SIGKILLed mid-stream', async () => {
    const ns = uniqueNamespace('kill-consumer');
    const intakeSvc = await new ServiceProcess({ name: 'intake', infra, namespace: ns }).start();
    const inspectionSvc = await new ServiceProcess({ name: 'inspection', infra, namespace: ns }).start();
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    let killed = false;
    const clues = await pool(1000, 16, async (i) => {
      const clue = await fileWithRetry(intakeSvc.address, clerk, 10_000 + i, `${ns}-${i}`);
      if (i === 300 && !killed) {
        killed = true;
        await inspectionSvc.kill();
        setTimeout(() => void inspectionSvc.start(), 1_500);
      }
      return clue;
    });
    expect(new Set(clues.map((c) => c.caseId)).size).toBe(1000);

    const conn = await db(ns, 'inspection');
    try {
      const cases = conn.collection('inspection_cases');
      await eventually(async () => ((await cases.countDocuments()) >= 1000 ? true : undefined), 120_000);
      await new Promise((r) => setTimeout(r, 2_000)); // let any redelivered duplicate land before counting
      const docs = await cases.find({}, { projection: { caseId: 1, history: 1 } }).toArray();
      expect(docs).toHaveLength(1000);
      expect(new Set(docs.map((d) => d.caseId))).toEqual(new Set(clues.map((c) => c.caseId)));
      const openedTwice = docs.filter(
        (d) =>
          (d.history as Array<{ type: string }>).filter((h) => h.type === 'inspection.opened').length !== 1,
      );
      expect(openedTwice).toEqual([]);
      const rerouted = docs.filter((d) =>
        (d.history as Array<{ type: string }>).some((h) => h.type !== 'inspection.opened'),
      );
      expect(rerouted).toEqual([]);
    } finally {
      await conn.close();
      await Promise.all([intakeSvc.stop(), inspectionSvc.stop()]);
    }
  });

  it('publishes an event exactly once after the producer dies between its state change and the publish', async () => {
    const ns = uniqueNamespace('kill-producer');
    const intakeSvc = new ServiceProcess({ name: 'intake', infra, namespace: ns });
    await intakeSvc.start({ WAGE_FAULT: 'crash-before-publish' });
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    // The relay kills the process as soon as it reads the new event, before sending it.
    await intakeClient(intakeSvc.address)
      .fileClue(clueRequest(1), clerk, `${ns}-1`)
      .catch(() => undefined);
    await intakeSvc.waitExit();

    const conn = await db(ns, 'intake');
    try {
      // The case aggregate was committed with its events, none of them published yet.
      const stored = await conn.collection('intake_cases').findOne({});
      expect(stored).not.toBeNull();
      const pending = (stored!.outbox as Array<{ id: string; type: string }>).map((e) => e.id);
      expect(pending.length).toBeGreaterThanOrEqual(2);
      expect((stored!.outbox as Array<{ type: string }>).map((e) => e.type)).toEqual(
        expect.arrayContaining(['intake.ClueReceived.v1', 'intake.CaseRouted.v1']),
      );

      await intakeSvc.start(); // no fault this time
      await eventually(async () => {
        const d = await conn.collection('intake_cases').findOne({ _id: stored!._id });
        return (d!.outbox as unknown[]).length === 0 ? true : undefined;
      });
      const messages = await readTopic(`${ns}.wage.intake.events.v1`, pending.length);
      const ids = messages.map((m) => Envelope.decode(m.value!).id);
      expect([...ids].sort()).toEqual([...pending].sort()); // each exactly once, nothing else
    } finally {
      await conn.close();
      await intakeSvc.stop();
    }
  });

  it('replaying the whole topic from offset 0 into a fresh consumer group changes no stored state', async () => {
    const ns = uniqueNamespace('replay');
    const intakeSvc = await new ServiceProcess({ name: 'intake', infra, namespace: ns }).start();
    const inspectionSvc = await new ServiceProcess({ name: 'inspection', infra, namespace: ns }).start();
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    await pool(50, 8, (i) =>
      intakeClient(intakeSvc.address).fileClue(clueRequest(20_000 + i), clerk, `${ns}-${i}`),
    );
    const conn = await db(ns, 'inspection');
    const cases = conn.collection('inspection_cases');
    try {
      await eventually(async () => ((await cases.countDocuments()) === 50 ? true : undefined));
      // Each opening's own event (inspection.CaseOpened) has left its outbox: the state is at rest.
      await eventually(async () =>
        (await cases.countDocuments({ 'outbox.0': { $exists: true } })) === 0 ? true : undefined,
      );
      const before = await cases.find({}).sort({ _id: 1 }).toArray();

      // A second instance on the same database reads everything again under a new group.
      const replayer = await new ServiceProcess({ name: 'inspection', infra, namespace: ns }).start({
        KAFKA_GROUP_ID: `${ns}.inspection-replay`,
      });
      try {
        await eventually(async () => {
          const admin = kafka.admin();
          await admin.connect();
          const ends = await admin.fetchTopicOffsets(`${ns}.wage.intake.events.v1`);
          const [group] = await admin.fetchOffsets({
            groupId: `${ns}.inspection-replay`,
            topics: [`${ns}.wage.intake.events.v1`],
          });
          await admin.disconnect();
          const behind = ends.some((p) => {
            const committed = group!.partitions.find((x) => x.partition === p.partition)?.offset ?? '-1';
            return BigInt(p.high) > 0n && BigInt(committed) < BigInt(p.high);
          });
          return behind ? undefined : true;
        }, 60_000);
        const after = await cases.find({}).sort({ _id: 1 }).toArray();
        expect(after).toEqual(before);
      } finally {
        await replayer.stop();
      }
    } finally {
      await conn.close();
      await Promise.all([intakeSvc.stop(), inspectionSvc.stop()]);
    }
  });

  it('sends a poison message to the dead-letter topic after its retries, keeps processing, and replays it once fixed', async () => {
    const ns = uniqueNamespace('dlq');
    const topic = `${ns}.wage.intake.events.v1`;
    const intakeSvc = await new ServiceProcess({ name: 'intake', infra, namespace: ns }).start();
    const inspectionSvc = new ServiceProcess({ name: 'inspection', infra, namespace: ns });
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    const failing = await intakeClient(intakeSvc.address).fileClue(clueRequest(1), clerk);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'garbage', value: Buffer.from('not an envelope') }] });
    await producer.disconnect();
    const healthy = await intakeClient(intakeSvc.address).fileClue(clueRequest(2), clerk);

    // A handler bug for one case (injected), and a malformed message in the stream.
    await inspectionSvc.start({ WAGE_FAULT: `fail-case:${failing.caseId}` });
    const conn = await db(ns, 'inspection');
    const cases = conn.collection('inspection_cases');
    try {
      await eventually(
        async () => ((await cases.findOne({ caseId: healthy.caseId })) ? true : undefined),
        60_000,
      );
      const dead = await readTopic(`${topic}.dlq`, 2);
      expect(dead).toHaveLength(2);
      const reasons = dead.map((m) => headerString(m.headers as never, DLQ_HEADERS.error));
      expect(reasons.some((r) => /not an event envelope|envelope/.test(r ?? ''))).toBe(true);
      expect(reasons.some((r) => r?.includes(`injected fault for case ${failing.caseId}`))).toBe(true);
      expect(dead.every((m) => headerString(m.headers as never, DLQ_HEADERS.attempts) === '5')).toBe(true);
      expect(dead.every((m) => headerString(m.headers as never, DLQ_HEADERS.topic) === topic)).toBe(true);
      expect(await cases.findOne({ caseId: failing.caseId })).toBeNull();
      // The service itself reports both dead letters and its consumers' lag to Prometheus.
      const esc = topic.replace(/\./g, '\\.');
      const deadLetters = new RegExp(`wage_dead_letters_total\\{[^}]*topic="${esc}"[^}]*\\} (\\d+)`);
      const caughtUp = new RegExp(`wage_consumer_lag\\{[^}]*topic="${esc}"[^}]*\\} 0\\b`);
      // Both are updated just after the batch that parked the letters; the scrape may come a moment before.
      const metrics = await eventually(async () => {
        const text = await (await fetch(`${inspectionSvc.url}/metrics`)).text();
        return deadLetters.exec(text)?.[1] === '2' && caughtUp.test(text) ? text : undefined;
      }, 20_000).catch(() => fetch(`${inspectionSvc.url}/metrics`).then((r) => r.text()));
      expect(deadLetters.exec(metrics)?.[1]).toBe('2');
      expect(metrics).toMatch(caughtUp);

      // The fix is deployed; the operator replays the dead letters with the command.
      await inspectionSvc.stop();
      await inspectionSvc.start();
      const code = await new Promise<number | null>((resolve) => {
        const p = spawn(
          process.execPath,
          [join(repoRoot(), 'packages/kit/dist/cli/dlq.js'), 'replay', `${topic}.dlq`],
          {
            env: { ...process.env, KAFKA_BROKERS: infra.kafkaBrokers.join(',') },
            stdio: 'ignore',
          },
        );
        p.once('exit', resolve);
      });
      expect(code).toBe(0);
      await eventually(
        async () => ((await cases.findOne({ caseId: failing.caseId })) ? true : undefined),
        60_000,
      );
      const replayedTwice = await new Promise<number | null>((resolve) => {
        const p = spawn(
          process.execPath,
          [join(repoRoot(), 'packages/kit/dist/cli/dlq.js'), 'replay', `${topic}.dlq`],
          {
            env: { ...process.env, KAFKA_BROKERS: infra.kafkaBrokers.join(',') },
            stdio: 'ignore',
          },
        );
        p.once('exit', resolve);
      });
      expect(replayedTwice).toBe(0);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await cases.countDocuments({ caseId: failing.caseId })).toBe(1);
      const opened = await cases.findOne({ caseId: failing.caseId });
      expect((opened!.history as unknown[]).length).toBe(1);
    } finally {
      await conn.close();
      await Promise.all([intakeSvc.stop(), inspectionSvc.stop()]);
    }
  });
});
