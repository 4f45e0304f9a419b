import { duplicateKeyWrites, isDuplicateKey } from '@wage/kit';
import { createHmac, randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { decodeSecretKey } from '@wage/pii';

/** One line of the audit log: who did what to which case, with what result. */
export interface AuditEntry {
  at: Date;
  actor: string;
  agency: string;
  region: string;
  action: string;
  caseId?: string;
  target?: string;
  /** The outcome (`201`, `403 permission_denied`, …), or `pending` for the intent written before a command. */
  result: string;
  requestId?: string;
  /** Why the official asked (an unmasking's stated reason), as they typed it. */
  reason?: string;
}

interface StoredEntry extends AuditEntry {
  _id: number; // sequence, from 1
  /** Names the entry before it has a sequence number, so a writer can tell which of its inserts landed. */
  entryId: string;
  prevHash: string;
  hash: string;
}

/** A signed checkpoint of the chain's head, kept apart from the entries: cutting the tail leaves it behind. */
interface StoredAnchor {
  _id: number; // anchor number, from 1
  seq: number;
  hash: string;
  at: Date;
  prevMac: string;
  mac: string;
}

const GENESIS = '0'.repeat(64);

/** How long entries are kept at least (MLPS 2.0 level 3 asks for six months of audit records). */
export const AUDIT_RETENTION_DAYS = 180;

/** Entries written in one insert at most; a flood of refusals becomes a few writes, not one each. */
const BATCH = 500;

/** One exported line: the stored entry with its place in the chain, so an outside auditor can re-check it. */
export interface ExportedEntry extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export type VerifyResult =
  { ok: true; entries: number; anchors: number } | { ok: false; brokenAt: number; reason: string };

/** The audit key (AUDIT_HMAC_KEY, base64 of ≥ 32 random bytes): without it no entry can be forged or rewritten. */
export function auditKey(base64: string): Buffer {
  return decodeSecretKey(base64, 'AUDIT_HMAC_KEY');
}

/** HMAC-SHA256 over the previous hash and the entry: changing, removing or reordering one breaks the rest. */
export function entryHash(key: Buffer, prevHash: string, seq: number, e: AuditEntry): string {
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
    // Appended only when present, so entries written before reasons existed still verify.
    ...(e.reason === undefined ? [] : [e.reason]),
  ]);
  return createHmac('sha256', key).update(prevHash).update(canonical).digest('hex');
}

function anchorMac(key: Buffer, a: Omit<StoredAnchor, 'mac'>): string {
  return createHmac('sha256', key)
    .update(JSON.stringify(['anchor', a._id, a.seq, a.hash, new Date(a.at).toISOString(), a.prevMac]))
    .digest('hex');
}

// An ordered insertMany reports a taken sequence number either on the error or in its write errors.
const isDuplicate = (e: unknown): boolean => isDuplicateKey(e) || duplicateKeyWrites(e) !== null;

interface Waiting {
  entry: AuditEntry;
  entryId: string;
  resolve: (seq: number) => void;
  reject: (e: unknown) => void;
}

const APPEND_ONLY = [
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
] as const;

function appendOnly<T>(schema: Schema<T>): Schema<T> {
  return schema.pre(APPEND_ONLY as unknown as RegExp, () => {
    // Append-only, and kept at least AUDIT_RETENTION_DAYS: nothing in the platform changes or deletes an
    // entry or an anchor (no TTL index either); archiving older entries is an operator's job after `export`.
    throw new Error('the audit log is append-only');
  });
}

/**
 * Append-only audit log, chained with an HMAC only the gateway's key can produce. Sequence numbers are claimed
 * by inserting `_id = last + 1` (unique), so concurrent gateways extend one chain without a transaction.
 * Appends waiting in this process are written together (group commit), so nobody's entry waits behind a
 * queue of others one round-trip each. `anchor()` signs the head into `audit_anchors`.
 */
