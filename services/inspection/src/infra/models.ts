import { Schema, type Connection, type Model } from 'mongoose';
import { aggregateSchemaFields, type AggregateFields } from '@wage/kit';
import type { InspectionCaseState } from '../domain/inspectionCase';

export interface InspectionCaseDoc extends AggregateFields, InspectionCaseState {
  closedAt?: Date;
}

export interface InspectionPlanDoc {
  _id: string;
  regionCode: string;
  seed: string;
  projectCount: number;
  inspectorCount: number;
  projectIds: string[];
  inspectors: string[];
  candidateProjects: number;
  candidateInspectors: number;
  inspections: Array<{ projectId: string; projectName: string; regionCode: string; inspectors: string[] }>;
  drawnAt: Date;
  drawnBy: string;
  fingerprint: string;
}

// Sub-documents are stored as plain objects (their shape is the domain's); mongoose only needs the paths.
const list = () => ({ type: [Schema.Types.Mixed], default: undefined }) as never;

export function inspectionModels(conn: Connection) {
  const schema = new Schema<InspectionCaseDoc>(
    {
      _id: { type: String, required: true },
      caseId: { type: String, required: true, unique: true },
      caseNo: String,
      status: { type: String, required: true, index: true },
      regionCode: { type: String, required: true, index: true },
      employer: { name: String, uscc: String },
      projectId: String,
      workerCount: Number,
      claimedArrearsFen: Number,
      industryRegulator: String,
      policeFlag: Boolean,
      openedAt: Date,
      investigationDueAt: Date,
      dueProvisional: Boolean,
      history: [{ _id: false, at: Date, type: { type: String }, summary: String }],
      assignedInspector: String,
      extended: Boolean,
      arrearsFen: Number,
      confirmedWorkerCount: Number,
      outstandingFen: Number,
      recoveredFen: Number,
      findings: list(),
      complianceChecks: list(),
      orders: list(),
      payments: list(),
      draws: list(),
      advances: list(),
      penalties: list(),
      referrals: list(),
      closure: Schema.Types.Mixed,
      lookBack: Schema.Types.Mixed,
      closedAt: Date,
      commands: list(),
      ...aggregateSchemaFields(),
    },
    { versionKey: false },
  );
  schema.index({ 'referrals.id': 1 });
  schema.index({ 'draws.status': 1 });
  schema.index({ 'advances.status': 1 });
  schema.index({ regionCode: 1, status: 1, _id: 1 }); // listCases: region scope + status, by id
  const plan = new Schema<InspectionPlanDoc>(
    {
      _id: { type: String, required: true },
      regionCode: { type: String, index: true },
      seed: String,
      projectCount: Number,
      inspectorCount: Number,
      projectIds: [String],
      inspectors: [String],
      candidateProjects: Number,
      candidateInspectors: Number,
      inspections: list(),
      drawnAt: Date,
      drawnBy: String,
      fingerprint: String,
    },
    { versionKey: false },
  );
  return {
    InspectionCase: conn.model<InspectionCaseDoc>(
      'InspectionCase',
      schema,
      'inspection_cases',
    ) as Model<InspectionCaseDoc>,
    InspectionPlan: conn.model<InspectionPlanDoc>(
      'InspectionPlan',
      plan,
      'inspection_plans',
    ) as Model<InspectionPlanDoc>,
  };
}
export type InspectionModels = ReturnType<typeof inspectionModels>;
