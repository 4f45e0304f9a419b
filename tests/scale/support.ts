import { hostname } from 'node:os';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import mongoose, { type Connection } from 'mongoose';
import { databaseUrl, ServiceProcess, testInfra, testPiiEnv, uniqueNamespace } from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';

/** The live members of a consumer group and the partitions of `topic` each holds ([] while rebalancing). */
export async function groupAssignment(kafka: Kafka, groupId: string, topic: string): Promise<number[][]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0]?.state !== 'Stable') return [];
    return groups[0].members.map((m) => {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      return [...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b);
    });
  } finally {
    await admin.disconnect();
  }
}

/** A POST through a gateway with an idempotency key; the JSON answer and its status. */
export async function postJson<T>(url: string, token: string, body: unknown, key: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** The owners of the unexpired outbox relay leases in one service's database (one while a relay is active). */
export async function leaseOwners(db: Connection): Promise<string[]> {
  const leases = await db
    .collection('outbox_leases')
    .find({ until: { $gt: new Date() } })
    .toArray();
  return leases.map((l) => l.owner as string);
}

/**
 * The processes of one scale test on the shared infrastructure: instances of one service share its keys, as
 * replicas of one Deployment do; `stop()` ends every one still running.
 */
export class Cluster {
  infra!: InfraEndpoints;
  ns!: string;
  kafka!: Kafka;
  private readonly pii = testPiiEnv();
  private readonly procs: ServiceProcess[] = [];

  async init(label: string): Promise<this> {
    this.infra = await testInfra();
    this.ns = uniqueNamespace(label);
    this.kafka = new Kafka({
      clientId: `${label}-test`,
      brokers: this.infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    return this;
  }

  /** A not yet started instance of `name`. */
  instance(name: string, env: Record<string, string> = {}): ServiceProcess {
    const p = new ServiceProcess({
      name,
      infra: this.infra,
      namespace: this.ns,
      env: { ...this.pii, ...env },
    });
    this.procs.push(p);
    return p;
  }

  /** The relay's lease owner name of an instance (the runtime's `ownerId`). */
  ownerOf(p: ServiceProcess): string {
    return `${hostname()}:${p.opts.name}:${p.grpcPort}`;
  }

  /** A connection to one service's database, closed by the caller. */
  db(service: string): Promise<Connection> {
    return mongoose.createConnection(databaseUrl(this.infra.mongoUrl, `${this.ns}-${service}`)).asPromise();
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop()));
  }
}
