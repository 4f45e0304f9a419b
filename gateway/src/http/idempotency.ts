import { createHash } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { conflict, isDuplicateKey, ruleViolation } from '@wage/kit';

interface IdempotencyRecord {
  _id: string;
  bodyHash: string;
  state: 'pending' | 'done';
  status?: number;
  response?: unknown;
  startedAt: Date;
}

export type Outcome = { kind: 'new' } | { kind: 'replay'; status: number; response: unknown };

/** A pending record older than this belongs to a request whose gateway died; the retry takes it over. */
const TAKEOVER_MS = 60_000;

/**
 * `Idempotency-Key` for every POST that creates or moves something, stored durably in Mongo so a gateway
 * restart keeps it: the same key with the same body answers the first response again; with another body
 * it is refused (422). The key also travels to the service, which names the aggregate by it, so a retry
 * after a crash between the service's write and this record is still done once.
 */
export class IdempotencyStore {
  private readonly model: Model<IdempotencyRecord>;

  constructor(conn: Connection) {
    this.model = conn.model<IdempotencyRecord>(
      'IdempotencyRecord',
      new Schema<IdempotencyRecord>(
        {
          _id: String,
          bodyHash: String,
          state: String,
          status: Number,
          response: Schema.Types.Mixed,
          startedAt: Date,
        },
        { versionKey: false },
      ),
      'idempotency_keys',
    );
  }

  static recordId(subject: string, method: string, path: string, key: string): string {
    return createHash('sha256').update([subject, method, path, key].join('\u0000')).digest('hex');
  }

  static bodyHash(body: unknown): string {
    return createHash('sha256')
      .update(JSON.stringify(body ?? null))
      .digest('hex');
  }

  async begin(id: string, bodyHash: string): Promise<Outcome> {
    try {
      await this.model.create({ _id: id, bodyHash, state: 'pending', startedAt: new Date() });
      return { kind: 'new' };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const rec = await this.model.findById(id).lean();
    if (!rec) return this.begin(id, bodyHash);
    if (rec.bodyHash !== bodyHash) {
      throw ruleViolation(
        '同一 Idempotency-Key 已用于内容不同的请求 (the key was used with a different body)',
        [{ field: 'Idempotency-Key', message: '同一幂等键已用于不同的请求内容' }],
      );
    }
    if (rec.state === 'done') return { kind: 'replay', status: rec.status ?? 200, response: rec.response };
    if (rec.startedAt.getTime() < Date.now() - TAKEOVER_MS) {
      const taken = await this.model.findOneAndUpdate(
        { _id: id, state: 'pending', startedAt: rec.startedAt },
        { $set: { startedAt: new Date() } },
      );
      if (taken) return { kind: 'new' };
    }
    throw conflict('相同请求正在处理中，请稍后重试 (the same request is in progress)');
  }

  async finish(id: string, status: number, response: unknown): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { state: 'done', status, response } });
  }

  /** The request failed in a way a retry may fix (upstream down): forget it so the retry runs. */
  async abandon(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id, state: 'pending' });
  }
}
