import type { Admin, Kafka } from 'kafkajs';

/** One topic per producing service (DESIGN.md); the dead-letter topic sits beside it. */
export function eventsTopic(service: string, prefix = ''): string {
  return `${prefix}wage.${service}.events.v1`;
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export interface TopicSpec {
  topic: string;
  partitions?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates missing topics (and their dead-letter topics) and waits until every partition has a leader.
 * Several services start at once and create the same topics: a concurrent creator and a leader election
 * still in progress are expected, so both are retried until the deadline.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: TopicSpec[],
  withDeadLetters = true,
  timeoutMs = 60_000,
): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  const wanted = specs.flatMap((s) =>
    withDeadLetters ? [s, { topic: deadLetterTopic(s.topic), partitions: 1 }] : [s],
  );
  const deadline = Date.now() + timeoutMs;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((s) => !existing.has(s.topic));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((s) => ({
              topic: s.topic,
              numPartitions: s.partitions ?? 6,
              replicationFactor: -1,
            })),
          });
        }
        const { topics } = await admin.fetchTopicMetadata({ topics: wanted.map((s) => s.topic) });
        const leaderless = topics.filter(
          (t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0),
        );
        if (leaderless.length === 0) return;
        throw new Error(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`);
      } catch (e) {
        const type = (e as { type?: string }).type;
        if (Date.now() > deadline) throw e;
        // TOPIC_ALREADY_EXISTS: another service created it first; UNKNOWN_TOPIC_OR_PARTITION / no leader: election.
        if (type !== 'TOPIC_ALREADY_EXISTS') await sleep(Math.min(2_000, 100 * 2 ** attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
