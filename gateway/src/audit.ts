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

/** How long entries are kept at least (MLPS 2.0 level 3 asks for six months of audit records). */
export const AUDIT_RETENTION_DAYS = 180;

/** One exported line: the stored entry with its place in the chain, so an outside auditor can re-check it. */
export interface ExportedEntry extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

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
      ).pre(
        [
          'deleteOne',
          'deleteMany',
          'findOneAndDelete',
          'updateOne',
          'updateMany',
          'findOneAndUpdate',
          'replaceOne',
          'findOneAndReplace',
        ],
        () => {
          // Append-only, and kept at least AUDIT_RETENTION_DAYS: nothing in the platform changes or deletes
          // an entry (no TTL index either); archiving older entries is an operator's job after `export`.
          throw new Error('the audit log is append-only');
        },
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
        if ((e as { code?: number }).code !== 11000) throw e; // another gateway took this sequence number
      }
    }
    throw new Error('audit log: could not append after 50 attempts');
  }

  /** Entries with `from <= at < to`, in chain order, for an outside audit. */
  async *export(from: Date, to: Date): AsyncGenerator<ExportedEntry> {
    for await (const e of this.model
      .find({ at: { $gte: from, $lt: to } })
      .sort({ _id: 1 })
      .lean()
      .cursor()) {
      const { _id, ...rest } = e;
      yield { seq: _id, ...rest, at: new Date(rest.at) };
    }
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
