import { conflict, isDuplicateKey, type Logger } from '@wage/kit';
import type { common } from '@wage/proto';
import { formatFen } from '@wage/cn';
import {
  amountToTake,
  isGuardedAccount,
  postingErrors,
  resolveUpTo,
  sumOfLines,
  type Line,
  type PostingKind,
  type PostingPlan,
} from '../domain/ledger';
import type { AccountDoc, FinanceModels, PostingDoc } from './models';

/**
 * What a posting does to the aggregates once its lines are applied (a project's compliance and events, a
 * recovery claim). Runs at least once, so it must be idempotent by the posting id; returns the answer given
 * to the caller, kept on the posting for retries.
 */
export type PostingEffect = (posting: PostingDoc) => Promise<Record<string, unknown> | undefined>;

export interface PostingMeta {
  regionCode: string;
  requestedFen: number;
  requestHash: string;
  idempotencyKey: string;
  actor: common.Actor;
  projectId?: string;
  caseId?: string;
  claimId?: string;
  fundAccount?: string;
  details?: Record<string, unknown>;
}

/** A posting that may no longer apply to an account because the account was compacted past its time. */
export class LedgerFenceError extends Error {
  constructor(postingId: string, account: string) {
    super(`posting ${postingId} is older than the watermark of ${account}: left pending for an operator`);
    this.name = 'LedgerFenceError';
  }
}

export interface LedgerVerification {
  ok: boolean;
  postings: number;
  applied: number;
  pending: number;
  rejected: number;
  accounts: number;
  unbalancedPostings: string[];
  mismatches: Array<{ account: string; balanceFen: number; sumOfLinesFen: number }>;
  negativeAccounts: string[];
  checkedAt: Date;
}

const EPOCH = new Date(0);

/**
 * The double-entry ledger on single-document atomic writes (no multi-document transactions):
 *
 * 1. A movement is first written as one posting document with all its lines, `pending`, its id derived
 *    from the idempotency key (a retry finds it instead of writing a second one).
 * 2. Each line is applied to its account in one update that adds the amount and records the posting's mark,
 *    conditioned on the mark not being there: applying a line twice is impossible, by anyone.
 * 3. A line taking money from a guarded account (deposit, fund, claim) is applied first, conditioned on the
 *    balance in the same update; if the balance does not allow it, a refusal mark is written instead (also
 *    conditioned), so every completer of the posting reaches the same verdict and nothing else is applied.
 * 4. The effects on aggregates (events through their outbox) are applied idempotently by the posting id.
 * 5. The posting turns `applied`. A crash anywhere leaves it `pending`; `recoverPending` completes it with
 *    the same steps, which skip what was done.
 *
 * Marks are compacted once their postings are finished: the account's watermark moves to a time before
 * every pending posting, and no posting older than the watermark may apply a line, so a completer holding a
 * stale view can never apply a line twice after its mark is gone.
 */
export class Ledger {
  readonly effects: Partial<Record<PostingKind, PostingEffect>> = {};
  private readonly crashChance: number;

  constructor(
    private readonly models: FinanceModels,
    private readonly logger: Logger,
    /** Reliability tests: `ledger-crash:<probability>` SIGKILLs the process between steps. */
    fault?: string,
  ) {
    const m = /^ledger-crash:([\d.]+)$/.exec(fault ?? '');
    this.crashChance = m ? Number(m[1]) : 0;
  }

  /** Writes a posting unless one with this id exists; `created` says which. */
  async record(
    id: string,
    plan: PostingPlan,
    meta: PostingMeta,
  ): Promise<{ posting: PostingDoc; created: boolean }> {
    const errors = postingErrors(plan);
    if (errors.length > 0) throw new Error(`not a valid posting (${plan.kind}): ${errors.join('; ')}`);
    const doc: PostingDoc = {
      _id: id,
      kind: plan.kind,
      status: 'pending',
      lines: plan.lines,
      guard: plan.guard ?? '',
      resolved: !plan.guard,
      requestedFen: meta.requestedFen,
      amountFen: meta.requestedFen,
      requestHash: meta.requestHash,
      idempotencyKey: meta.idempotencyKey,
      createdAt: new Date(),
      regionCode: meta.regionCode,
      ...(meta.projectId ? { projectId: meta.projectId } : {}),
      ...(meta.caseId ? { caseId: meta.caseId } : {}),
      ...(meta.claimId ? { claimId: meta.claimId } : {}),
      ...(meta.fundAccount ? { fundAccount: meta.fundAccount } : {}),
      details: meta.details ?? {},
      actor: meta.actor,
    };
    try {
      await this.models.Posting.create(doc);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      return { posting: await this.load(id), created: false };
    }
    this.crashPoint();
    return { posting: doc, created: true };
  }

