import { Schema, type Connection, type Model } from 'mongoose';
import { aggregateSchemaFields, type AggregateFields, type CommandRecord } from '@wage/kit';
import type { common } from '@wage/proto';
import type { GuardMode, Line, PostingKind } from '../domain/ledger';
import type { Industry, ProjectState } from '../domain/project';
import type { RecoveryClaimState } from '../domain/emergencyFund';
import type { NoticeBoardState } from '../domain/noticeBoard';

export interface ProjectDoc extends ProjectState, AggregateFields {
  industry: Industry;
  ownerName: string;
  contractSignedDate: string;
  depositDueProvisional: boolean;
  registeredAt: Date;
  registeredBy: string;
  /** Hash of the creating request: the same idempotency key with another body is refused. */
  requestHash: string;
  /** Officials' recent commands on the project (idempotency keys with request fingerprints). */
  commands: CommandRecord[];
  /** The worker's page /s/{publicCode} (安薪码); set at registration, or at first read for older projects. */
  publicCode?: string;
  noticeBoard?: NoticeBoardState;
}

export interface RecoveryClaimDoc extends RecoveryClaimState, AggregateFields {
  advanceId: string;
  advancedAt: Date;
}

export type PostingStatus = 'pending' | 'applied' | 'rejected';

/**
 * One money movement, written once with all its lines before any account changes. `pending` until every line
 * is applied and its effects are recorded; `rejected` when its guarded line was refused (nothing applied).
 */
export interface PostingDoc {
  _id: string;
  kind: PostingKind;
  status: PostingStatus;
  lines: Line[];
  guard: GuardMode | '';
  /** The guarded line is decided and `lines` carry the final amounts. */
  resolved: boolean;
  requestedFen: number;
  /** What the posting moves: the requested amount, or for an up-to draw what the balance allowed. */
  amountFen: number;
  requestHash: string;
  idempotencyKey: string;
  createdAt: Date;
  appliedAt?: Date;
  rejectedReason?: string;
  regionCode: string;
  projectId?: string;
  caseId?: string;
  claimId?: string;
  fundAccount?: string;
  /** Kind-specific facts (deposit form and reference, named workers, employer). */
  details: Record<string, unknown>;
  /** The first answer, given again to a retry with the same key. */
  result?: Record<string, unknown>;
  /** Who asked; the events of its effects name them. */
  actor: common.Actor;
}

/** A posting's mark on an account: the amount it applied (0 and `refused` when the guard refused it). */
export interface AccountEntry {
  p: string;
  at: Date;
  amt: number;
  refused?: boolean;
}

/**
 * An account: its balance and the marks of the postings applied to it since the watermark. A line is applied
 * in one update that adds the amount and the mark, conditioned on the mark not being there yet; marks of
 * finished postings older than the watermark are compacted away, and no posting that old may apply again.
 */
export interface AccountDoc {
  _id: string;
  balanceFen: number;
  entries: AccountEntry[];
  watermark: Date;
  createdAt: Date;
}

export function financeModels(conn: Connection) {
  const requirement = {
    requiredDepositFen: Number,
    ratioBp: Number,
    baseRatioBp: Number,
    multiplierBp: Number,
    capped: Boolean,
    exempt: Boolean,
    basis: String,
    provisional: Boolean,
    provisionalReason: String,
  };
  const projectSchema = new Schema<ProjectDoc>(
    {
      _id: { type: String, required: true },
      name: String,
      regionCode: { type: String, required: true, index: true },
      industry: String,
      contractor: { uscc: { type: String, index: true }, name: String },
      ownerName: String,
      contractPriceFen: Number,
      permitDate: String,
      contractSignedDate: String,
      requirement,
      depositDueDate: String,
      depositDueProvisional: Boolean,
      depositBalanceFen: { type: Number, default: 0 },
      complianceStatus: { type: String, index: true },
      depositCompliant: Boolean,
      topUp: { type: Schema.Types.Mixed, default: null },
      dedicatedAccount: { type: Schema.Types.Mixed },
      status: { type: String, default: 'active' },
      completedOn: { type: String, default: '' },
      depositReturn: { type: Schema.Types.Mixed, default: null },
      registeredAt: Date,
      registeredBy: String,
      requestHash: String,
      commands: { type: [{ _id: false, key: String, fingerprint: String, at: Date }], default: [] },
      publicCode: { type: String, index: true },
      noticeBoard: { type: Schema.Types.Mixed },
      ...aggregateSchemaFields(),
    },
    { versionKey: false, minimize: false },
  );
  projectSchema.index({ regionCode: 1, complianceStatus: 1, _id: 1 }); // listProjects
  const claimSchema = new Schema<RecoveryClaimDoc>(
    {
      _id: { type: String, required: true },
      caseId: { type: String, required: true, index: true },
      regionCode: { type: String, required: true, index: true },
      fundAccount: String,
      fundYear: Number,
      employer: { name: String, uscc: String },
      advancedFen: Number,
      repaidFen: Number,
      status: String,
      advanceId: String,
      advancedAt: Date,
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  const postingSchema = new Schema<PostingDoc>(
    {
      _id: { type: String, required: true },
      kind: { type: String, required: true },
      status: { type: String, required: true },
      lines: [{ _id: false, account: String, amountFen: Number }],
      guard: String,
      resolved: Boolean,
      requestedFen: Number,
      amountFen: Number,
      requestHash: String,
      idempotencyKey: String,
      createdAt: { type: Date, required: true },
      appliedAt: Date,
      rejectedReason: String,
      regionCode: { type: String, index: true },
      projectId: { type: String, index: true },
      caseId: { type: String, index: true },
      claimId: String,
      fundAccount: { type: String, index: true },
      details: { type: Schema.Types.Mixed, default: {} },
      result: Schema.Types.Mixed,
      actor: { type: Schema.Types.Mixed, default: {} },
    },
    { versionKey: false, minimize: false },
  );
  postingSchema.index({ status: 1, createdAt: 1 });
  const accountSchema = new Schema<AccountDoc>(
    {
      _id: { type: String, required: true },
      balanceFen: { type: Number, required: true },
      entries: [{ _id: false, p: String, at: Date, amt: Number, refused: Boolean }],
      watermark: { type: Date, required: true },
      createdAt: Date,
    },
    { versionKey: false },
  );
  return {
    Project: conn.model<ProjectDoc>('Project', projectSchema, 'projects') as Model<ProjectDoc>,
    RecoveryClaim: conn.model<RecoveryClaimDoc>(
      'RecoveryClaim',
      claimSchema,
      'recovery_claims',
    ) as Model<RecoveryClaimDoc>,
    Posting: conn.model<PostingDoc>('Posting', postingSchema, 'ledger_postings') as Model<PostingDoc>,
    Account: conn.model<AccountDoc>('Account', accountSchema, 'ledger_accounts') as Model<AccountDoc>,
  };
}
export type FinanceModels = ReturnType<typeof financeModels>;
