import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey, type PersonalDataProtection } from '@wage/kit';
import { maskResidentId } from '@wage/pii';
import { DOCUMENT_KINDS, formatNumber, numberPrefix, type DocumentKind } from './kinds';

/** A party named in a document; an individual's ID number is stored encrypted and masked. */
export interface DocumentParty {
  /** 被责令单位, 当事人, 申请人, 收款银行 ... */
  role: string;
  name: string;
  uscc?: string;
  idNumber?: { enc: string; masked: string };
  address?: string;
}

/** What an act says, in the order a document of any kind prints it. */
export interface DocumentContent {
  /** 主送: whom the document is served on. */
  recipient: string;
  parties: DocumentParty[];
  facts: string[];
  /** What the agency orders or decides, paragraph by paragraph. */
  decision: string[];
  amountFen?: number;
  /** The articles the act rests on (法律依据). */
  legalBasis: string[];
  /** YYYY-MM-DD the addressee must act by. */
  deadline?: string;
  /** An award that is final (一裁终局) is appealed differently. */
  finalAward?: boolean;
}

export interface DocumentRecord {
  _id: string;
  kind: DocumentKind;
  number: string;
  prefix: string;
  year: number;
  seq: number;
  service: string;
  caseId: string;
  regionCode: string;
  /** The act (order, decision, award ...) the document records: one act, one document. */
  sourceId: string;
  /** A correction names the document it corrects; the old one stays as it was. */
  corrects?: string;
  issuedAt: Date;
  issuedBy: string;
  agencyName: string;
  content: DocumentContent;
}

export interface IssueRequest {
  kind: DocumentKind;
  caseId: string;
  regionCode: string;
  sourceId: string;
  issuedBy: string;
  /** e.g. 昌吉回族自治州 (the heading puts the organ after it). */
  regionName: string;
  content: DocumentContent;
  corrects?: string;
  at?: Date;
}

interface CounterDoc {
  _id: string;
  seq: number;
  /** The latest assignments, so a retry after a crash between counter and record finds its number. */
  recent: Array<{ source: string }>;
}

/** The counter updates in flight in this process, chained per counter (see `nextNumber`). */
const counterQueues = new Map<string, Promise<unknown>>();

/** Assignments kept on the counter; a retry older than this many issues already has its record. */
const RECENT = 1000;

const immutable = () => {
  throw new Error('issued documents are immutable: issue a correction that references the old one');
};

/**
 * Issues and keeps one service's documents. The number is taken only after the act itself was committed
 * (the caller's aggregate holds the act's id), never before, so a refused or failed command cannot burn a
 * number. Numbering is one atomic `$inc` on a counter addressed by `_id` (agency prefix + year) that also
 * records which act got which number: the counter update is conditioned on the act not being recorded yet,
 * so a retried issue (a repeated request, a process that died between counter and record) finds its
 * number instead of taking a second one. Numbers are therefore consecutive, never reused, and one act gets
 * exactly one, however many issue at once.
 */
export class DocumentRegistry {
  readonly documents: Model<DocumentRecord>;
  private readonly counters: Model<CounterDoc>;

  constructor(
    conn: Connection,
    readonly service: string,
    private readonly pii: () => PersonalDataProtection,
  ) {
    const counter = new Schema<CounterDoc>(
      { _id: String, seq: Number, recent: [{ _id: false, source: String }] },
      { versionKey: false, collection: 'document_counters' },
    );
    const record = new Schema<DocumentRecord>(
      {
        _id: String,
        kind: { type: String, required: true },
        number: { type: String, required: true, unique: true },
        prefix: String,
        year: Number,
        seq: Number,
        service: String,
        caseId: { type: String, required: true, index: true },
        regionCode: { type: String, required: true },
        sourceId: { type: String, required: true },
        corrects: String,
        issuedAt: Date,
        issuedBy: String,
        agencyName: String,
        content: Schema.Types.Mixed,
      },
      { versionKey: false, collection: 'documents' },
    );
    record.pre(['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace'], immutable);
    record.pre('save', function (next) {
      next(this.isNew ? undefined : new Error('issued documents are immutable'));
    });
    this.counters =
      (conn.models.DocumentCounter as Model<CounterDoc>) ?? conn.model('DocumentCounter', counter);
    this.documents = (conn.models.Document as Model<DocumentRecord>) ?? conn.model('Document', record);
  }