  /** Brings a posting to its end state (applied or rejected), doing only what is not done yet. */
  async complete(id: string): Promise<PostingDoc> {
    let p = await this.load(id);
    if (p.status !== 'pending') return p;
    if (p.guard && !p.resolved) {
      const verdict = await this.applyGuarded(p);
      this.crashPoint();
      if ('refused' in verdict) {
        await this.models.Posting.updateOne(
          { _id: id, status: 'pending' },
          { $set: { status: 'rejected', resolved: true, rejectedReason: verdict.reason } },
        );
        return this.load(id);
      }
      const lines = p.guard === 'up_to' ? resolveUpTo(p.lines, verdict.taken) : p.lines;
      await this.models.Posting.updateOne(
        { _id: id, status: 'pending', resolved: false },
        { $set: { lines, resolved: true, amountFen: verdict.taken } },
      );
      p = await this.load(id);
      if (p.status !== 'pending') return p;
    }
    for (const line of p.guard ? p.lines.slice(1) : p.lines) {
      await this.applyLine(line, p);
      this.crashPoint();
    }
    const result = await this.effects[p.kind]?.(p);
    this.crashPoint();
    await this.models.Posting.updateOne(
      { _id: id, status: 'pending' },
      { $set: { status: 'applied', appliedAt: new Date(), ...(result ? { result } : {}) } },
    );
    return this.load(id);
  }

  /** Records and completes a posting: the one call a command makes. */
  async post(
    id: string,
    plan: PostingPlan,
    meta: PostingMeta,
  ): Promise<{ posting: PostingDoc; created: boolean }> {
    const { posting, created } = await this.record(id, plan, meta);
    return { posting: posting.status === 'pending' ? await this.complete(id) : posting, created };
  }

  async balance(account: string): Promise<number> {
    const a = await this.models.Account.findById(account, { balanceFen: 1 }).lean();
    return a?.balanceFen ?? 0;
  }

  async load(id: string): Promise<PostingDoc> {
    const p = (await this.models.Posting.findById(id).lean()) as PostingDoc | null;
    if (!p) throw new Error(`posting ${id} not found`);
    return p;
  }

