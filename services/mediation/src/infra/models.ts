import { Schema, type Connection, type Model } from 'mongoose';
import { aggregateSchemaFields, type AggregateFields } from '@wage/kit';
import type { ArbitrationCaseState } from '../domain/arbitrationCase';
import type { CourtRequestState } from '../domain/courtRequest';
import type { MediationCaseState } from '../domain/mediationCase';

/** An applicant as stored: ID number and phone encrypted, with keyed hashes for look-up. */
export interface StoredApplicant {
  name: string;
  idNumberEnc: string;
  idNumberHash: string;
  phoneEnc: string;
  phoneHash: string;
}

export interface MediationCaseDoc extends MediationCaseState, AggregateFields {
  /** Empty for a case routed from intake: events carry no personal data. */
  applicant?: StoredApplicant;
  /** Key and fingerprint of the request that opened it, to refuse a reused key with another request. */
  openedBy: { subject: string; key: string; fingerprint: string };
}
export interface ArbitrationCaseDoc extends ArbitrationCaseState, AggregateFields {}
export interface CourtRequestDoc extends CourtRequestState, AggregateFields {}

export interface CaseCounterDoc {
  _id: string; // `${county}-${year}`
  seq: number;
}

const history = [{ _id: false, at: Date, agency: String, type: { type: String }, summary: String }];
const commands = { type: [{ _id: false, key: String, fingerprint: String, at: Date }], default: [] };
const employer = { name: String, uscc: String };
const payments = [{ _id: false, paidFen: Number, paidAt: Date, via: String, recordedBy: String }];

export function mediationModels(conn: Connection) {
  const mediationCase = new Schema<MediationCaseDoc>(
    {
      _id: { type: String, required: true },
      caseId: { type: String, required: true, unique: true },
      caseNo: String,
      status: { type: String, required: true, index: true },
      regionCode: { type: String, required: true, index: true },
      applicant: {
        name: String,
        idNumberEnc: String,
        idNumberHash: { type: String, index: true },
        phoneEnc: String,
        phoneHash: String,
      },
      employer,
      claimFen: Number,
      source: String,
      mediator: String,
      openedAt: { type: Date, index: true },
      dueAt: { type: Date, index: true },
      dueProvisional: Boolean,
      sessions: [{ _id: false, heldAt: Date, mediator: String, note: String }],
      agreement: {
        type: new Schema(
          {
            agreedFen: Number,
            payBy: String,
            agreedAt: Date,
            paidFen: Number,
            payments,
            unpaidPublishedAt: Date,
          },
          { _id: false },
        ),
        default: undefined,
      },
      agreedAt: Date,
      failureReason: String,
      endedAt: Date,
      arbitrationCaseId: String,
      arbitrationOpened: Boolean,
      paymentOrderId: String,
      paymentOrderOpened: Boolean,
      history,
      commands,
      openedBy: { subject: String, key: String, fingerprint: String },
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  mediationCase.index({ status: 1, dueAt: 1 }); // overdueScan: open mediations past their due date
  mediationCase.index({ regionCode: 1, status: 1, _id: 1 }); // listMediations
  const arbitrationCase = new Schema<ArbitrationCaseDoc>(
    {
      _id: { type: String, required: true },
      caseId: { type: String, required: true, index: true },
      caseNo: String,
      mediationCaseId: { type: String, required: true, unique: true },
      status: { type: String, required: true, index: true },
      regionCode: { type: String, required: true, index: true },
      employer,
      claimFen: Number,
      appliedAt: { type: Date, index: true },
      acceptanceDueAt: Date,
      acceptedAt: Date,
      decisionDueAt: Date,
      extended: Boolean,
      rejectionReason: String,
      hearings: [{ _id: false, hearingAt: Date, place: String }],
      interimOrders: [{ _id: false, id: String, amountFen: Number, reason: String, orderedAt: Date }],
      award: {
        type: new Schema(
          {
            awardFen: Number,
            final: Boolean,
            thresholdFen: Number,
            minimumWageFen: Number,
            awardedAt: Date,
            effectiveDate: String,
            payBy: String,
            paidFen: Number,
            payments,
            unpaidPublishedAt: Date,
          },
          { _id: false },
        ),
        default: undefined,
      },
      awardedAt: Date,
      enforcementId: String,
      enforcementOpened: Boolean,
      overdue: { type: [String], default: [] },
      history,
      commands,
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  arbitrationCase.index({ regionCode: 1, status: 1, _id: 1 }); // listArbitrations
  const courtRequest = new Schema<CourtRequestDoc>(
    {
      _id: { type: String, required: true },
      kind: { type: String, required: true, index: true },
      caseId: { type: String, required: true, index: true },
      caseNo: String,
      regionCode: { type: String, required: true, index: true },
      sourceId: { type: String, required: true },
      employer,
      amountFen: Number,
      status: { type: String, required: true },
      requestedAt: Date,
      decisionReason: String,
      decidedAt: Date,
      dueDate: String,
      recoveredFen: Number,
      concludedAt: Date,
      recoveryApplied: Boolean,
      history,
      commands,
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  const counter = new Schema<CaseCounterDoc>({ _id: String, seq: Number }, { versionKey: false });
  return {
    MediationCase: conn.model<MediationCaseDoc>(
      'MediationCase',
      mediationCase,
      'mediation_cases',
    ) as Model<MediationCaseDoc>,
    ArbitrationCase: conn.model<ArbitrationCaseDoc>(
      'ArbitrationCase',
      arbitrationCase,
      'arbitration_cases',
    ) as Model<ArbitrationCaseDoc>,
    CourtRequest: conn.model<CourtRequestDoc>(
      'CourtRequest',
      courtRequest,
      'court_requests',
    ) as Model<CourtRequestDoc>,
    CaseCounter: conn.model<CaseCounterDoc>('CaseCounter', counter, 'case_counters') as Model<CaseCounterDoc>,
  };
}
export type MediationModels = ReturnType<typeof mediationModels>;

/** Allocates the next number of a county and year atomically (one upsert with $inc). */
export async function nextMediationSeq(
  models: MediationModels,
  county: string,
  year: number,
): Promise<number> {
  const doc = await models.CaseCounter.findOneAndUpdate(
    { _id: `${county}-${year}` },
    { $inc: { seq: 1 } },
    { upsert: true, new: true },
  ).lean();
  return doc!.seq;
}
