import { AssignerProtocol, type Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';

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
