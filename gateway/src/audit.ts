import { isDuplicateKey } from '@wage/kit';
import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';

/** One line of the audit log: who did what to which case, with what result. */
export interface AuditEntry {
  at: Date;
  actor: string;
  agency: string;
  region: string;
  action: string;
  caseId?: string;
  target?: string;
  result: string;
  requestId?: string;
}

interface StoredEntry extends AuditEntry {
  _id: number; // sequence, from 1
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

export function entryHash(prevHash: string, seq: number, e: AuditEntry): string {
  const canonical = JSON.stringify([
    seq,
    e.at.toISOString(),
    e.actor,
    e.agency,
    e.region,
    e.action,
    e.caseId ?? '',
    e.target ?? '',
    e.result,
    e.requestId ?? '',
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * Append-only, hash-chained audit log: each entry's hash covers the previous hash, so changing, removing or
 * reordering any entry breaks every hash after it. Sequence numbers are claimed by inserting `_id = last + 1`
 * (unique), so concurrent gateways extend one chain without a transaction.
 */
export class AuditLog {
  readonly model: Model<StoredEntry>;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(conn: Connection) {
    this.model = conn.model<StoredEntry>(
      'AuditEntry',
      new Schema<StoredEntry>(
        {
          _id: Number,
          at: Date,
          actor: String,
          agency: String,
          region: String,
          action: String,
          caseId: String,
          target: String,
          result: String,
          requestId: String,
          prevHash: String,
          hash: String,
        },
        { versionKey: false },
      ),
      'audit_log',
    );
  }

  /** Appends in order; appends from this process are queued so they do not race each other. */
  append(entry: AuditEntry): Promise<void> {
    const next = this.tail.then(() => this.appendNow(entry));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async appendNow(entry: AuditEntry): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const last = await this.model.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean();
      const seq = (last?._id ?? 0) + 1;
      const prevHash = last?.hash ?? GENESIS;
      try {
        await this.model.create({ ...entry, _id: seq, prevHash, hash: entryHash(prevHash, seq, entry) });
        return;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e; // another gateway took this sequence number
      }
    }
    throw new Error('audit log: could not append after 50 attempts');
  }

  /** Walks the chain; returns the first broken sequence number, or null when every entry verifies. */
  async verify(): Promise<{ ok: true; entries: number } | { ok: false; brokenAt: number; reason: string }> {
    let prevHash = GENESIS;
    let expected = 1;
    for await (const e of this.model.find().sort({ _id: 1 }).lean().cursor()) {
      if (e._id !== expected)
        return { ok: false, brokenAt: expected, reason: `entry ${expected} is missing` };
      if (e.prevHash !== prevHash)
        return { ok: false, brokenAt: e._id, reason: 'previous hash does not match' };
      const recomputed = entryHash(prevHash, e._id, { ...e, at: new Date(e.at) });
      if (recomputed !== e.hash) return { ok: false, brokenAt: e._id, reason: 'entry content was altered' };
      prevHash = e.hash;
      expected++;
    }
    return { ok: true, entries: expected - 1 };
  }
}