  /** Completes postings left pending (a crash, a lost connection); returns how many it finished. */
  async recoverPending(olderThanMs: number): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs);
    const pending = await this.models.Posting.find(
      { status: 'pending', createdAt: { $lte: cutoff } },
      { _id: 1 },
    )
      .sort({ createdAt: 1 })
      .limit(500)
      .lean();
    let done = 0;
    for (const { _id } of pending) {
      this.logger.debug({ postingId: _id }, 'completing a pending posting');
      try {
        const p = await this.complete(_id);
        if (p.status !== 'pending') done += 1;
      } catch (e) {
        this.logger.error({ err: e, postingId: _id }, 'could not complete a pending posting');
      }
    }
    if (done > 0) this.logger.info({ completed: done }, 'pending postings completed');
    return done;
  }

  /**
   * Drops the marks of finished postings older than `graceMs` (and older than every pending posting) and
   * moves each account's watermark there. Returns how many accounts it compacted.
   */
  async compact(graceMs: number): Promise<number> {
    const oldestPending = await this.models.Posting.findOne({ status: 'pending' }, { createdAt: 1 })
      .sort({ createdAt: 1 })
      .lean();
    const limit = Math.min(
      Date.now() - Math.max(graceMs, 1_000),
      oldestPending?.createdAt.getTime() ?? Infinity,
    );
    const watermark = new Date(limit);
    const stale = await this.models.Account.find({ 'entries.at': { $lt: watermark } }, { _id: 1 }).lean();
    for (const { _id } of stale) {
      await this.models.Account.updateOne(
        { _id },
        { $pull: { entries: { at: { $lt: watermark } } }, $max: { watermark } },
      );
    }
    return stale.length;
  }

  /**
   * Checks the whole ledger: every posting sums to zero, every account's balance equals the sum of the lines
   * applied to it, no guarded account is below zero. Exact on a quiet ledger; while movements are in flight
   * an account may show a passing difference.
   */
  async verify(): Promise<LedgerVerification> {
    const expected = new Map<string, number>();
    const pendingIds = new Set<string>();
    const unbalancedPostings: string[] = [];
    let postings = 0;
    let applied = 0;
    let rejected = 0;
    for await (const p of this.models.Posting.find({}, { lines: 1, status: 1 }).lean().cursor()) {
      postings += 1;
      if (sumOfLines(p.lines) !== 0) unbalancedPostings.push(p._id);
      if (p.status === 'applied') {
        applied += 1;
        for (const l of p.lines) expected.set(l.account, (expected.get(l.account) ?? 0) + l.amountFen);
      } else if (p.status === 'pending') pendingIds.add(p._id);
      else rejected += 1;
    }
    const mismatches: LedgerVerification['mismatches'] = [];
    const negativeAccounts: string[] = [];
    let accounts = 0;
    for await (const a of this.models.Account.find().lean().cursor()) {
      accounts += 1;
      let sum = expected.get(a._id) ?? 0;
      for (const e of a.entries) if (pendingIds.has(e.p)) sum += e.amt;
      if (sum !== a.balanceFen)
        mismatches.push({ account: a._id, balanceFen: a.balanceFen, sumOfLinesFen: sum });
      if (isGuardedAccount(a._id) && a.balanceFen < 0) negativeAccounts.push(a._id);
      expected.delete(a._id);
    }
    for (const [account, sum] of expected)
      if (sum !== 0) mismatches.push({ account, balanceFen: 0, sumOfLinesFen: sum });
    return {
      ok: unbalancedPostings.length === 0 && mismatches.length === 0 && negativeAccounts.length === 0,
      postings,
      applied,
      pending: pendingIds.size,
      rejected,
      accounts,
      unbalancedPostings,
      mismatches,
      negativeAccounts,
      checkedAt: new Date(),
    };
  }

  /** The guarded first line: takes what the balance allows in one conditioned update, or marks a refusal. */
  private async applyGuarded(p: PostingDoc): Promise<{ taken: number } | { refused: true; reason: string }> {
    const account = p.lines[0]!.account;
    const mode = p.guard as 'exact' | 'up_to';
    const requested = p.requestedFen;
    for (let attempt = 0; attempt < 1_000; attempt++) {
      const a = await this.accountDoc(account);
      const mark = a.entries.find((e) => e.p === p._id);
      if (mark)
        return mark.refused ? { refused: true, reason: insufficient(requested) } : { taken: -mark.amt };
      if (a.watermark >= p.createdAt) throw new LedgerFenceError(p._id, account);
      const take = amountToTake(mode, requested, a.balanceFen);
      const fresh = { _id: account, 'entries.p': { $ne: p._id }, watermark: { $lt: p.createdAt } };
      if (take === 0) {
        const still = mode === 'up_to' ? { $lte: 0 } : { $lt: requested };
        const r = await this.models.Account.updateOne(
          { ...fresh, balanceFen: still },
          { $push: { entries: { p: p._id, at: p.createdAt, amt: 0, refused: true } } },
        );
        if (r.matchedCount > 0) return { refused: true, reason: insufficient(requested, a.balanceFen) };
        continue;
      }
      const r = await this.models.Account.updateOne(
        { ...fresh, balanceFen: { $gte: take } },
        { $inc: { balanceFen: -take }, $push: { entries: { p: p._id, at: p.createdAt, amt: -take } } },
      );
      if (r.matchedCount > 0) return { taken: take };
    }
    throw conflict('账户正被大量并发操作，请重试 (account busy, retry)');
  }

  private async applyLine(line: Line, p: PostingDoc): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const r = await this.models.Account.updateOne(
        { _id: line.account, 'entries.p': { $ne: p._id }, watermark: { $lt: p.createdAt } },
        {
          $inc: { balanceFen: line.amountFen },
          $push: { entries: { p: p._id, at: p.createdAt, amt: line.amountFen } },
        },
      );
      if (r.matchedCount > 0) return;
      const a = (await this.models.Account.findById(line.account).lean()) as AccountDoc | null;
      if (!a) {
        await this.ensureAccount(line.account);
        continue;
      }
      if (a.entries.some((e) => e.p === p._id)) return;
      if (a.watermark >= p.createdAt) throw new LedgerFenceError(p._id, line.account);
    }
    throw conflict('账户正被大量并发操作，请重试 (account busy, retry)');
  }

  private async accountDoc(account: string): Promise<AccountDoc> {
    for (;;) {
      const a = (await this.models.Account.findById(account).lean()) as AccountDoc | null;
      if (a) return a;
      await this.ensureAccount(account);
    }
  }

  private async ensureAccount(account: string): Promise<void> {
    try {
      await this.models.Account.updateOne(
        { _id: account },
        { $setOnInsert: { balanceFen: 0, entries: [], watermark: EPOCH, createdAt: new Date() } },
        { upsert: true },
      );
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // created concurrently
    }
  }

  private crashPoint(): void {
    if (this.crashChance > 0 && Math.random() < this.crashChance) process.kill(process.pid, 'SIGKILL');
  }
}

function insufficient(requestedFen: number, balanceFen?: number): string {
  return balanceFen === undefined
    ? `余额不足，无法支付 ${formatFen(requestedFen)} (insufficient balance)`
    : `余额 ${formatFen(balanceFen)} 不足以支付 ${formatFen(requestedFen)} (insufficient balance)`;
}
