// Horizontal scale on the real local Kafka and MongoDB-protocol server (issue 20): two instances of intake and
// of inspection (its consumer) behind two gateways. Partitions split between the consumer instances, the
// outbox relay lease keeps one publisher, a command through either gateway lands once, and SIGKILL of one
// instance of each lets the other take over its partitions and its relay with nothing lost or doubled.
import { hostname } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import {
  databaseUrl,
  eventually,
  ServiceProcess,
  testInfra,
  testPiiEnv,
  tokenFor,
  uniqueNamespace,
} from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';
import { clueBody } from '../support/platform';
import { groupAssignment, leaseOwners, postJson } from './support';

jest.setTimeout(420_000);

let infra: InfraEndpoints;
let ns: string;
let kafka: Kafka;
const pii = testPiiEnv(); // instances of one service share its keys, as replicas of one Deployment do
const procs: ServiceProcess[] = [];

const instance = (name: string, env: Record<string, string> = {}) => {
  const p = new ServiceProcess({ name, infra, namespace: ns, env: { ...pii, ...env } });
  procs.push(p);
  return p;
};

const post = (gateway: ServiceProcess, token: string, body: unknown, key: string) =>
  postJson<{ id: string; caseId: string }>(`${gateway.url}/api/v1/clues`, token, body, key);

const assignment = (groupId: string, topic: string) => groupAssignment(kafka, groupId, topic);

const ownerOf = (p: ServiceProcess) => `${hostname()}:${p.opts.name}:${p.grpcPort}`;

beforeAll(async () => {
  infra = await testInfra();
  ns = uniqueNamespace('scale');
  kafka = new Kafka({ clientId: 'scale-test', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
});

it('two instances of intake and inspection and two gateways: split, lease, exactly once, takeover', async () => {
  const [intakeA, intakeB] = await Promise.all([instance('intake').start(), instance('intake').start()]);
  const [inspectionA, inspectionB] = await Promise.all([
    instance('inspection').start(),
    instance('inspection').start(),
  ]);
  const gatewayTo = (intake: ServiceProcess, inspection: ServiceProcess) =>
    instance('gateway', { INTAKE_GRPC: intake.address, INSPECTION_GRPC: inspection.address }).start();
  const [gatewayA, gatewayB] = await Promise.all([
    gatewayTo(intakeA, inspectionA),
    gatewayTo(intakeB, inspectionB),
  ]);
  const intakeTopic = `${ns}.wage.intake.events.v1`;
  const group = `${ns}.inspection`;

  // The two inspection instances share the intake topic's partitions: each holds some, none holds one twice.
  const split = await eventually(async () => {
    const a = await assignment(group, intakeTopic);
    return a.length === 2 && a.every((p) => p.length > 0) ? a : undefined;
  }, 90_000);
  expect(split.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);

  // One relay lease for the intake database, held by one of the two instances.
  const intakeDb = await mongoose.createConnection(databaseUrl(infra.mongoUrl, `${ns}-intake`)).asPromise();
  const inspectionDb = await mongoose
    .createConnection(databaseUrl(infra.mongoUrl, `${ns}-inspection`))
    .asPromise();
  try {
    const first = await eventually(async () => {
      const owners = await leaseOwners(intakeDb);
      return owners.length === 1 ? owners[0] : undefined;
    }, 30_000);
    expect([ownerOf(intakeA), ownerOf(intakeB)]).toContain(first);

    // Commands through both gateways; each repeated through the other gateway with the same key lands once.
    const clerk = await tokenFor(infra.keycloakUrl, 'clerk.changji');
    const gateways = [gatewayA, gatewayB];
    const filed: Array<{ id: string; caseId: string }> = [];
    for (let i = 0; i < 20; i++) {
      const key = `${ns}-${i}`;
      const body = clueBody(5_000 + i);
      const once = await post(gateways[i % 2]!, clerk, body, key);
      const again = await post(gateways[(i + 1) % 2]!, clerk, body, key);
      expect([once.status, again.status]).toEqual([201, 201]);
      expect(again.body.id).toBe(once.body.id);
      filed.push(once.body);
    }

    // SIGKILL the relay's lease holder and one consumer instance; the survivors carry on alone.
    const [holder, survivor] = first === ownerOf(intakeA) ? [intakeA, intakeB] : [intakeB, intakeA];
    await Promise.all([holder.kill(), inspectionA.kill()]);
    const gateway = survivor === intakeA ? gatewayA : gatewayB;
    // The gateway fronting the killed inspection still files through its intake; use the survivor's.
    for (let i = 20; i < 40; i++) {
      for (let attempt = 0; ; attempt++) {
        const r = await post(gateway, clerk, clueBody(5_000 + i), `${ns}-${i}`);
        if (r.status === 201) {
          filed.push(r.body);
          break;
        }
        if (attempt > 30) throw new Error(`clue ${i}: ${r.status} ${JSON.stringify(r.body)}`);
        await new Promise((res) => setTimeout(res, 500));
      }
    }
    expect(new Set(filed.map((c) => c.id)).size).toBe(40);
    expect(await intakeDb.collection('clues').countDocuments()).toBe(40);

    // The survivor takes the lease over once the dead holder's lapses, and the dead consumer's partitions.
    await eventually(
      async () => ((await leaseOwners(intakeDb))[0] === ownerOf(survivor) ? true : undefined),
      60_000,
    );
    const takeover = await eventually(async () => {
      const a = await assignment(group, intakeTopic);
      return a.length === 1 ? a : undefined;
    }, 90_000);
    expect(takeover).toEqual([[0, 1, 2, 3, 4, 5]]);

    // Nothing lost, nothing doubled: one inspection case per filed case, opened exactly once.
    const cases = inspectionDb.collection('inspection_cases');
    const caseIds = new Set(filed.map((c) => c.caseId));
    await eventually(
      async () => ((await cases.countDocuments()) >= caseIds.size ? true : undefined),
      120_000,
    );
    await new Promise((r) => setTimeout(r, 2_000)); // a redelivered duplicate would land by now
    const docs = await cases.find({}, { projection: { caseId: 1, history: 1 } }).toArray();
    expect(new Set(docs.map((d) => d.caseId as string))).toEqual(caseIds);
    expect(docs).toHaveLength(caseIds.size);
    const openedTwice = docs.filter(
      (d) =>
        (d.history as Array<{ type: string }>).filter((h) => h.type === 'inspection.opened').length !== 1,
    );
    expect(openedTwice).toEqual([]);
    // The outbox drained: the survivor's relay published what the dead holder had not.
    expect(await intakeDb.collection('intake_cases').countDocuments({ 'outbox.id': { $exists: true } })).toBe(
      0,
    );
  } finally {
    await Promise.all([intakeDb.close(), inspectionDb.close()]);
  }
});
