import { Schema, type Connection, type Model } from 'mongoose';
import { aggregateSchemaFields, isDuplicateKey, type AggregateFields, type CommandRecord } from '@wage/kit';
import type { Channel, Route } from '../domain/clue';
import type { CaseHistoryEntry, CaseStatus } from '../domain/intakeCase';
import type { Feedback, LegalAidStatus } from '../domain/selfService';

/** A reporter as stored: ID number and phone encrypted, with keyed hashes for look-up and merging. */
export interface StoredReporter {
  name: string;
  idNumberEnc: string;
  idNumberHash: string;
  phoneEnc: string;
  phoneHash: string;
}

export interface ClueDoc extends AggregateFields {
  _id: string;
  caseId: string;
  caseNo: string;
  /** Follows the case's status (a projection kept by every case transition). */
  status: CaseStatus;
  channel: Channel;
  regionCode: string;
  receivingRegion: string;
  /** Absent for a platform early warning, which has no reporter. */
  reporter?: StoredReporter;
  /** Batch imports and early warnings: where the record came from (the id is derived from it, so unique). */
  source?: string;
  sourceId?: string;
  sourceWarningId?: string;
  /** Workers' self-service: unguessable tracking code and the keyed hash of the access code. */
  trackingCode?: string;
  accessCodeHash?: string;
  employerVanished?: boolean;
  sensitive?: boolean;
  employer: { name: string; uscc?: string };
  projectId?: string;
  workerCount: number;
  amountFen: number;
  description: string;
  occurredFrom?: string;
  occurredTo?: string;
  groupClue: boolean;
  route: Route;
  routeReason: string;
  merged: boolean;
  filingDueAt: Date;
  receivedAt: Date;
  receivedBy: string;
  /** A follow-up of a closed case (回访未到位). */
  linkedCaseId?: string;
  /** The reporter's one answer to the return visit (回访) of the closed case. */
  feedback?: Feedback;
}

/** A worker's request for legal aid (法律援助), in the county legal-aid centre's queue. Id derives from the clue. */
export interface LegalAidRequestDoc {
  _id: string;
  clueId: string;
  caseId: string;
  caseNo: string;
  regionCode: string;
  reason: string;
  status: LegalAidStatus;
  lawyerName?: string;
  requestedAt: Date;
  acceptedAt?: Date;
  acceptedBy?: string;
  employer: { name: string; uscc?: string };
  amountFen: number;
  workerCount: number;
}

/** The case aggregate (_id = cross-agency case id): every report of the same arrears, filing, routing. */
export interface IntakeCaseDoc extends AggregateFields {
  _id: string;
  caseNo: string;
  status: CaseStatus;
  regionCode: string;
  county: string;
  receivingRegion: string;
  employer: { name: string; uscc: string };
  employerKey: string;
  projectId: string;
  periodFrom: string;
  periodTo: string;
  workerCount: number;
  amountFen: number;
  groupClue: boolean;
  route: Route;
  routeReason: string;
  routeRule: string;
  industryRegulator: string;
  policeFlag: boolean;
  targetRegionCode: string;
  clueIds: string[];
  channels: string[];
  sourceWarningIds: string[];
  filingDueAt: Date;
  dueProvisional: boolean;
  receivedAt: Date;
  filedAt?: Date;
  decidedBy?: string;
  decisionReason?: string;
  overdueAt?: Date;
  closedAt?: Date;
  updatedAt: Date;
  linkedCaseId?: string;
  history: CaseHistoryEntry[];
  commands: CommandRecord[];
}

/** A short lease per county: clues that could be the same arrears are matched and written one at a time. */
export interface ArrearsLeaseDoc {
  _id: string;
  holder: string;
  until: Date;
}

/** An official holiday schedule loaded by an administrator (data, not a release). */
export interface CalendarScheduleDoc {
  _id: number; // year
  holidays: string[];
  workdays: string[];
  source: string;
  loadedAt: Date;
  loadedBy: string;
}

export interface CaseCounterDoc {
  _id: string; // `${county}-${year}`
  seq: number;
}

