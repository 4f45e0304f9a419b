import { isDuplicateKey } from '../errors';
import { hostname } from 'node:os';
import type { Connection, Model, UpdateQuery } from 'mongoose';
import type { Producer } from '../bus/kafka';
import type { Logger } from 'pino';
import type { AggregateFields, OutboxEntry } from './aggregate';

export interface RelayOptions {
  connection: Connection;
  models: Array<Model<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  producer: Producer;
  logger: Logger;
  /** Stable across restarts of the same instance, so a restarted relay resumes at once. */
  ownerId?: string;
  pollMs?: number;
  leaseMs?: number;
  batchSize?: number;
  /** Reliability tests: `crash-before-publish` kills the process after reading, before sending. */
  fault?: string;
}

/**
 * Publishes the events waiting in aggregate documents, in order, then removes them. One relay instance of a
 * service is active at a time (a lease in Mongo), so events are never reordered by two publishers. A crash
 * after the send and before the removal publishes an event again on restart: consumers are idempotent.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private draining: Promise<void> | undefined;
  private again = false;
  private readonly owner: string;
  private readonly leases: Model<{ _id: string; owner: string; until: Date }>;
  published = 0;
  /** Cumulative time spent reading pending events, publishing them and removing them (ms). */
  readonly timings = { readMs: 0, publishMs: 0, removeMs: 0 };
  lastError: string | undefined;
  lastDrainAt = 0;

  constructor(private readonly opts: RelayOptions) {
    this.owner = opts.ownerId ?? `${hostname()}:${process.pid}`;
    const conn = opts.connection;
    this.leases =
      (conn.models.OutboxLease as Model<{ _id: string; owner: string; until: Date }> | undefined) ??
      conn.model<{ _id: string; owner: string; until: Date }>(
        'OutboxLease',
        new conn.base.Schema({ _id: String, owner: String, until: Date }, { versionKey: false }),
        'outbox_leases',
      );
  }

  start(): void {
    this.running = true;
    const tick = () => {
      if (!this.running) return;
      this.nudge();
      this.timer = setTimeout(tick, this.opts.pollMs ?? 500);
    };
    tick();
  }

  /** Asks for a drain now (after a command), without waiting for the next poll. */
  nudge(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
  }

  /** Stops polling and publishes what is pending (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
    await this.drainOnce().catch((e) => this.opts.logger.warn({ err: e }, 'final outbox flush failed'));
    await this.leases
      .updateOne({ owner: this.owner }, { $set: { until: new Date(0) } })
      .catch(() => undefined);
  }

  healthy(): boolean {
    return this.lastError === undefined;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.drainOnce()) > 0) {
          /* keep going while there is a backlog */
        }
        this.lastError = undefined;
      } catch (e) {
        this.lastError = (e as Error).message;
        this.opts.logger.error({ err: e }, 'outbox relay failed; will retry');
        return;
      }
    } while (this.again && this.running);
  }

  private async holdLease(): Promise<boolean> {
    const now = new Date();
    const until = new Date(now.getTime() + (this.opts.leaseMs ?? 10_000));
    try {
      const lease = await this.leases.findOneAndUpdate(
        { _id: 'relay', $or: [{ owner: this.owner }, { until: { $lt: now } }] },
        { $set: { owner: this.owner, until } },
        { upsert: true, new: true },
      );
      return lease?.owner === this.owner;
    } catch (e) {
      if (isDuplicateKey(e)) return false; // another instance holds it
      throw e;
    }
  }

  /** One pass over every aggregate collection; returns how many events it published. */
  async drainOnce(): Promise<number> {
    if (!(await this.holdLease())) return 0;
    let count = 0;
    for (const model of this.opts.models) {
      let t = performance.now();
      const docs = (await model
        .find({ 'outbox.id': { $exists: true } }, { outbox: 1 })
        .limit(this.opts.batchSize ?? 1000)
        .lean()) as unknown as Array<Pick<AggregateFields, 'outbox'> & { _id: unknown }>;
      this.timings.readMs += performance.now() - t;
      if (docs.length === 0) continue;
      if (this.opts.fault === 'crash-before-publish') process.kill(process.pid, 'SIGKILL');
      const byTopic = new Map<string, OutboxEntry[]>();
      for (const doc of docs) {
        for (const e of doc.outbox) {
          const list = byTopic.get(e.topic);
          if (list) list.push(e);
          else byTopic.set(e.topic, [e]);
        }
      }
      t = performance.now();
      await this.opts.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, entries]) => ({
          topic,
          messages: entries.map((e) => ({ key: e.key, value: toBuffer(e.value), headers: e.headers })),
        })),
      });
      this.timings.publishMs += performance.now() - t;
      if (this.opts.fault === 'crash-after-publish') process.kill(process.pid, 'SIGKILL');
      t = performance.now();
      // One update per document by _id in a single round trip (by-_id updates use the primary index on
      // every server; `_id: {$in}` does not on the local test server).
      await model.bulkWrite(
        docs.map((d) => ({
          updateOne: {
            filter: { _id: d._id },
            update: { $pull: { outbox: { id: { $in: d.outbox.map((e) => e.id) } } } } as UpdateQuery<unknown>,
          },
        })) as never,
        { ordered: false },
      );
      this.timings.removeMs += performance.now() - t;
      count += docs.reduce((n, d) => n + d.outbox.length, 0);
    }
    this.published += count;
    this.lastDrainAt = Date.now();
    return count;
  }
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  // lean() returns BSON Binary for Buffer fields
  const b = v as { buffer?: Uint8Array; value?: () => Uint8Array };
  if (b.buffer instanceof Uint8Array) return Buffer.from(b.buffer);
  throw new Error('outbox entry value is not binary');
}