  /** One id per act and kind: the retry of an issue names the same document. */
  documentId(kind: DocumentKind, sourceId: string): string {
    const h = createHash('sha256').update(`${kind}:${sourceId}`).digest('hex').slice(0, 24);
    return `${this.service}-${h}`;
  }

  /** Protects an individual's ID number for a party (encrypted at rest, masked for printing). */
  idNumber(value: string): { enc: string; masked: string } {
    return { enc: this.pii().cipher.encrypt(value), masked: maskResidentId(value) };
  }

  async issue(req: IssueRequest): Promise<DocumentRecord> {
    const _id = this.documentId(req.kind, req.sourceId);
    const existing = await this.documents.findById(_id).lean<DocumentRecord>();
    if (existing) return existing;
    const at = req.at ?? new Date();
    const year = shanghaiYear(at);
    const prefix = numberPrefix(req.kind, req.regionCode, req.regionName);
    const seq = await this.nextNumber(`${prefix}:${year}`, _id);
    const record: DocumentRecord = {
      _id,
      kind: req.kind,
      number: formatNumber(prefix, year, seq),
      prefix,
      year,
      seq,
      service: this.service,
      caseId: req.caseId,
      regionCode: req.regionCode,
      sourceId: req.sourceId,
      ...(req.corrects ? { corrects: req.corrects } : {}),
      issuedAt: at,
      issuedBy: req.issuedBy,
      agencyName: `${req.regionName}${DOCUMENT_KINDS[req.kind].organ}`,
      content: req.content,
    };
    try {
      await this.documents.create(record);
      return record;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const again = await this.documents.findById(_id).lean<DocumentRecord>();
      if (again) return again;
      throw e;
    }
  }

  /**
   * The number assigned to `source` on counter `key`, taken now if it has none. One atomic update both
   * increments and records the act, so no crash can leave a number taken but unowned (a gap) or an act
   * numbered twice. Entries are pushed one per increment, so an entry's number is its distance from the end.
   */
  private nextNumber(key: string, source: string): Promise<number> {
    // One counter update at a time per counter in this process. MongoDB applies each update to one document
    // atomically, which is what keeps instances apart; the local MongoDB-protocol server does not under
    // concurrent writers (50 concurrent issues drew one number twice there), and a burst gains nothing from
    // racing on one document anyway.
    const previous = counterQueues.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.takeNumber(key, source));
    const tail = mine.catch(() => undefined);
    counterQueues.set(key, tail);
    void tail.then(() => {
      if (counterQueues.get(key) === tail) counterQueues.delete(key);
    });
    return mine;
  }

  private async takeNumber(key: string, source: string): Promise<number> {
    const numberOf = (c: CounterDoc | null): number | undefined => {
      const i = c ? c.recent.findIndex((r) => r.source === source) : -1;
      return c && i >= 0 ? c.seq - (c.recent.length - 1 - i) : undefined;
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const c = await this.counters
          .findOneAndUpdate(
            { _id: key, 'recent.source': { $ne: source } },
            { $inc: { seq: 1 }, $push: { recent: { $each: [{ source }], $slice: -RECENT } } },
            { upsert: true, new: true, lean: true },
          )
          .exec();
        const n = numberOf(c as CounterDoc | null);
        if (n !== undefined) return n;
      } catch (e) {
        // The act already has a number (the filter missed, so the upsert collided on _id), or two first
        // issues of the year raced to create the counter: read, and retry if it was the race.
        if (!isDuplicateKey(e)) throw e;
        const n = numberOf(await this.counters.findById(key).lean<CounterDoc>());
        if (n !== undefined) return n;
      }
    }
    throw new Error(`document number for ${key} not assigned after retries`);
  }

  async listForCase(caseId: string): Promise<DocumentRecord[]> {
    return this.documents.find({ caseId }).sort({ issuedAt: 1, _id: 1 }).lean<DocumentRecord[]>();
  }

  async get(id: string): Promise<DocumentRecord | null> {
    return this.documents.findById(id).lean<DocumentRecord>();
  }

  /** The ID number as printed: in full only for an authorised, audited read. */
  printedIdNumber(id: { enc: string; masked: string }, unmask: boolean): string {
    return unmask ? this.pii().cipher.decrypt(id.enc) : id.masked;
  }
}

/** The calendar year in China, which numbers follow (a document issued 31 Dec 23:30 UTC is next year's). */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}