export function intakeModels(conn: Connection) {
  const clueSchema = new Schema<ClueDoc>(
    {
      _id: { type: String, required: true },
      caseId: { type: String, required: true, index: true },
      caseNo: { type: String, required: true },
      status: { type: String, required: true },
      channel: { type: String, required: true },
      regionCode: { type: String, required: true, index: true },
      receivingRegion: { type: String, required: true },
      source: String,
      sourceId: String,
      sourceWarningId: String,
      trackingCode: { type: String, index: true },
      accessCodeHash: String,
      employerVanished: Boolean,
      sensitive: Boolean,
      reporter: {
        name: String,
        idNumberEnc: String,
        idNumberHash: { type: String, index: true },
        phoneEnc: String,
        phoneHash: String,
      },
      employer: { name: String, uscc: String },
      projectId: String,
      workerCount: Number,
      amountFen: Number,
      description: String,
      occurredFrom: String,
      occurredTo: String,
      groupClue: Boolean,
      route: String,
      routeReason: String,
      merged: Boolean,
      filingDueAt: Date,
      receivedAt: Date,
      receivedBy: String,
      linkedCaseId: String,
      feedback: {
        type: new Schema(
          {
            paid: Boolean,
            satisfaction: Number,
            comment: String,
            at: Date,
            channel: String,
            followUpClueId: String,
          },
          { _id: false },
        ),
        default: undefined,
      },
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  clueSchema.index({ regionCode: 1, status: 1, _id: -1 }); // listClues: region scope + status, newest first
  const counterSchema = new Schema<CaseCounterDoc>({ _id: String, seq: Number }, { versionKey: false });
  const caseSchema = new Schema<IntakeCaseDoc>(
    {
      _id: { type: String, required: true },
      caseNo: { type: String, required: true },
      status: { type: String, required: true, index: true },
      regionCode: { type: String, required: true, index: true },
      county: { type: String, required: true, index: true },
      receivingRegion: String,
      employer: { name: String, uscc: String },
      employerKey: String,
      projectId: String,
      periodFrom: String,
      periodTo: String,
      workerCount: Number,
      amountFen: Number,
      groupClue: Boolean,
      route: String,
      routeReason: String,
      routeRule: String,
      industryRegulator: String,
      policeFlag: Boolean,
      targetRegionCode: String,
      clueIds: { type: [String], index: true },
      channels: [String],
      sourceWarningIds: [String],
      filingDueAt: Date,
      dueProvisional: Boolean,
      receivedAt: Date,
      filedAt: Date,
      decidedBy: String,
      decisionReason: String,
      overdueAt: Date,
      closedAt: Date,
      updatedAt: Date,
      linkedCaseId: String,
      history: {
        type: [{ _id: false, at: Date, type: { type: String }, summary: String, publicText: String }],
        default: [],
      },
      commands: { type: [{ _id: false, key: String, fingerprint: String, at: Date }], default: [] },
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  caseSchema.index({ status: 1, filingDueAt: 1 }); // publishOverdue: waiting cases past their deadline
  const leaseSchema = new Schema<ArrearsLeaseDoc>(
    { _id: String, holder: String, until: Date },
    { versionKey: false },
  );
  const scheduleSchema = new Schema<CalendarScheduleDoc>(
    { _id: Number, holidays: [String], workdays: [String], source: String, loadedAt: Date, loadedBy: String },
    { versionKey: false },
  );
  const legalAidSchema = new Schema<LegalAidRequestDoc>(
    {
      _id: { type: String, required: true },
      clueId: { type: String, required: true },
      caseId: { type: String, required: true },
      caseNo: String,
      regionCode: { type: String, required: true },
      reason: String,
      status: { type: String, required: true },
      lawyerName: String,
      requestedAt: Date,
      acceptedAt: Date,
      acceptedBy: String,
      employer: { name: String, uscc: String },
      amountFen: Number,
      workerCount: Number,
    },
    { versionKey: false },
  );
  legalAidSchema.index({ regionCode: 1, status: 1, _id: -1 }); // the centre's queue
  legalAidSchema.index({ clueId: 1 });
  return {
    LegalAidRequest: conn.model<LegalAidRequestDoc>(
      'LegalAidRequest',
      legalAidSchema,
      'legal_aid_requests',
    ) as Model<LegalAidRequestDoc>,
    IntakeCase: conn.model<IntakeCaseDoc>('IntakeCase', caseSchema, 'intake_cases') as Model<IntakeCaseDoc>,
    ArrearsLease: conn.model<ArrearsLeaseDoc>(
      'ArrearsLease',
      leaseSchema,
      'arrears_leases',
    ) as Model<ArrearsLeaseDoc>,
    CalendarSchedule: conn.model<CalendarScheduleDoc>(
      'CalendarSchedule',
      scheduleSchema,
      'calendar_schedules',
    ) as Model<CalendarScheduleDoc>,
    Clue: conn.model<ClueDoc>('Clue', clueSchema, 'clues') as Model<ClueDoc>,
    CaseCounter: conn.model<CaseCounterDoc>(
      'CaseCounter',
      counterSchema,
      'case_counters',
    ) as Model<CaseCounterDoc>,
  };
}
export type IntakeModels = ReturnType<typeof intakeModels>;

/** Allocates the next case number of a county and year atomically (one upsert with $inc). */
export async function nextCaseSeq(models: IntakeModels, county: string, year: number): Promise<number> {
  const doc = await models.CaseCounter.findOneAndUpdate(
    { _id: `${county}-${year}` },
    { $inc: { seq: 1 } },
    { upsert: true, new: true },
  ).lean();
  return doc!.seq;
}

/**
 * Holds the county's arrears lease while `work` runs (mongo-java-server has no transactions): an insert wins a
 * free lease, an expired one is taken over with a conditional update, otherwise wait and retry. The lease
 * expires by itself if its holder dies.
 */
export async function withArrearsLease<T>(
  models: IntakeModels,
  key: string,
  work: () => Promise<T>,
  leaseMs = 10_000,
): Promise<T> {
  const holder = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const giveUpAt = Date.now() + 30_000;
  for (let attempt = 0; ; attempt++) {
    const now = new Date();
    try {
      await models.ArrearsLease.collection.insertOne({
        _id: key,
        holder,
        until: new Date(now.getTime() + leaseMs),
      } as never);
      break;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const taken = await models.ArrearsLease.updateOne(
      { _id: key, until: { $lt: now } },
      { $set: { holder, until: new Date(now.getTime() + leaseMs) } },
    );
    if (taken.modifiedCount === 1) break;
    if (Date.now() > giveUpAt) throw new Error(`arrears lease ${key} not acquired`);
    await new Promise((r) => setTimeout(r, Math.min(200, 10 + attempt * 10) + Math.random() * 20));
  }
  try {
    return await work();
  } finally {
    await models.ArrearsLease.deleteOne({ _id: key, holder }).catch(() => undefined);
  }
}