export class AuditLog {
  readonly model: Model<StoredEntry>;
  readonly anchors: Model<StoredAnchor>;
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    conn: Connection,
    private readonly key: Buffer,
  ) {
    this.model = conn.model<StoredEntry>(
      'AuditEntry',
      appendOnly(
        new Schema<StoredEntry>(
          {
            _id: Number,
            entryId: { type: String, index: true },
            at: Date,
            actor: String,
            agency: String,
            region: String,
            action: String,
            caseId: String,
            target: String,
            result: String,
            requestId: String,
            reason: String,
            prevHash: String,
            hash: String,
          },
          { versionKey: false },
        ),
      ),
      'audit_log',
    );
    this.anchors = conn.model<StoredAnchor>(
      'AuditAnchor',
      appendOnly(
        new Schema<StoredAnchor>(
          { _id: Number, seq: Number, hash: String, at: Date, prevMac: String, mac: String },
          { versionKey: false },
        ),
      ),
      'audit_anchors',
    );
  }

  /** Appends in order; resolves with the entry's sequence number once it is stored. */
  append(entry: AuditEntry): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, entryId: randomUUID(), resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, BATCH);
        await this.write(batch).catch((e: unknown) => batch.forEach((w) => w.reject(e)));
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    let rest = batch;
    for (let attempt = 0; attempt < 50 && rest.length > 0; attempt++) {
      const last = await this.model.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean();
      let seq = last?._id ?? 0;
      let prevHash = last?.hash ?? GENESIS;
      const docs = rest.map((w) => {
        seq++;
        const hash = entryHash(this.key, prevHash, seq, w.entry);
        const doc = { ...w.entry, _id: seq, entryId: w.entryId, prevHash, hash };
        prevHash = hash;
        return doc;
      });
      try {
        await this.model.insertMany(docs, { ordered: true });
        rest.forEach((w, i) => w.resolve(docs[i]!._id));
        return;
      } catch (e) {
        if (!isDuplicate(e)) throw e;
        // Another gateway took a sequence number: keep what landed, chain the rest after the new head.
        const landed = new Map(
          (
            await this.model.find({ entryId: { $in: rest.map((w) => w.entryId) } }, { entryId: 1 }).lean()
          ).map((d) => [d.entryId, d._id]),
        );
        rest = rest.filter((w) => {
          const s = landed.get(w.entryId);
          if (s !== undefined) w.resolve(s);
          return s === undefined;
        });
      }
    }
    if (rest.length > 0) throw new Error('audit log: could not append after 50 attempts');
  }

  /** Signs the current head into `audit_anchors` (nothing when the head is already anchored). */
  async anchor(now = new Date()): Promise<void> {
    const head = await this.model.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean();
    if (!head) return;
    const last = await this.anchors.findOne().sort({ _id: -1 }).lean();
    if (last && last.seq >= head._id) return;
    const a = {
      _id: (last?._id ?? 0) + 1,
      seq: head._id,
      hash: head.hash,
      at: now,
      prevMac: last?.mac ?? GENESIS,
    };
    try {
      await this.anchors.create({ ...a, mac: anchorMac(this.key, a) });
    } catch (e) {
      if (!isDuplicate(e)) throw e; // another gateway anchored at the same moment
    }
  }

  /** Entries with `from <= at < to`, in chain order, for an outside audit. */
  async *export(from: Date, to: Date): AsyncGenerator<ExportedEntry> {
    for await (const e of this.model
      .find({ at: { $gte: from, $lt: to } }, { entryId: 0 })
      .sort({ _id: 1 })
      .lean()
      .cursor()) {
      const { _id, ...rest } = e;
      yield { seq: _id, ...rest, at: new Date(rest.at) };
    }
  }

  /**
   * Checks the anchors (signed, numbered, chained), then walks the entries: every sequence number present,
   * every HMAC right, every anchored head where the anchor says, and no anchor beyond the last entry.
   */
  async verify(): Promise<VerifyResult> {
    const anchored = new Map<number, string>();
    let prevMac = GENESIS;
    let n = 0;
    let highest = 0;
    for await (const a of this.anchors.find().sort({ _id: 1 }).lean().cursor()) {
      n++;
      if (a._id !== n) return { ok: false, brokenAt: 0, reason: `anchor ${n} is missing` };
      if (a.prevMac !== prevMac || anchorMac(this.key, a) !== a.mac)
        return { ok: false, brokenAt: a.seq, reason: `anchor ${n} is not signed by this gateway's key` };
      anchored.set(a.seq, a.hash);
      highest = Math.max(highest, a.seq);
      prevMac = a.mac;
    }
    let prevHash = GENESIS;
    let expected = 1;
    for await (const e of this.model.find().sort({ _id: 1 }).lean().cursor()) {
      if (e._id !== expected)
        return { ok: false, brokenAt: expected, reason: `entry ${expected} is missing` };
      if (e.prevHash !== prevHash)
        return { ok: false, brokenAt: e._id, reason: 'previous hash does not match' };
      if (entryHash(this.key, prevHash, e._id, { ...e, at: new Date(e.at) }) !== e.hash)
        return {
          ok: false,
          brokenAt: e._id,
          reason: 'entry content was altered or not written with this key',
        };
      const a = anchored.get(e._id);
      if (a !== undefined && a !== e.hash)
        return { ok: false, brokenAt: e._id, reason: 'entry differs from the signed anchor' };
      prevHash = e.hash;
      expected++;
    }
    if (highest >= expected)
      return {
        ok: false,
        brokenAt: expected,
        reason: `chain cut: an anchor names entry ${highest}, the log ends at ${expected - 1}`,
      };
    return { ok: true, entries: expected - 1, anchors: n };
  }
}
